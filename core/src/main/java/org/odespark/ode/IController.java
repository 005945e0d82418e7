package org.odespark.ode;

/**
 * The integral (elementary) step-size controller of torchdiffeq and scipy's {@code solve_ivp} (Hairer, Nørsett,
 * Wanner, Solving ODEs I, §II.4, eq. 4.13): with err the tolerance-scaled RMS norm of the error estimate and
 * k = q + 1 (q the estimate's order),
 * <pre>
 *   h_new = h · clamp( safety · err^(−1/k),  minFactor, maxFactor ),    h · maxFactor when err = 0,
 * </pre>
 * with the two codes' rules after the step:
 * <ul>
 *   <li>torchdiffeq ({@link #torchdiffeq()}): an accepted step never shrinks the next one (the factor is at least
 *       1 when err ≤ 1), and a rejection puts no limit on the growth that follows.
 *   <li>scipy ({@link #scipy()}): an accepted step may shrink the next one (down to 0.9 h), and an accepted step
 *       that follows a rejection may not grow (as in Hairer's codes).
 * </ul>
 * It reacts to the last error only, so on problems whose error estimate varies smoothly it is as efficient as
 * any, and on others its steps oscillate between growth and rejection ({@link PIController}, {@link
 * PIDController} damp that). Immutable.
 *
 * @param safety factor applied to the optimal step (0 &lt; safety ≤ 1), 0.9 in both codes
 * @param minFactor smallest ratio h_new/h (0 &lt; minFactor &lt; 1), 0.2
 * @param maxFactor largest ratio h_new/h (&gt; 1), 10
 * @param neverShrinkAccepted torchdiffeq's rule: after an accepted step the factor is at least 1
 * @param holdAfterReject scipy's and Hairer's rule: after a rejection the next accepted step's factor is at most 1
 */
public record IController(double safety, double minFactor, double maxFactor, boolean neverShrinkAccepted,
                          boolean holdAfterReject) implements StepController {

  public IController {
    PIController.checkFactors(safety, minFactor, maxFactor);
  }

  /** torchdiffeq's dopri5 controller (safety 0.9, factors [0.2, 10], accepted steps never shrink). */
  public static IController torchdiffeq() {
    return new IController(0.9, 0.2, 10.0, true, false);
  }

  /** scipy's {@code solve_ivp} controller (safety 0.9, factors [0.2, 10], no growth right after a rejection). */
  public static IController scipy() {
    return new IController(0.9, 0.2, 10.0, false, true);
  }

  @Override
  public double next(double h, double err, SolverWorkspace ws) {
    ControllerMemory state = ws.control;
    if (Double.isNaN(err)) {
      state.rejectedLast = true;
      return h * minFactor;
    }
    boolean accepted = err <= 1;
    double factor = err == 0 ? maxFactor : safety * Math.pow(err, -1.0 / (state.errorOrder + 1));
    double low = accepted && neverShrinkAccepted ? 1 : minFactor;
    double high = accepted && holdAfterReject && state.rejectedLast ? 1 : maxFactor;
    state.rejectedLast = !accepted;
    return h * Math.min(high, Math.max(low, factor));
  }
}
