package org.odespark.adjoint;

import org.odespark.ode.SolverWorkspace;

/**
 * Per-thread memory of gradient computations: the ODE solver's workspace, the adjoint's augmented state and
 * scratch, and backpropagation's record of the forward steps. Buffers grow on demand and are reused, so a
 * training loop allocates nothing per iteration once warmed up. Not thread-safe.
 */
public final class GradientWorkspace {

  final SolverWorkspace solver = new SolverWorkspace();

  // Adjoint: augmented state [z, a, a_θ, a_t] and the augmented field's scratch.
  double[] augmented = new double[0];
  double[] z = new double[0];
  double[] a = new double[0];
  double[] f = new double[0];
  double[] yBar = new double[0];
  double[] thetaScratch = new double[0];

  // Adjoint with seminorm error control: the backward solver restricted to [z, a], cached.
  org.odespark.ode.OdeSolver seminormSolver;
  org.odespark.ode.OdeSolver seminormBase;
  int seminormDimension = -1;

  // Backprop and the checkpointed adjoint: the accepted steps of the forward pass, the step count at the end
  // of each grid interval, and stage buffers.
  final StepTape tape = new StepTape();
  int[] intervalEnd = new int[0];
  // Checkpointed adjoint: the re-solved start states of one segment of steps, and which segment they are.
  double[] segment = new double[0];
  int segmentFirst = -1;
  double[][] stageInputs = new double[0][];
  double[][] stageDerivatives = new double[0][];
  double[][] stageBars = new double[0][];
  double[] cotangent = new double[0];

  public GradientWorkspace() {}

  static double[] atLeast(double[] a, int n) {
    return a.length >= n ? a : new double[n];
  }

  static double[] exactly(double[] a, int n) {
    return a.length == n ? a : new double[n];
  }

  /** The doubles the tape of forward states holds (backprop's, or the checkpoints and a segment), for memory reports. */
  public long recordedDoubles() {
    return tape.states.length + segment.length;
  }
}
