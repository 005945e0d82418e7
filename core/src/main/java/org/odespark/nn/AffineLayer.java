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
  abstract void gate(double t, double[] theta, double[] s, int sOff);

  /** Writes β(t) (outputDim) into {@code beta}. */
  abstract void bias(double t, double[] theta, double[] beta, int betaOff);

  /**
   * Adds the gate and bias parameters' cotangents to θ̄ and returns the time cotangent.
   *
   * @param s gate values (null when not gated)
   * @param gateSums Σ_rows ȳ ⊙ (x Wᵀ) per output (only when gated)
   * @param biasSums Σ_rows ȳ per output
   * @param linearPart true when differentiating x ↦ (x Wᵀ) ⊙ s(t) only (no β)
   */
  abstract double accumulateCoefficients(double t, double[] theta, double[] s, int sOff, double[] gateSums,
                                         int gateOff, double[] biasSums, int biasOff, double[] thetaBar,
                                         boolean linearPart);

  /** U(−1/√fan, 1/√fan) into θ[from, from+count), the default of PyTorch's nn.Linear. */
  static void uniform(double[] theta, int from, int count, double fan, RandomGenerator rng) {
    double bound = 1 / Math.sqrt(fan);
    for (int i = 0; i < count; i++) {
      theta[from + i] = (2 * rng.nextDouble() - 1) * bound;
    }
  }

  @Override
  public void forward(double t, double[] theta, double[] x, int rows, double[] y, double[] scratch) {
    Blas.gemm(false, true, rows, out, in, 1.0, x, 0, in, theta, weightOffset, in, 0.0, y, 0, out);
    int betaOff = 0;
    bias(t, theta, scratch, betaOff);
    if (gated()) {
      int sOff = out;
      gate(t, theta, scratch, sOff);
      for (int r = 0; r < rows; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          y[row + j] = y[row + j] * scratch[sOff + j] + scratch[betaOff + j];
        }
      }
    } else {
      for (int r = 0; r < rows; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          y[row + j] += scratch[betaOff + j];
        }
      }
    }
  }

  @Override
  public void jvp(double t, double[] theta, double[] xDot, int rows, double[] yDot, double[] scratch) {
    Blas.gemm(false, true, rows, out, in, 1.0, xDot, 0, in, theta, weightOffset, in, 0.0, yDot, 0, out);
    if (gated()) {
      gate(t, theta, scratch, 0);
      for (int r = 0; r < rows; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          yDot[row + j] *= scratch[j];
        }
      }
    }
  }

  @Override
  public double vjp(double t, double[] theta, double[] x, double[] yBar, int rows, double[] xBar,
                    double[] thetaBar, double[] scratch, boolean linearPart) {
    // Scratch layout: [s (out) | gateSums (out) | biasSums (out) | g = ȳ⊙s (rows·out) | x Wᵀ (rows·out)].
    int sOff = 0;
    int gateOff = out;
    int biasOff = 2 * out;
    int gOff = 4 * out;
    int xwOff = gOff + rows * out;
    boolean gated = gated();
    double[] g = yBar;
    int gStart = 0;
    for (int j = 0; j < out; j++) {
      scratch[biasOff + j] = 0;
    }
    for (int r = 0; r < rows; r++) {
      int row = r * out;
      for (int j = 0; j < out; j++) {
        scratch[biasOff + j] += yBar[row + j];
      }
    }
    if (gated) {
      gate(t, theta, scratch, sOff);
      for (int r = 0; r < rows; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          scratch[gOff + row + j] = yBar[row + j] * scratch[sOff + j];
        }
      }
      g = scratch;
      gStart = gOff;
      // Σ_rows ȳ ⊙ (x Wᵀ): the cotangent of the gate, from x Wᵀ recomputed here rather than cached.
      Blas.gemm(false, true, rows, out, in, 1.0, x, 0, in, theta, weightOffset, in, 0.0, scratch, xwOff, out);
      for (int j = 0; j < out; j++) {
        scratch[gateOff + j] = 0;
      }
      for (int r = 0; r < rows; r++) {
        int row = r * out;
        for (int j = 0; j < out; j++) {
          scratch[gateOff + j] += yBar[row + j] * scratch[xwOff + row + j];
        }
      }
    }
    if (xBar != null) {
      Blas.gemm(false, false, rows, in, out, 1.0, g, gStart, out, theta, weightOffset, in, 0.0, xBar, 0, in);
    }
    Blas.gemm(true, false, out, in, rows, 1.0, g, gStart, out, x, 0, in, 1.0, thetaBar, weightOffset, in);
    return accumulateCoefficients(t, theta, gated ? scratch : null, sOff, scratch, gateOff, scratch, biasOff,
        thetaBar, linearPart);
  }
}
