package org.odespark.optim;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}. With η_t the scheduled rate and t the
 * 1-based step number:
 * <pre>
 *   θ ← (1 − η_t λ) θ;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η_t · m̂ / (√v̂ + ε)
 * </pre>
 * with m̂, v̂ bias-corrected as in {@link Adam}. The shrink uses θ before the Adam step. The paper's
 * Algorithm 2 scales λ by the schedule multiplier only; here (as in PyTorch) λ is scaled by the whole
 * rate η_t, so the paper's λ corresponds to {@code weightDecay = λ / η}.
 *
 * <p>Reference: I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019, Algorithm 2.
 * State arrays: "m", "v". Mutable, one thread.
 */
public final class AdamW extends AbstractAdam {

  /**
   * @param dimension length of θ, ≥ 1
   * @param options hyper-parameters and schedule; {@link AdamOptions#weightDecay()} is decoupled
   * @throws IllegalArgumentException if learningRate · weightDecay &gt; 1 (the shrink would flip θ's sign)
   */
  public AdamW(int dimension, AdamOptions options) {
    super(OptimizerKind.ADAMW, dimension, checkDecoupledDecay(options), true);
  }

  /** AdamW with {@link AdamOptions#adamWDefaults()} (λ = 1e-2). */
  public AdamW(int dimension) {
    this(dimension, AdamOptions.adamWDefaults());
  }

  /**
   * Every schedule's rate is at most the base rate, so checking η λ ≤ 1 once keeps the shrink factor
   * 1 − η_t λ in [0, 1] for all iterations.
   */
  static AdamOptions checkDecoupledDecay(AdamOptions o) {
    double product = o.learningRate() * o.weightDecay();
    if (product > 1) {
      throw new IllegalArgumentException("learningRate * weightDecay must be <= 1 for decoupled weight decay, got "
          + o.learningRate() + " * " + o.weightDecay() + " = " + product);
    }
    return o;
  }
}
