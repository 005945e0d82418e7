package org.odespark.nn;

import java.util.random.RandomGenerator;
import org.odespark.linalg.Blas;

/**
 * The shared engine of the built-in layers: {@code y = (x Wᵀ) ⊙ s(t) + β(t)} with W (outputDim × inputDim,
 * row-major, first in the layer's parameters). Subclasses define the gate s(t) (or none, s ≡ 1), the bias
 * β(t), and how the column sums of the output cotangent flow into their gate/bias parameters and t. Matrix
 * work is three GEMMs (forward; x̄ and W̄ in reverse), plus one to recompute x Wᵀ when the layer is gated.
 */
abstract class AffineLayer implements Layer {

  final int in;
  final int out;
  final int offset;
  final int weightOffset;

  AffineLayer(int in, int out, int offset) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("layer dimensions must be >= 1, got " + in + " -> " + out);
    }
    this.in = in;
    this.out = out;
    this.offset = offset;
    this.weightOffset = offset;
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
    return new LayerScratch(rows, out, gated());
  }

  @Override
  public boolean keepsProduct() {
    return gated();
  }

  /** U(−1/√fan, 1/√fan) into θ[from, from+count), the default of PyTorch's nn.Linear. */
  static void uniform(double[] theta, int from, int count, double fan, RandomGenerator rng) {
    double bound = 1 / Math.sqrt(fan);
    for (int i = 0; i < count; i++) {
      theta[from + i] = (2 * rng.nextDouble() - 1) * bound;
    }
  }

  @Override
  public void forward(double t, double[] theta, double[] x, int primal, int tangent, double[] y, double[] product,
                      LayerScratch scratch) {
    int rows = primal + tangent;
    double[] beta = scratch.bias;
    bias(t, theta, beta);
    boolean gated = gated();
    double[] xw = gated && product != null ? product : y;
    Blas.gemm(false, true, rows, out, in, 1.0, x, 0, in, theta, weightOffset, in, 0.0, xw, 0, out);
    if (gated) {
      double[] s = scratch.gate;
      gate(t, theta, s);
      for (int r = 0; r < primal; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          y[row + j] = xw[row + j] * s[j] + beta[j];
        }
      }
      for (int r = primal; r < rows; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          y[row + j] = xw[row + j] * s[j];
        }
      }
    } else {
      for (int r = 0; r < primal; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          y[row + j] += beta[j];
        }
      }
    }
  }

  @Override
  public double vjp(double t, double[] theta, double[] x, double[] product, double[] yBar, int primal, int tangent,
                    double[] xBar, int inputRows, double[] thetaBar, LayerScratch scratch) {
    int rows = primal + tangent;
    double[] biasSums = scratch.biasSums;
    java.util.Arrays.fill(biasSums, 0.0);
    for (int r = 0; r < primal; r++) {
      int row = r * out;
      for (int j = 0; j < out; j++) {
        biasSums[j] += yBar[row + j];
      }
    }
    double[] g = yBar;
    double[] s = null;
    double[] gateSums = scratch.gateSums;
    if (gated()) {
      s = scratch.gate;
      gate(t, theta, s);
      g = scratch.modulated;
      double[] xw = product;
      if (xw == null) {
        xw = scratch.product;
        Blas.gemm(false, true, rows, out, in, 1.0, x, 0, in, theta, weightOffset, in, 0.0, xw, 0, out);
      }
      // g = ȳ ⊙ s, and Σ_rows ȳ ⊙ (x Wᵀ), the cotangent of the gate.
      java.util.Arrays.fill(gateSums, 0.0);
      for (int r = 0; r < rows; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          double yb = yBar[row + j];
          g[row + j] = yb * s[j];
          gateSums[j] += yb * xw[row + j];
        }
      }
    }
    if (inputRows > 0) {
      Blas.gemm(false, false, inputRows, in, out, 1.0, g, 0, out, theta, weightOffset, in, 0.0, xBar, 0, in);
    }
    Blas.gemm(true, false, out, in, rows, 1.0, g, 0, out, x, 0, in, 1.0, thetaBar, weightOffset, in);
    return accumulateCoefficients(t, theta, s, gateSums, biasSums, thetaBar);
  }
}
