package org.odespark.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.odespark.check.Checks;

/**
 * Hyper-parameters of {@link Sgd}. Immutable; {@link #defaults()} gives η = 1e-2, μ = 0, no Nesterov,
 * no weight decay, constant schedule.
 *
 * @param learningRate base rate η ≥ 0, finite (the schedule scales it per iteration)
 * @param momentum μ ∈ [0, 1); 0 is plain gradient descent and keeps no velocity
 * @param nesterov Nesterov momentum; requires μ &gt; 0
 * @param weightDecay coupled L2 coefficient λ ≥ 0, finite: g' = g + λθ
 * @param schedule the learning-rate schedule, not null
 */
public record SgdOptions(double learningRate, double momentum, boolean nesterov, double weightDecay,
                         LearningRateSchedule schedule) {

  static final String LEARNING_RATE = "learningRate";
  static final String MOMENTUM = "momentum";
  static final String NESTEROV = "nesterov";
  static final String WEIGHT_DECAY = "weightDecay";

  public SgdOptions {
    Checks.nonNegativeFinite("learningRate", learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("nesterov requires momentum > 0, got momentum " + momentum);
    }
    Checks.nonNegativeFinite("weightDecay", weightDecay);
    Objects.requireNonNull(schedule, "schedule");
  }

  /** η = 1e-2, μ = 0, Nesterov off, λ = 0, constant schedule. */
  public static SgdOptions defaults() {
    return new SgdOptions(1e-2, 0, false, 0, LearningRateSchedule.constant());
  }

  public SgdOptions withLearningRate(double lr) {
    return new SgdOptions(lr, momentum, nesterov, weightDecay, schedule);
  }

  /** Heavy-ball momentum μ, Nesterov off. */
  public SgdOptions withMomentum(double mu) {
    return new SgdOptions(learningRate, mu, false, weightDecay, schedule);
  }

  /** Nesterov momentum μ &gt; 0. */
  public SgdOptions withNesterovMomentum(double mu) {
    return new SgdOptions(learningRate, mu, true, weightDecay, schedule);
  }

  public SgdOptions withWeightDecay(double lambda) {
    return new SgdOptions(learningRate, momentum, nesterov, lambda, schedule);
  }

  public SgdOptions withSchedule(LearningRateSchedule s) {
    return new SgdOptions(learningRate, momentum, nesterov, weightDecay, s);
  }

  /** Named hyper-parameters as stored in an {@link OptimizerState} (nesterov as 0 or 1). */
  Map<String, Double> hyperParameters() {
    Map<String, Double> h = new LinkedHashMap<>();
    h.put(LEARNING_RATE, learningRate);
    h.put(MOMENTUM, momentum);
    h.put(NESTEROV, nesterov ? 1.0 : 0.0);
    h.put(WEIGHT_DECAY, weightDecay);
    return h;
  }

  /** Names of the state arrays an {@link Sgd} with these options keeps. */
  List<String> stateArrays() {
    return momentum > 0 ? List.of(Sgd.VELOCITY) : List.of();
  }

  /** The options a state was written with; throws if a hyper-parameter is missing, unknown or invalid. */
  static SgdOptions from(OptimizerState s) {
    s.requireHyperParameterNames(List.of(LEARNING_RATE, MOMENTUM, NESTEROV, WEIGHT_DECAY));
    double n = s.hyperParameter(NESTEROV);
    if (n != 0 && n != 1) {
      throw new IllegalArgumentException("nesterov must be 0 or 1, got " + n);
    }
    return new SgdOptions(s.hyperParameter(LEARNING_RATE), s.hyperParameter(MOMENTUM), n == 1,
        s.hyperParameter(WEIGHT_DECAY), s.schedule());
  }
}
