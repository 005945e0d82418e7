package org.odespark.ode;

/**
 * Proportional–integral step-size control (Gustafsson 1991; the form of Hairer's DOPRI5/DOP853 codes,
 * Hairer &amp; Wanner, Solving ODEs I, §IV.2 and II.4). With err the tolerance-scaled RMS norm of the
 * error estimate and k = q + 1 (q the estimate's order):
 * <pre>
 *   accept when err ≤ 1;   h_new = h · clamp( safety · err^(−α) · err_prev^β,  minFactor, maxFactor )
 *   α = 1/k − 0.75 β
 *   reject when err > 1:   h_new = h · max( minFactor, safety · err^(−1/k) )
 * </pre>
 * err_prev = max(err of the last accepted step, 1e−4). After a rejection the next accepted step may not
 * grow. β = 0 is the I controller with Hairer's rules (see {@link IController} for torchdiffeq's and scipy's).
 * Immutable.
 *
 * @param safety factor applied to the optimal step (0 &lt; safety ≤ 1), Hairer 0.9
 * @param minFactor smallest ratio h_new/h (0 &lt; minFactor &lt; 1), Hairer 0.2
 * @param maxFactor largest ratio h_new/h (&gt; 1), Hairer 10
 * @param beta integral gain β on the previous error (0 ≤ β &lt; 1/k), Hairer 0.04 for DOPRI5
 */
public record PIController(double safety, double minFactor, double maxFactor, double beta)
    implements StepController {

  /** Lower bound of err_prev, as in Hairer's codes. */
  private static final double MIN_PREVIOUS_ERROR = 1e-4;

  public PIController {
    checkFactors(safety, minFactor, maxFactor);
    if (!(beta >= 0 && beta < 0.5)) {
      throw new IllegalArgumentException("beta must be in [0, 0.5), got " + beta);
    }
  }

  /** The checks every adaptive controller makes of its safety factor and step-ratio bounds. */
  static void checkFactors(double safety, double minFactor, double maxFactor) {
    if (!(safety > 0 && safety <= 1)) {
      throw new IllegalArgumentException("safety must be in (0, 1], got " + safety);
    }
    if (!(minFactor > 0 && minFactor < 1)) {
      throw new IllegalArgumentException("minFactor must be in (0, 1), got " + minFactor);
    }
    if (!(maxFactor > 1) || Double.isInfinite(maxFactor)) {
      throw new IllegalArgumentException("maxFactor must be > 1 and finite, got " + maxFactor);
    }
  }

  /** Hairer's DOPRI5 settings: safety 0.9, factors [0.2, 10], β = 0.04. */
  public static PIController defaults() {
    return new PIController(0.9, 0.2, 10.0, 0.04);
  }

  /** Hairer's starting step ({@link InitialStep}), or the solver's {@code firstStep} when set. */
  @Override
  public double initialStep(OdeSolver solver, VectorField f, double t0, double[] y0, double[] f0, double tEnd,
                            SolverWorkspace ws) {
    // Hairer starts err_prev from 1e-4 (facold), which makes the first growth conservative.
    ws.control.reset(solver.method().errorOrder(), MIN_PREVIOUS_ERROR);
    return InitialStep.hairer(solver, f, t0, y0, f0, tEnd, ws);
  }

  @Override
  public double next(double h, double err, SolverWorkspace ws) {
    ControllerMemory state = ws.control;
    double k = state.errorOrder + 1.0;
    if (Double.isNaN(err)) {
      return h * minFactor;
    }
    if (err > 1) {
      state.rejectedLast = true;
      return h * Math.max(minFactor, safety * Math.pow(err, -1.0 / k));
    }
    double factor;
    if (err == 0) {
      factor = maxFactor;
    } else {
      double alpha = 1.0 / k - 0.75 * beta;
      factor = safety * Math.pow(err, -alpha) * (beta == 0 ? 1.0 : Math.pow(state.previousError, beta));
      factor = Math.min(maxFactor, Math.max(minFactor, factor));
    }
    if (state.rejectedLast) {
      factor = Math.min(factor, 1.0);
    }
    state.previousError = Math.max(err, MIN_PREVIOUS_ERROR);
    state.rejectedLast = false;
    return h * factor;
  }
}
