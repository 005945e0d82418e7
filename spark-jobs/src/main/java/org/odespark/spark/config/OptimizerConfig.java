package org.odespark.spark.config;

import java.io.Serializable;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.AdamW;
import org.odespark.optim.LearningRateSchedule;
import org.odespark.optim.Optimizer;
import org.odespark.optim.Sgd;
import org.odespark.optim.SgdOptions;

/**
 * {@code optimizer.*}: which optimizer, its hyper-parameters and the learning-rate schedule. Immutable.
 */
public record OptimizerConfig(String type, double learningRate, double beta1, double beta2, double epsilon,
                              double weightDecay, double momentum, boolean nesterov, String schedule,
                              double gamma, long stepSize, double minFactor, long warmupIterations,
                              double warmupStartFactor) implements Serializable {

  /**
   * The schedule: constant, step decay or cosine annealing over the iterations after the warmup, preceded by
   * a linear warmup when {@code warmupIterations} &gt; 0.
   *
   * @param iterations the run's total iterations (the cosine period is what remains after the warmup)
   */
  public LearningRateSchedule schedule(long iterations) {
    LearningRateSchedule s = switch (schedule) {
      case "constant" -> LearningRateSchedule.constant();
      case "step" -> LearningRateSchedule.stepDecay(gamma, stepSize);
      case "cosine" -> LearningRateSchedule.cosine(Math.max(1, iterations - warmupIterations), minFactor);
      default -> throw new IllegalArgumentException("unknown schedule " + schedule);
    };
    return warmupIterations > 0 ? s.withWarmup(warmupStartFactor, warmupIterations) : s;
  }

  /** A new optimizer over {@code dimension} parameters for a run of {@code iterations} steps. */
  public Optimizer create(int dimension, long iterations) {
    LearningRateSchedule s = schedule(iterations);
    return switch (type) {
      case "sgd" -> new Sgd(dimension, nesterov ? SgdOptions.defaults().withLearningRate(learningRate)
          .withNesterovMomentum(momentum).withWeightDecay(weightDecay).withSchedule(s)
          : SgdOptions.defaults().withLearningRate(learningRate).withMomentum(momentum).withWeightDecay(weightDecay)
          .withSchedule(s));
      case "adam" -> new Adam(dimension, adamOptions(s));
      case "adamw" -> new AdamW(dimension, adamOptions(s));
      default -> throw new IllegalArgumentException("unknown optimizer " + type);
    };
  }

  private AdamOptions adamOptions(LearningRateSchedule s) {
    return new AdamOptions(learningRate, beta1, beta2, epsilon, weightDecay, s);
  }
}
