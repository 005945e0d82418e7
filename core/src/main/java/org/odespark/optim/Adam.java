package org.odespark.optim;

/**
 * Adam with coupled L2 weight decay, as {@code torch.optim.Adam}. With η_t the scheduled rate and t the
 * 1-based step number:
 * <pre>
 *   g' = g + λθ;  m ← β₁m + (1−β₁)g';  v ← β₂v + (1−β₂)g'²;  θ ← θ − η_t · m̂ / (√v̂ + ε),
 *   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
 * </pre>
 * The decay term λθ passes through the adaptive normalisation, so it is weakened where gradients are large;
 * {@link AdamW} applies it outside.
 *
 * <p>Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015
 * (arXiv:1412.6980), Algorithm 1. State arrays: "m", "v". Mutable, one thread.
 */
public final class Adam extends AbstractAdam {

  /**
   * @param dimension length of θ, ≥ 1
   * @param options hyper-parameters and schedule; {@link AdamOptions#weightDecay()} is coupled
   */
  public Adam(int dimension, AdamOptions options) {
    super(OptimizerKind.ADAM, dimension, options, false);
  }

  /** Adam with {@link AdamOptions#defaults()}. */
  public Adam(int dimension) {
    this(dimension, AdamOptions.defaults());
  }
}
