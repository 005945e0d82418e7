package org.odespark.ode;

/** Why a solve stopped without reaching its final time (carried by {@link SolverException}). */
public enum SolveStatus {
  /** The step size fell below {@code minStep} or below the resolution of the time variable. */
  STEP_SIZE_UNDERFLOW,
  /** {@code maxSteps} step attempts (accepted plus rejected) did not reach the final time. */
  MAX_STEPS_EXCEEDED,
  /** The state or the derivative became NaN or infinite and shrinking the step did not help. */
  NON_FINITE_STATE,
  /** The Newton iteration of an implicit stage did not converge on a fixed-step grid (it cannot shrink). */
  NEWTON_FAILURE
}
