package org.odespark.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.odespark.check.Checks;

/**
 * Hyper-parameters of {@link Adam} and {@link AdamW}; the two differ only in how {@link #weightDecay()}
 * is applied (coupled into the gradient, or decoupled as a shrink of θ). Immutable.
 * {@link #defaults()} are Kingma &amp; Ba's: η = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0;
 * {@link #adamWDefaults()} are the same with λ = 1e-2 (PyTorch's AdamW default).
 *
 * @param learningRate base rate η ≥ 0, finite (the schedule scales it per iteration)
 * @param beta1 decay β₁ ∈ [0, 1) of the first-moment average m
 * @param beta2 decay β₂ ∈ [0, 1) of the second-moment average v
 * @param epsilon ε &gt; 0, finite, added to √v̂ in the denominator
 * @param weightDecay λ ≥ 0, finite
 * @param schedule the learning-rate schedule, not null
 */
public record AdamOptions(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                          LearningRateSchedule schedule) {

  static final String LEARNING_RATE = "learningRate";
  static final String BETA1 = "beta1";
  static final String BETA2 = "beta2";
  static final String EPSILON = "epsilon";
  static final String WEIGHT_DECAY = "weightDecay";

  public AdamOptions {
    Checks.nonNegativeFinite("learningRate", learningRate);
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    Checks.positiveFinite("epsilon", epsilon);
    Checks.nonNegativeFinite("weightDecay", weightDecay);
    Objects.requireNonNull(schedule, "schedule");
  }

  /** Adam's defaults: η = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0, constant schedule. */
  public static AdamOptions defaults() {
    return new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0, LearningRateSchedule.constant());
  }

  /** AdamW's defaults: as {@link #defaults()} with λ = 1e-2. */
  public static AdamOptions adamWDefaults() {
    return defaults().withWeightDecay(1e-2);
  }

  public AdamOptions withLearningRate(double lr) {
    return new AdamOptions(lr, beta1, beta2, epsilon, weightDecay, schedule);
  }

  public AdamOptions withBetas(double b1, double b2) {
    return new AdamOptions(learningRate, b1, b2, epsilon, weightDecay, schedule);
  }

  public AdamOptions withEpsilon(double eps) {
    return new AdamOptions(learningRate, beta1, beta2, eps, weightDecay, schedule);
  }

  public AdamOptions withWeightDecay(double lambda) {
    return new AdamOptions(learningRate, beta1, beta2, epsilon, lambda, schedule);
  }

  public AdamOptions withSchedule(LearningRateSchedule s) {
    return new AdamOptions(learningRate, beta1, beta2, epsilon, weightDecay, s);
  }

  /** Named hyper-parameters as stored in an {@link OptimizerState}. */
  Map<String, Double> hyperParameters() {
    Map<String, Double> h = new LinkedHashMap<>();
    h.put(LEARNING_RATE, learningRate);
    h.put(BETA1, beta1);
    h.put(BETA2, beta2);
    h.put(EPSILON, epsilon);
    h.put(WEIGHT_DECAY, weightDecay);
    return h;
  }

  /** The options a state was written with; throws if a hyper-parameter is missing, unknown or invalid. */
  static AdamOptions from(OptimizerState s) {
    s.requireHyperParameterNames(List.of(LEARNING_RATE, BETA1, BETA2, EPSILON, WEIGHT_DECAY));
    return new AdamOptions(s.hyperParameter(LEARNING_RATE), s.hyperParameter(BETA1), s.hyperParameter(BETA2),
        s.hyperParameter(EPSILON), s.hyperParameter(WEIGHT_DECAY), s.schedule());
  }
}
