package org.odespark.train;

import org.odespark.optim.Optimizer;

/**
 * Receives a {@link Trainer}'s records and states, on the training thread, in order. A listener that throws
 * stops the run. Every method defaults to doing nothing.
 */
public interface TrainerListener {

  /** A listener that ignores everything. */
  TrainerListener NONE = new TrainerListener() {};

  /** After each optimizer step (a listener that logs keeps to {@link TrainerOptions#logEvery()}). */
  default void onIteration(TrainerIteration record) {}

  /** After each evaluation on the held-out data. */
  default void onEvaluation(TrainerEvaluation record) {}

  /**
   * After every {@code checkpointEvery}-th step and after the last: the state to save for a resume.
   *
   * @param iteration steps taken
   * @param theta parameters, not to be modified or kept (copy what is saved)
   * @param optimizer the optimizer, whose {@link Optimizer#state()} is the rest of the state
   */
  default void onCheckpoint(long iteration, double[] theta, Optimizer optimizer) {}
}
