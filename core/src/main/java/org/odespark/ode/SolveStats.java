package org.odespark.ode;

/**
 * Counters of one solve.
 *
 * @param functionEvaluations calls of the vector field (NFE), including the initial-step probe and
 *     dense-output stages
 * @param acceptedSteps steps kept
 * @param rejectedSteps trial steps discarded by the step-size controller
 */
public record SolveStats(long functionEvaluations, long acceptedSteps, long rejectedSteps) {

  public static final SolveStats ZERO = new SolveStats(0, 0, 0);

  /** Sum of two solves' counters (for solves made of several pieces). */
  public SolveStats plus(SolveStats other) {
    return new SolveStats(functionEvaluations + other.functionEvaluations,
        acceptedSteps + other.acceptedSteps, rejectedSteps + other.rejectedSteps);
  }
}
