package org.odespark.bench;

import java.util.concurrent.TimeUnit;
import org.odespark.adjoint.SolverSpec;
import org.odespark.latent.LatentOdeSpec;
import org.odespark.latent.SeriesObjective;
import org.odespark.latent.Spirals;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
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
 * Training throughput of the time-series models on one thread: one minibatch gradient (encoder, latent solve
 * on the union of the batch's times, decoder, ELBO, adjoint backward pass — what each Spark task runs per
 * iteration) of {@value #SERIES} spirals with all 100 window times observed (Chen et al. 2018 §5.1: latent
 * dimension 4, GRU of 25, dynamics [20, 20] ELU, decoder [20], dopri5 at 1e-4) at the initial θ. Series per
 * second per core = {@value #SERIES} / (seconds per op).
 *
 * <p>Run: {@code java -jar core/target/benchmarks.jar LatentOdeBenchmark -prof gc} (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class LatentOdeBenchmark {

  static final int SERIES = 100;

  @Param({"latent-ode", "rnn"})
  public String kind;

  @Param({"adjoint", "backprop"})
  public String gradient;

  private SeriesObjective model;
  private double[] theta;
  private Batch batch;
  private GradientAggregator sums;
  private long seed;

  @Setup(Level.Trial)
  public void setUp() {
    Spirals spirals = new Spirals(100, 100, 0, 0.1);
    batch = spirals.generate(1, 0, SERIES, false);
    model = LatentOdeSpec.builder(spirals.layout().maxLength(), 2).kind(LatentOdeSpec.Kind.named(kind))
        .gradient(org.odespark.adjoint.GradientMethod.named(gradient))
        .solver(SolverSpec.adaptive("dopri5", 1e-4, 1e-4)).build().create();
    theta = new double[model.parameterCount()];
    model.initialize(theta, 7);
    sums = new GradientAggregator(theta.length);
  }

  /** One minibatch gradient: loss, ∂loss/∂θ and the solves' evaluations into the aggregator. */
  @Benchmark
  public GradientAggregator gradient() {
    sums.reset();
    model.accumulate(theta, batch, seed++, sums);
    return sums;
  }
}
