package org.odespark.objective;

/**
 * A model's training objective as the pure function every partition calls:
 * {@code (θ, batch, seed) → (Σ loss, Σ ∇θ loss, counters)}, added into a {@link GradientAggregator}. The same
 * θ, batch and seed always give the same bits (the seed drives the stochastic parts: FFJORD's probes).
 *
 * <p>An Objective owns its workspaces and is used by one thread; build one per thread or Spark task from
 * its serializable {@link Spec}.
 */
public interface Objective {

  /** The serializable description an Objective is built from (a model's architecture and solver settings). */
  interface Spec extends java.io.Serializable {
    Objective create();

    /**
     * The description as key = value text, what a model file stores (its SPEC section) so that another
     * program can rebuild the model; the first key is {@code type}. Empty when the spec has no text form.
     */
    default java.util.Map<String, String> properties() {
      return java.util.Map.of();
    }
  }

  /** |θ|, the length of every parameter and gradient array. */
  int parameterCount();

  /** Columns the batches must have. */
  int featureDim();

  /** Writes deterministic initial parameters for {@code seed} into θ. */
  void initialize(double[] theta, long seed);

  /**
   * Adds the loss and gradient sums of {@code batch} at θ into {@code into} (weights of the batch, or 1 per
   * row, multiply each example's loss).
   *
   * @param theta parameters, not modified
   * @param seed seed of the stochastic parts for this batch (derived by the caller from the run's seed, the
   *     iteration and the partition)
   */
  void accumulate(double[] theta, Batch batch, long seed, GradientAggregator into);

  /** Adds the loss sums (and metrics) of {@code batch} at θ without a gradient: for evaluation. */
  void evaluate(double[] theta, Batch batch, long seed, GradientAggregator into);
}
