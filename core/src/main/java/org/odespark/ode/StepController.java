package org.odespark.ode;

/**
 * Chooses step sizes, as an object of its own (diffrax's step-size controllers): it proposes the first step
 * of a solve and, after every trial step, the next one from the step's error ratio. The solver's stepping
 * code is the same for every controller (one {@link RungeKuttaEngine}); only this object differs. The
 * controller's memory between steps (previous error ratios, whether the last trial was rejected) lives in
 * the {@link SolverWorkspace}, so a controller is immutable and may be shared by concurrent solves.
 *
 * <p>A trial step is accepted when its error ratio is at most 1 (always, for {@link FixedSteps}, which
 * estimates no error); a NaN ratio means the trial step produced non-finite values and is rejected.
 */
public sealed interface StepController permits FixedSteps, IController, PIController, PIDController {

  /** True when the controller needs the method's embedded error estimate (all but {@link FixedSteps}). */
  default boolean isAdaptive() {
    return true;
  }

  /**
   * Magnitude of the first step of a solve from (t₀, y₀) toward {@code tEnd}, and the start of the
   * controller's memory in {@code ws}. May evaluate f once (counted in the solve's NFE). By default Hairer's
   * starting step ({@link InitialStep}), or the solver's {@code firstStep} when set, with the memory's error
   * ratios starting from 1.
   *
   * @param solver the solver's method, tolerances and limits (its {@code firstStep}, when set, is the answer)
   * @param y0 initial state, not modified
   * @param f0 f(t₀, y₀), not modified
   */
  default double initialStep(OdeSolver solver, VectorField f, double t0, double[] y0, double[] f0, double tEnd,
                             SolverWorkspace ws) {
    ws.control.reset(solver.method().errorOrder(), 1);
    return InitialStep.hairer(solver, f, t0, y0, f0, tEnd, ws);
  }

  /**
   * Magnitude of the next trial step after a trial step of magnitude {@code h} with error ratio {@code err}
   * (accepted when err ≤ 1, NaN when the step had non-finite values); updates the memory in {@code ws}.
   */
  double next(double h, double err, SolverWorkspace ws);
}
