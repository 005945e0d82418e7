package org.odespark.nn;

import java.util.random.RandomGenerator;

/**
 * A batched layer y = L(x, t; θ) on row-major blocks (rows = examples), reading its parameters from the
 * model's flat θ at a fixed offset. Every built-in layer is affine in x with time-dependent coefficients,
 * {@code y = (x Wᵀ) ⊙ s(t) + β(t)}, so its Jacobian-vector product needs no primal state and the reverse of
 * that product is the same vector-Jacobian product without the bias terms ({@code linearPart}): that is
 * all reverse-over-forward differentiation (the gradient of εᵀ(∂f/∂z)ε) asks of a layer.
 *
 * <p>Shapes: x is rows × {@link #inputDim()}, y is rows × {@link #outputDim()}. Layers are immutable and
 * thread-safe; scratch memory comes from the caller ({@link #scratchSize(int)} doubles).
 */
public interface Layer {

  int inputDim();

  int outputDim();

  /** Number of parameters of this layer in θ. */
  int parameterCount();

  /** Offset of this layer's first parameter in θ. */
  int offset();

  /** Doubles of scratch needed by {@link #vjp} for {@code rows} rows. */
  default int scratchSize(int rows) {
    return 2 * rows * outputDim() + 4 * outputDim();
  }

  /**
   * y = L(x, t).
   *
   * @param x input, rows × inputDim, not modified
   * @param y output, rows × outputDim, overwritten; must not alias x
   */
  void forward(double t, double[] theta, double[] x, int rows, double[] y, double[] scratch);

  /**
   * Jacobian-vector product ẏ = (∂y/∂x) ẋ = (ẋ Wᵀ) ⊙ s(t), for any number of rows (tangents may be
   * stacked several per example).
   *
   * @param xDot tangent, rows × inputDim, not modified
   * @param yDot output, rows × outputDim, overwritten
   */
  void jvp(double t, double[] theta, double[] xDot, int rows, double[] yDot, double[] scratch);

  /**
   * Vector-Jacobian product: given ȳ at input x, writes x̄ = ȳ ∂y/∂x, adds ȳ ∂y/∂θ to θ̄ and returns
   * Σ ȳ ∂y/∂t. With {@code linearPart} the map differentiated is x ↦ (x Wᵀ) ⊙ s(t) (no bias terms): the
   * reverse of {@link #jvp} with x the tangent.
   *
   * @param x the input the output was computed from (or the tangent, with linearPart), not modified
   * @param yBar cotangent of the output, rows × outputDim, not modified
   * @param xBar receives the input cotangent, rows × inputDim, or null when not needed
   * @param thetaBar parameter cotangent, same layout as θ, accumulated (+=)
   * @return the time cotangent Σ ȳ ∂y/∂t
   */
  double vjp(double t, double[] theta, double[] x, double[] yBar, int rows, double[] xBar, double[] thetaBar,
             double[] scratch, boolean linearPart);

  /** Draws this layer's initial parameters into θ (see the implementation for the distribution). */
  void initialize(double[] theta, RandomGenerator rng);

  /** Whether the layer depends on t at all. */
  boolean timeDependent();
}
