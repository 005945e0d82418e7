package org.odespark.nn;

import java.util.random.RandomGenerator;
import org.odespark.linalg.Blas;

/**
 * The shared engine of the built-in layers: {@code y = (x Wᵀ) ⊙ s(t) + β(t)} with W (outputDim × inputDim,
 * row-major, first in the layer's parameters). Subclasses define the gate s(t) (or none, s ≡ 1), the bias
 * β(t), and how the column sums of the output cotangent flow into their gate/bias parameters and t.
 *
 * <p>The gate is folded into the weights once per t, W_s = diag(s) W, so that each direction is one product
 * and nothing of the forward pass is kept:
 * <pre>
 *   y = x W_sᵀ + β,    x̄ = ȳ W_s,    M = ȳᵀ x,    W̄ = diag(s) M,    s̄_j = Σ_i M_ji W_ji + b_j Σ_primal ȳ_j
 * </pre>
 * (s̄_j = Σ_rows ȳ_j (x Wᵀ)_j, the gate's cotangent, regrouped). With a narrow input (at most {@link
 * Blas#NARROW} columns) W_s is kept transposed, so that all three products take the shapes that {@link Blas}
 * runs in plain loops.
 */
abstract class AffineLayer implements Layer {

  final int in;
  final int out;
  final int offset;
  final int weightOffset;
  /** Whether the effective weights are kept transposed (inputs × outputs): a narrow input beside a wide output. */
  final boolean transposed;

  AffineLayer(int in, int out, int offset) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("layer dimensions must be >= 1, got " + in + " -> " + out);
    }
    this.in = in;
    this.out = out;
    this.offset = offset;
    this.weightOffset = offset;
    this.transposed = in <= Blas.NARROW && out > Blas.NARROW;
  }

  @Override
  public int inputDim() {
    return in;
  }

  @Override
  public int outputDim() {
    return out;
  }

  @Override
  public int offset() {
    return offset;
  }

  /** True when s(t) is not identically 1. */
  abstract boolean gated();

  /** Writes s(t) (outputDim) into {@code s}; called only when {@link #gated()}. */
  abstract void gate(double t, double[] theta, double[] s);

  /** Writes β(t) (outputDim) into {@code beta}. */
  abstract void bias(double t, double[] theta, double[] beta);

  /**
   * Adds the gate and bias parameters' cotangents to θ̄ and returns the time cotangent.
   *
   * @param s gate values (null when not gated)
   * @param gateSums Σ over all rows of ȳ ⊙ (x Wᵀ) per output (only when gated)
   * @param biasSums Σ over the primal rows of ȳ per output (the bias reaches only them)
   */
  abstract double accumulateCoefficients(double t, double[] theta, double[] s, double[] gateSums, double[] biasSums,
                                         double[] thetaBar);

  @Override
  public LayerScratch newScratch(int rows) {
    return new LayerScratch(rows, in, out, gated(), transposed);
  }

  /** {@inheritDoc} Never: the reverse pass needs only x and the weights. */
  @Override
  public boolean keepsProduct() {
    return false;
  }

  /** U(−1/√fan, 1/√fan) into θ[from, from+count), the default of PyTorch's nn.Linear. */
  static void uniform(double[] theta, int from, int count, double fan, RandomGenerator rng) {
    double bound = 1 / Math.sqrt(fan);
    for (int i = 0; i < count; i++) {
      theta[from + i] = (2 * rng.nextDouble() - 1) * bound;
    }
  }

  /** The coefficients at t into the scratch: β(t), s(t) and the effective weights W_s (transposed if narrow). */
  final void prepare(double t, double[] theta, LayerScratch scratch) {
    bias(t, theta, scratch.bias);
    double[] w = scratch.weights;
    if (w == null) {
      return;
    }
    double[] s = scratch.gate;
    boolean gated = gated();
    if (gated) {
      gate(t, theta, s);
    }
    for (int j = 0; j < out; j++) {
      double sj = gated ? s[j] : 1.0;
      int row = weightOffset + j * in;
      if (transposed) {
        for (int l = 0; l < in; l++) {
          w[l * out + j] = sj * theta[row + l];
        }
      } else {
        for (int l = 0; l < in; l++) {
          w[j * in + l] = sj * theta[row + l];
        }
      }
    }
  }

  /** h = x W_sᵀ for {@code rows} rows, without the bias; {@link #prepare} first. h must not alias x. */
  final void linear(double[] theta, double[] x, int rows, double[] h, LayerScratch scratch) {
    double[] w = scratch.weights;
    if (transposed) {
      Blas.gemm(false, false, rows, out, in, 1.0, x, 0, in, w, 0, out, 0.0, h, 0, out);
    } else if (w != null) {
      Blas.gemm(false, true, rows, out, in, 1.0, x, 0, in, w, 0, in, 0.0, h, 0, out);
    } else {
      Blas.gemm(false, true, rows, out, in, 1.0, x, 0, in, theta, weightOffset, in, 0.0, h, 0, out);
    }
  }

  /** x̄ = ȳ W_s for the first {@code rows} rows; {@link #prepare} first. */
  final void inputCotangent(double[] theta, double[] yBar, int rows, double[] xBar, LayerScratch scratch) {
    double[] w = scratch.weights;
    if (transposed) {
      Blas.gemm(false, true, rows, in, out, 1.0, yBar, 0, out, w, 0, out, 0.0, xBar, 0, in);
    } else if (w != null) {
      Blas.gemm(false, false, rows, in, out, 1.0, yBar, 0, out, w, 0, in, 0.0, xBar, 0, in);
    } else {
      Blas.gemm(false, false, rows, in, out, 1.0, yBar, 0, out, theta, weightOffset, in, 0.0, xBar, 0, in);
    }
  }

  /**
   * θ̄ += ȳ ∂y/∂θ over all rows (the bias terms over the primal rows only) and returns ȳ ∂y/∂t;
   * {@link #prepare} first.
   */
  final double parameterCotangent(double t, double[] theta, double[] x, double[] yBar, int primal, int rows,
                                  double[] thetaBar, LayerScratch scratch) {
    double[] biasSums = scratch.biasSums;
    java.util.Arrays.fill(biasSums, 0.0);
    for (int r = 0; r < primal; r++) {
      int row = r * out;
      for (int j = 0; j < out; j++) {
        biasSums[j] += yBar[row + j];
      }
    }
    double[] m = scratch.weightSums;
    boolean gated = gated();
    if (m == null) {
      Blas.gemm(true, false, out, in, rows, 1.0, yBar, 0, out, x, 0, in, 1.0, thetaBar, weightOffset, in);
      return accumulateCoefficients(t, theta, null, null, biasSums, thetaBar);
    }
    if (transposed) {
      Blas.gemm(true, false, in, out, rows, 1.0, x, 0, in, yBar, 0, out, 0.0, m, 0, out);
    } else {
      Blas.gemm(true, false, out, in, rows, 1.0, yBar, 0, out, x, 0, in, 0.0, m, 0, in);
    }
    double[] s = gated ? scratch.gate : null;
    double[] gateSums = scratch.gateSums;
    for (int j = 0; j < out; j++) {
      double sj = gated ? s[j] : 1.0;
      int row = weightOffset + j * in;
      double g = 0;
      for (int l = 0; l < in; l++) {
        double mjl = transposed ? m[l * out + j] : m[j * in + l];
        thetaBar[row + l] += sj * mjl;
        g += mjl * theta[row + l];
      }
      gateSums[j] = g;
    }
    return accumulateCoefficients(t, theta, s, gated ? gateSums : null, biasSums, thetaBar);
  }

  @Override
  public void forward(double t, double[] theta, double[] x, int primal, int tangent, double[] y, double[] product,
                      LayerScratch scratch) {
    prepare(t, theta, scratch);
    linear(theta, x, primal + tangent, y, scratch);
    double[] beta = scratch.bias;
    for (int r = 0; r < primal; r++) {
      int row = r * out;
      for (int j = 0; j < out; j++) {
        y[row + j] += beta[j];
      }
    }
  }

  @Override
  public double vjp(double t, double[] theta, double[] x, double[] product, double[] yBar, int primal, int tangent,
                    double[] xBar, int inputRows, double[] thetaBar, LayerScratch scratch) {
    prepare(t, theta, scratch);
    if (inputRows > 0) {
      inputCotangent(theta, yBar, inputRows, xBar, scratch);
    }
    return parameterCotangent(t, theta, x, yBar, primal, primal + tangent, thetaBar, scratch);
  }
}
