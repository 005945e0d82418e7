package org.odespark.spark.exec;

/**
 * An ODE solve of one partition failed ({@link org.odespark.ode.SolverException}: step-size underflow, too
 * many steps, a non-finite state): where (iteration, partition) and why. The task reported it instead of
 * failing, since a retry would fail the same way; the jobs add the solver settings and the likely cause.
 */
public final class SolveFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long iteration;
  private final int partition;
  private final String detail;

  /**
   * @param iteration the 1-based training iteration, or 0 for an evaluation
   */
  public SolveFailure(long iteration, int partition, String detail) {
    super((iteration > 0 ? "iteration " + iteration + ", " : "") + "partition " + partition + ": " + detail);
    this.iteration = iteration;
    this.partition = partition;
    this.detail = detail;
  }

  /** The 1-based iteration, or 0 for an evaluation. */
  public long iteration() {
    return iteration;
  }

  public int partition() {
    return partition;
  }

  /** The solver's own message: status, method, t, h, function evaluations. */
  public String detail() {
    return detail;
  }
}
