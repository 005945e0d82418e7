package org.odespark.ode;

/**
 * Proportional–integral–derivative step-size control in the form of diffrax's {@code PIDController}
 * (Söderlind, "Digital filters in adaptive time-stepping", ACM TOMS 29(1), 2003; Söderlind, "Automatic control
 * and adaptive time-stepping", Numer. Algorithms 31, 2002): with δₙ = 1/errₙ the inverse error ratio of the
 * trial step, δₙ₋₁, δₙ₋₂ those of the last two accepted steps (1 at the start) and k = q + 1,
 * <pre>
 *   h_new = h · clamp( safety · δₙ^β₁ · δₙ₋₁^β₂ · δₙ₋₂^β₃,  lower, maxFactor )
 *   β₁ = (p + i + d)/k,   β₂ = −(p + 2d)/k,   β₃ = d/k
 *   lower = 1: an accepted step never shrinks the next one
 *   after a rejection (err &gt; 1): h_new = h · max( minFactor, safety · err^(−1/k) )
 * </pre>
 * The rejection rule is the elementary one (Söderlind's advice; diffrax applies the filter there too, which
 * with a positive β₂ can propose a larger step after a rejection and retry it forever).
 * p = d = 0, i = 1 is torchdiffeq's I controller ({@link IController#torchdiffeq()}); diffrax suggests p ∈ [0.2, 0.4], i ∈ [0.3, 0.4], p + i ≤ 0.7 for
 * problems whose error estimate does not vary smoothly (mildly stiff ones, learned vector fields). The smaller
 * gains make the steps change more slowly: fewer rejections, but the step lags behind a quickly easing problem.
 * Immutable.
 *
 * @param proportional p
 * @param integral i &gt; 0
 * @param derivative d
 * @param safety factor applied to the proposed step (0 &lt; safety ≤ 1), 0.9
 * @param minFactor smallest ratio h_new/h after a rejection (0 &lt; minFactor &lt; 1), 0.2
 * @param maxFactor largest ratio h_new/h (&gt; 1), 10
 */
public record PIDController(double proportional, double integral, double derivative, double safety,
                            double minFactor, double maxFactor) implements StepController {

  public PIDController {
    if (!Double.isFinite(proportional) || !Double.isFinite(derivative) || !(integral > 0)
        || Double.isInfinite(integral)) {
      throw new IllegalArgumentException("PID gains must be finite with i > 0, got p=" + proportional + ", i="
          + integral + ", d=" + derivative);
    }
    PIController.checkFactors(safety, minFactor, maxFactor);
  }

  /** Gains (p, i, d) with diffrax's safety 0.9 and factors [0.2, 10]. */
  public static PIDController of(double p, double i, double d) {
    return new PIDController(p, i, d, 0.9, 0.2, 10.0);
  }

  /**
   * Söderlind's H312PID filter, δₙ^(1/18k) δₙ₋₁^(1/9k) δₙ₋₂^(1/18k) (TOMS 2003, Table III; OrdinaryDiffEq's
   * {@code PIDController(1/18, 1/9, 1/18)}), in these gains p = −2/9, i = 2/9, d = 1/18.
   */
  public static PIDController h312() {
    return of(-2.0 / 9, 2.0 / 9, 1.0 / 18);
  }

  /** {@inheritDoc} The memory holds inverse error ratios δ, starting from 1 ({@link StepController#initialStep}). */
  @Override
  public double next(double h, double err, SolverWorkspace ws) {
    ControllerMemory state = ws.control;
    if (Double.isNaN(err)) {
      return h * minFactor;
    }
    double k = state.errorOrder + 1.0;
    if (err > 1) {
      // The filter's memory could ask a rejected step to grow (δₙ₋₁^β₂ with β₂ > 0 after a very accurate
      // step), and the solve would retry the same step forever: shrink by the elementary rule instead.
      return h * Math.max(minFactor, safety * Math.pow(err, -1.0 / k));
    }
    double inverse = err == 0 ? Double.POSITIVE_INFINITY : 1 / err;
    double factor = safety * Math.pow(inverse, (proportional + integral + derivative) / k);
    if (proportional != 0 || derivative != 0) {
      factor *= Math.pow(state.previousError, -(proportional + 2 * derivative) / k);
    }
    if (derivative != 0) {
      factor *= Math.pow(state.olderError, derivative / k);
    }
    factor = Math.min(maxFactor, Math.max(1, factor));
    state.olderError = state.previousError;
    // A zero error would make the next steps' factors infinite or zero: remember it as 1.
    state.previousError = Double.isInfinite(inverse) ? 1 : inverse;
    return h * factor;
  }
}
