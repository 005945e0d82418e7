package org.odespark.ode;

/**
 * Counters of one solve.
 *
 * @param functionEvaluations calls of the vector field (NFE), including the initial-step probe, dense-output
 *     stages and, for implicit methods, the Newton iterations and any finite-difference Jacobians
 * @param acceptedSteps steps kept
 * @param rejectedSteps trial steps discarded by the step-size controller (or by a failed Newton iteration)
 * @param jacobianProducts calls of the field's Jacobian-vector product (implicit methods only)
 */
public record SolveStats(long functionEvaluations, long acceptedSteps, long rejectedSteps, long jacobianProducts) {

  public static final SolveStats ZERO = new SolveStats(0, 0, 0, 0);

  /** Counters of a solve that evaluated no Jacobian-vector products. */
  public SolveStats(long functionEvaluations, long acceptedSteps, long rejectedSteps) {
    this(functionEvaluations, acceptedSteps, rejectedSteps, 0);
  }

  /** Sum of two solves' counters (for solves made of several pieces). */
  public SolveStats plus(SolveStats other) {
    return new SolveStats(functionEvaluations + other.functionEvaluations,
        acceptedSteps + other.acceptedSteps, rejectedSteps + other.rejectedSteps,
        jacobianProducts + other.jacobianProducts);
  }
}
