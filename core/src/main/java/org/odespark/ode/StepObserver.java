package org.odespark.ode;

/**
 * Watches a solve step by step (Hipparchus' step handler): statistics, plots, recording steps for
 * backpropagation through the solver. Called on the solving thread.
 */
public interface StepObserver {

  /** Called once before the first step. */
  default void begin(double t0, double[] y0, double tEnd) {}

  /** Called after every accepted step, before the solver moves on. */
  void onStep(DenseOutput step);

  /** Called once after the last step. */
  default void end(SolveStats stats) {}
}
