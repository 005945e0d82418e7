package org.odespark.nn;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.odespark.linalg.Blas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels of one forward evaluation of FFJORD's toy field with the exact trace (ConcatSquash 2 → 64 → 64 →
 * 64 → 2, tanh, two tangents stacked under the primal rows: 3 × rows rows per product), one at a time, at
 * training's batch (100 rows) and at evaluate's block (256): the 2-wide first layer's product (narrow k), a
 * 64-wide hidden product (BLAS), the 2-wide last layer's (narrow n), the deterministic vector tanh with σ′ and
 * σ″ over the primal rows, and the tangents' σ′ ⊙ ḣ and σ″ ⊙ ḣ. One evaluation is one first-layer product, two
 * hidden ones, one last-layer one, and three tanh and tangent passes. Microseconds per call. In package nn for
 * the package-private tanh and tangent kernels.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/benchmarks.jar org.openjdk.jmh.Main KernelBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class KernelBenchmark {
  private static final int H = 64;

  @Param({"100", "256"})
  public int rows;

  private int stacked;
  private double[] x;
  private double[] wIn;
  private double[] u;
  private double[] w;
  private double[] wOut;
  private double[] h;
  private double[] out;
  private double[] bias;
  private double[] d1;
  private double[] d2;

  @Setup(Level.Trial)
  public void setUp() {
    stacked = 3 * rows;
    SplittableRandom r = new SplittableRandom(1);
    x = gaussian(r, stacked * 2, 1);
    wIn = gaussian(r, 2 * H, 0.5);
    u = gaussian(r, stacked * H, 0.5);
    w = gaussian(r, H * H, 0.2);
    wOut = gaussian(r, H * 2, 0.2);
    h = gaussian(r, stacked * H, 2);
    out = new double[stacked * H];
    bias = gaussian(r, H, 0.5);
    d1 = new double[rows * H];
    d2 = new double[rows * H];
  }

  private static double[] gaussian(SplittableRandom r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian() * scale;
    }
    return v;
  }

  @Benchmark
  public double[] narrowFirstLayer() {
    Blas.gemm(false, false, stacked, H, 2, 1.0, x, 0, 2, wIn, 0, H, 0.0, out, 0, H);
    return out;
  }

  @Benchmark
  public double[] hiddenLayer() {
    Blas.gemm(false, true, stacked, H, H, 1.0, u, 0, H, w, 0, H, 0.0, out, 0, H);
    return out;
  }

  @Benchmark
  public double[] narrowLastLayer() {
    Blas.gemm(false, true, stacked, 2, H, 1.0, u, 0, H, wOut, 0, H, 0.0, out, 0, 2);
    return out;
  }

  @Benchmark
  public double[] tanhWithDerivatives() {
    Activation.TANH.applyRows(h, bias, H, rows, out, d1, d2);
    return out;
  }

  /** Restores ḣ's blocks from u first (σ″ ⊙ ḣ overwrites them), a copy the forward pass does not make. */
  @Benchmark
  public double[] tangents() {
    int block = rows * H;
    for (int k = 1; k <= 2; k++) {
      System.arraycopy(u, k * block, h, k * block, block);
      if (VectorMath.AVAILABLE) {
        VectorMath.tangentRows(h, out, d1, d2, k * block, block);
      } else {
        Mlp.tangentRows(h, out, d1, d2, k * block, block);
      }
    }
    return out;
  }
}
