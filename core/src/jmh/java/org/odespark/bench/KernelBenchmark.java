package org.odespark.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.odespark.linalg.Blas;
import org.odespark.nn.Activation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels of one FFJORD toy evaluation at its sizes (batch 100, three stacked passes: 300 rows, width 64,
 * data dimension 2), one at a time: the deterministic vector tanh over 6400 entries, the 64-wide GEMMs of a
 * hidden layer forward, its input VJP and its weight VJP, and the narrow products of the 2-wide first and last
 * layers. Microseconds per call, for comparing a kernel against its FLOP count at the DGEMM peak.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar core/target/benchmarks.jar KernelBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class KernelBenchmark {
  private double[] h = new double[6400];
  private double[] out = new double[6400];
  private double[] x = new double[300 * 64];
  private double[] w = new double[64 * 64];
  private double[] c = new double[300 * 64];
  private double[] cw = new double[64 * 64];

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < h.length; i++) {
      h[i] = r.nextGaussian() * 2;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
      c[i] = r.nextGaussian();
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextGaussian();
    }
  }

  @Benchmark
  public double[] tanh6400() {
    Activation.TANH.apply(h, out, null, null, 6400);
    return out;
  }

  @Benchmark
  public double[] gemmForward300x64x64() {
    Blas.gemm(false, true, 300, 64, 64, 1.0, x, 0, 64, w, 0, 64, 0.0, c, 0, 64);
    return c;
  }

  @Benchmark
  public double[] gemmInputBar300x64x64() {
    Blas.gemm(false, false, 300, 64, 64, 1.0, x, 0, 64, w, 0, 64, 0.0, c, 0, 64);
    return c;
  }

  @Benchmark
  public double[] gemmWeightBar64x64x300() {
    Blas.gemm(true, false, 64, 64, 300, 1.0, c, 0, 64, x, 0, 64, 1.0, cw, 0, 64);
    return cw;
  }

  @Benchmark
  public double[] gemmNarrowIn300x64x2() {
    Blas.gemm(false, true, 300, 64, 2, 1.0, x, 0, 2, w, 0, 2, 0.0, c, 0, 64);
    return c;
  }

  @Benchmark
  public double[] gemmNarrowOut300x2x64() {
    Blas.gemm(false, true, 300, 2, 64, 1.0, x, 0, 64, w, 0, 64, 0.0, c, 0, 2);
    return c;
  }
}
