package org.odespark.ode;

/**
 * A numerical failure during a solve. The message says where and why: the status, the time {@code t} the
 * solver had reached, the step size {@code h} it was trying, the function evaluations so far and, for
 * non-finite values, the offending component.
 */
public final class SolverException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final SolveStatus status;
  private final double time;
  private final double stepSize;
  private final long functionEvaluations;
  private final int component;

  /**
   * @param component index of the offending state component, or -1 when none applies
   */
  public SolverException(SolveStatus status, String method, double time, double stepSize,
                         long functionEvaluations, int component, String detail) {
    super(status + " in " + method + " at t=" + time + ", h=" + stepSize + ", after "
        + functionEvaluations + " function evaluations" + (component >= 0 ? ", component " + component : "")
        + ": " + detail);
    this.status = status;
    this.time = time;
    this.stepSize = stepSize;
    this.functionEvaluations = functionEvaluations;
    this.component = component;
  }

  public SolveStatus status() {
    return status;
  }

  /** Time the solver had reached when it failed. */
  public double time() {
    return time;
  }

  /** Step size being attempted when it failed. */
  public double stepSize() {
    return stepSize;
  }

  public long functionEvaluations() {
    return functionEvaluations;
  }

  /** Index of the offending state component, or -1. */
  public int component() {
    return component;
  }
}
