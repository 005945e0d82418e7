package org.odespark.optim;

/**
 * A first-order optimizer over one flat parameter vector θ of {@link #dimension()} doubles:
 * θ ← update(θ, g, state) in place, where g = ∂L/∂θ has the same flat layout as θ.
 *
 * <p>Everything that influences future steps (moment arrays, iteration counter, hyper-parameters and the
 * learning-rate schedule) is captured by {@link #state()}; {@link #restore} followed by the same gradients
 * reproduces the same θ bit for bit. Implementations are mutable and used by one thread; {@link #copy()}
 * gives an independent optimizer, for instance one per thread.
 */
public interface Optimizer {

  /**
   * One step with the rate η_i = {@link #learningRate()}: θ ← update(θ, g); then the iteration count
   * increases by one. Allocates nothing.
   *
   * @param theta parameters θ, length {@link #dimension()}, modified in place
   * @param gradient gradient g = ∂L/∂θ at θ, length {@link #dimension()}, not modified; must not be the
   *     same array as {@code theta}. Non-finite entries are not detected here and propagate into θ and the
   *     state (use {@link GradientClipper}, which rejects them, or check before stepping).
   * @throws IllegalArgumentException if a length differs from {@link #dimension()} or the arrays alias
   */
  void step(double[] theta, double[] gradient);

  /** Number of steps taken (restored by {@link #restore}). */
  long iteration();

  /** The rate the next step will use: the schedule at {@link #iteration()} applied to the base rate. */
  double learningRate();

  /** Length of θ. */
  int dimension();

  /** The optimizer kind, also written as {@link OptimizerState#kind()}: "sgd", "adam" or "adamw". */
  String name();

  /** Deep snapshot of everything that determines future steps; later steps do not change it. */
  OptimizerState state();

  /**
   * Replaces this optimizer's mutable state (iteration, moment arrays) by a copy of {@code state}.
   *
   * @throws IllegalArgumentException if the state is of another kind, another dimension, or was written
   *     with different hyper-parameters or schedule (the message names the first difference)
   */
  void restore(OptimizerState state);

  /** An independent optimizer with the same options and a copy of the current state. */
  Optimizer copy();

  /**
   * Recreates the optimizer that wrote {@code state}, with the state's options and schedule, restored to it.
   *
   * @throws IllegalArgumentException if the state's hyper-parameters are invalid for its kind
   */
  static Optimizer fromState(OptimizerState state) {
    return OptimizerKind.named(state.kind()).create(state);
  }
}
