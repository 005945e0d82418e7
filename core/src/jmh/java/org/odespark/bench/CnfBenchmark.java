package org.odespark.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.odespark.flow.CnfField;
import org.odespark.flow.TraceEstimator;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.random.SeedSequence;
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
 * FFJORD's complexity claim, measured: one function evaluation of the CNF dynamics (f, the divergence) and
 * one evaluation of its vector-Jacobian product (what the adjoint calls per backward stage), for a batch of
 * 100 and a ConcatSquash MLP with hidden widths 64-64-64 (tanh), as the data dimension D grows. The exact
 * trace needs D Jacobian-vector products (cost ~ D²H); Hutchinson's estimator one (cost ~ DH).
 *
 * <p>Run: {@code java -jar core/target/benchmarks.jar CnfBenchmark} (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class CnfBenchmark {

  @Param({"2", "8", "32", "128", "784"})
  public int dim;

  @Param({"exact", "hutchinson-rademacher"})
  public String trace;

  private static final int ROWS = 100;

  private CnfField field;
  private double[] state;
  private double[] derivative;
  private double[] cotangent;
  private double[] stateBar;
  private double[] thetaBar;

  @Setup(Level.Trial)
  public void setUp() {
    ParameterLayout.Builder layout = new ParameterLayout.Builder();
    Mlp mlp = new Mlp(dim, new int[] {64, 64, 64}, dim, Mlp.LayerType.CONCAT_SQUASH, Activation.TANH, layout, "f");
    double[] theta = new double[layout.size()];
    mlp.initialize(theta, new SplittableRandom(1));
    field = new CnfField(mlp, theta, ROWS, TraceEstimator.named(trace), false, false);
    field.drawProbe(SeedSequence.of(1).random("probe"));
    SplittableRandom r = new SplittableRandom(2);
    state = new double[field.dimension()];
    cotangent = new double[field.dimension()];
    for (int i = 0; i < state.length; i++) {
      state[i] = r.nextDouble(-1, 1);
      cotangent[i] = r.nextDouble(-1, 1);
    }
    derivative = new double[field.dimension()];
    stateBar = new double[field.dimension()];
    thetaBar = new double[theta.length];
  }

  /** One evaluation of [f, −div f] (a forward-solve stage). */
  @Benchmark
  public double[] evaluate() {
    field.evaluate(0.3, state, derivative);
    return derivative;
  }

  /** One vector-Jacobian product of [f, −div f] (an adjoint backward stage). */
  @Benchmark
  public double[] vjp() {
    field.vjp(0.3, state, cotangent, derivative, stateBar, thetaBar);
    return stateBar;
  }
}
