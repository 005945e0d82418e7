package org.odespark.nn;

import java.util.random.RandomGenerator;

/**
 * A batched layer on row-major blocks (rows = examples), reading its parameters from the model's flat θ at a
 * fixed offset. Every built-in layer is affine in x with time-dependent coefficients,
 * <pre>
 *   y = (x Wᵀ) ⊙ s(t) + β(t)          on primal rows
 *   ẏ = (ẋ Wᵀ) ⊙ s(t)                 on tangent rows (the Jacobian-vector product)
 * </pre>
 * so the tangents need no primal state, and primal and tangent rows stacked in one block go through one
 * matrix product. The reverse of both is one vector-Jacobian product in which the bias terms see only the
 * primal rows: that is all reverse-over-forward differentiation (the gradient of εᵀ(∂f/∂z)ε) asks of a
 * layer.
 *
 * <p>Shapes: a block holds {@code primal} rows followed by {@code tangent} rows, each of {@link #inputDim()}
 * (input) or {@link #outputDim()} (output) columns. Layers are immutable and thread-safe; scratch memory comes
 * from the caller ({@link #newScratch(int)}). A layer that needs the product x Wᵀ of the forward pass in the
 * reverse pass says so ({@link #keepsProduct()}); callers then keep it in a buffer and hand it back. The
 * built-in layers need only x.
 */
public interface Layer {

  int inputDim();

  int outputDim();

  /** Number of parameters of this layer in θ. */
  int parameterCount();

  /** Offset of this layer's first parameter in θ. */
  int offset();

  /** Scratch memory for up to {@code rows} rows (primal and tangent together). */
  LayerScratch newScratch(int rows);

  /** True when {@link #vjp} needs the product x Wᵀ of the forward pass (none of the built-in layers). */
  boolean keepsProduct();

  /**
   * y = (x Wᵀ) ⊙ s(t) + β(t) on the first {@code primal} rows and (x Wᵀ) ⊙ s(t) on the {@code tangent} rows
   * after them.
   *
   * @param x input, (primal + tangent) × inputDim, not modified
   * @param y output, (primal + tangent) × outputDim, overwritten; must not alias x
   * @param product receives x Wᵀ when non-null and {@link #keepsProduct()}
   */
  void forward(double t, double[] theta, double[] x, int primal, int tangent, double[] y, double[] product,
               LayerScratch scratch);

  /**
   * The reverse of {@link #forward}: given ȳ for all rows, writes x̄ = (ȳ ⊙ s) W for the first
   * {@code inputRows} rows, adds Σ_rows ȳ ∂y/∂θ to θ̄ and returns Σ_rows ȳ ∂y/∂t.
   *
   * @param x the forward input, not modified
   * @param product x Wᵀ as kept by the forward pass, or null to recompute it
   * @param yBar output cotangent, (primal + tangent) × outputDim, not modified
   * @param xBar receives the input cotangent of the first {@code inputRows} rows (may be null when 0)
   * @param inputRows how many leading rows need x̄: 0, primal, or primal + tangent
   * @param thetaBar parameter cotangent, same layout as θ, accumulated (+=)
   * @return the time cotangent
   */
  double vjp(double t, double[] theta, double[] x, double[] product, double[] yBar, int primal, int tangent,
             double[] xBar, int inputRows, double[] thetaBar, LayerScratch scratch);

  /** Draws this layer's initial parameters into θ (see the implementation for the distribution). */
  void initialize(double[] theta, RandomGenerator rng);

  /** Whether the layer depends on t at all. */
  boolean timeDependent();
}
