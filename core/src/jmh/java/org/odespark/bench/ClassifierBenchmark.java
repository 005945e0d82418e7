package org.odespark.bench;

import java.util.concurrent.TimeUnit;
import org.odespark.adjoint.GradientMethod;
import org.odespark.classify.ResNetSpec;
import org.odespark.nn.Mlp;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
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
 * Time and allocation of one minibatch gradient (128 rows of Fashion-MNIST shape) for the ODE-Net with the
 * adjoint and with backprop, and for the 6-block ResNet, at the initial θ with the field's weights scaled by 3
 * (the NFE of each is printed by {@link AdjointMemoryFigures}' T = 1 rows for the ODE-Net). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the steady-state allocation per gradient.
 *
 * <p>Run: {@code java -jar core/target/benchmarks.jar ClassifierBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ClassifierBenchmark {

  @State(Scope.Thread)
  public static class Gradient {
    @Param({"odenet-adjoint", "odenet-backprop", "resnet"})
    public String model;

    Objective objective;
    double[] theta;
    Batch batch;
    GradientAggregator sums;

    @Setup(Level.Trial)
    public void setUp() {
      batch = AdjointMemoryFigures.randomBatch();
      switch (model) {
        case "odenet-adjoint", "odenet-backprop" -> {
          var o = AdjointMemoryFigures.spec(model.endsWith("adjoint") ? GradientMethod.ADJOINT
              : GradientMethod.BACKPROP, 1, 1e-5).create();
          objective = o;
          theta = AdjointMemoryFigures.theta(o);
        }
        case "resnet" -> {
          objective = ResNetSpec.defaults(784, 10).withWidth(64).withBlockHidden(64)
              .withLayerType(Mlp.LayerType.CONCAT).create();
          theta = new double[objective.parameterCount()];
          objective.initialize(theta, 1);
        }
        default -> throw new IllegalArgumentException(model);
      }
      sums = new GradientAggregator(objective.parameterCount());
    }
  }

  @Benchmark
  public GradientAggregator gradient(Gradient g) {
    g.sums.reset();
    g.objective.accumulate(g.theta, g.batch, 0, g.sums);
    return g.sums;
  }
}
