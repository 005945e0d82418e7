package org.odespark.nn;

import java.util.random.RandomGenerator;

/**
 * FFJORD's ConcatSquashLinear (Grathwohl et al., ICLR 2019): the input layer's output is gated and shifted by
 * functions of t,
 * <pre>
 *   y = (x Wᵀ + b) ⊙ σ(g t + c) + h t
 * </pre>
 * with σ the logistic function. Parameters: W (out × in), b, g, c, h (out each). Initialization as PyTorch's
 * defaults for FFJORD's three sub-layers: W, b ~ U(−1/√in, 1/√in); g, c, h ~ U(−1, 1) (fan-in 1).
 */
public final class ConcatSquash extends AffineLayer {

  private final int biasOffset;
  private final int gateWeightOffset;
  private final int gateBiasOffset;
  private final int shiftOffset;

  public ConcatSquash(int in, int out, ParameterLayout.Builder layout, String name) {
    super(in, out, layout.add(name + ".W", out, in));
    this.biasOffset = layout.add(name + ".b", 1, out);
    this.gateWeightOffset = layout.add(name + ".gate.w", 1, out);
    this.gateBiasOffset = layout.add(name + ".gate.b", 1, out);
    this.shiftOffset = layout.add(name + ".shift.w", 1, out);
  }

  @Override
  public int parameterCount() {
    return out * in + 4 * out;
  }

  @Override
  public boolean timeDependent() {
    return true;
  }

  @Override
  boolean gated() {
    return true;
  }

  @Override
  void gate(double t, double[] theta, double[] s) {
    for (int j = 0; j < out; j++) {
      s[j] = Activation.sigmoid(theta[gateWeightOffset + j] * t + theta[gateBiasOffset + j]);
    }
  }

  @Override
  void bias(double t, double[] theta, double[] beta) {
    // In the form (x Wᵀ) ⊙ s + β: β = b ⊙ s + h t.
    for (int j = 0; j < out; j++) {
      double s = Activation.sigmoid(theta[gateWeightOffset + j] * t + theta[gateBiasOffset + j]);
      beta[j] = theta[biasOffset + j] * s + theta[shiftOffset + j] * t;
    }
  }

  @Override
  double accumulateCoefficients(double t, double[] theta, double[] s, double[] gateSums, double[] biasSums,
                                double[] thetaBar) {
    double tBar = 0;
    for (int j = 0; j < out; j++) {
      double sj = s[j];
      double sum = biasSums[j];
      // The gate multiplies x Wᵀ on every row and b on the primal rows (whose ȳ sum is biasSums).
      double sBar = gateSums[j] + theta[biasOffset + j] * sum;
      thetaBar[biasOffset + j] += sj * sum;
      thetaBar[shiftOffset + j] += t * sum;
      tBar += theta[shiftOffset + j] * sum;
      double uBar = sBar * sj * (1 - sj);
      thetaBar[gateWeightOffset + j] += uBar * t;
      thetaBar[gateBiasOffset + j] += uBar;
      tBar += uBar * theta[gateWeightOffset + j];
    }
    return tBar;
  }

  @Override
  public void initialize(double[] theta, RandomGenerator rng) {
    uniform(theta, weightOffset, out * in, in, rng);
    uniform(theta, biasOffset, out, in, rng);
    uniform(theta, gateWeightOffset, out, 1, rng);
    uniform(theta, gateBiasOffset, out, 1, rng);
    uniform(theta, shiftOffset, out, 1, rng);
  }
}
