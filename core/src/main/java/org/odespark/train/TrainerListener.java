package org.odespark.train;

/**
 * Receives a {@link Trainer}'s per-iteration and evaluation records, on the training thread, in order. A
 * listener that throws stops the run. Both methods default to doing nothing.
 */
public interface TrainerListener {

  /** A listener that ignores everything. */
  TrainerListener NONE = new TrainerListener() {};

  /** After each optimizer step. */
  default void onIteration(TrainerIteration record) {}

  /** After each evaluation on the held-out batch. */
  default void onEvaluation(TrainerEvaluation record) {}
}
