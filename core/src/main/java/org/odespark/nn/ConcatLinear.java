package org.odespark.nn;

import java.util.random.RandomGenerator;

/**
 * A linear layer on the input with t appended (Chen et al. 2018; FFJORD's ConcatLinear):
 * {@code y = [x, t] [W, w_t]ᵀ + b = x Wᵀ + t w_t + b}. Parameters: W (out × in), w_t (out), b (out).
 * Initialization: all ~ U(−1/√(in+1), 1/√(in+1)) (PyTorch's nn.Linear(in + 1, out) default).
 */
public final class ConcatLinear extends AffineLayer {

  private final int timeWeightOffset;
  private final int biasOffset;

  public ConcatLinear(int in, int out, ParameterLayout.Builder layout, String name) {
    super(in, out, layout.add(name + ".W", out, in));
    this.timeWeightOffset = layout.add(name + ".wt", 1, out);
    this.biasOffset = layout.add(name + ".b", 1, out);
  }

  @Override
  public int parameterCount() {
    return out * in + 2 * out;
  }

  @Override
  public boolean timeDependent() {
    return true;
  }

  @Override
  boolean gated() {
    return false;
  }

  @Override
  void gate(double t, double[] theta, double[] s) {
    throw new IllegalStateException("ConcatLinear has no gate");
  }

  @Override
  void bias(double t, double[] theta, double[] beta) {
    for (int j = 0; j < out; j++) {
      beta[j] = theta[biasOffset + j] + t * theta[timeWeightOffset + j];
    }
  }

  @Override
  double accumulateCoefficients(double t, double[] theta, double[] s, double[] gateSums, double[] biasSums,
                                double[] thetaBar) {
    double tBar = 0;
    for (int j = 0; j < out; j++) {
      double sum = biasSums[j];
      thetaBar[biasOffset + j] += sum;
      thetaBar[timeWeightOffset + j] += t * sum;
      tBar += sum * theta[timeWeightOffset + j];
    }
    return tBar;
  }

  @Override
  public void initialize(double[] theta, RandomGenerator rng) {
    uniform(theta, weightOffset, out * in, in + 1, rng);
    uniform(theta, timeWeightOffset, out, in + 1, rng);
    uniform(theta, biasOffset, out, in + 1, rng);
  }
}
