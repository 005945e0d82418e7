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

  // Backprop: the accepted steps of the forward pass (start time, step, start state) and stage buffers.
  double[] stepStart = new double[0];
  double[] stepSize = new double[0];
  double[] stepState = new double[0];
  int[] intervalEnd = new int[0];
  int steps;
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

  /** The state y(t) rows the backprop tape holds, for memory reports. */
  public long recordedDoubles() {
    return stepState.length;
  }
}
