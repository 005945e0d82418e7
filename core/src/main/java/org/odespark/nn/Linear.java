package org.odespark.nn;

import java.util.random.RandomGenerator;

/**
 * y = x Wᵀ + b, independent of t. Parameters: W (out × in), then b (out). Initialization: W, b ~
 * U(−1/√in, 1/√in) (PyTorch's nn.Linear default).
 */
public final class Linear extends AffineLayer {

  private final int biasOffset;

  /** Appends W and b to {@code layout} under {@code name}.W / {@code name}.b. */
  public Linear(int in, int out, ParameterLayout.Builder layout, String name) {
    super(in, out, layout.add(name + ".W", out, in));
    this.biasOffset = layout.add(name + ".b", 1, out);
  }

  @Override
  public int parameterCount() {
    return out * in + out;
  }

  @Override
  public boolean timeDependent() {
    return false;
  }

  @Override
  boolean gated() {
    return false;
  }

  @Override
  void gate(double t, double[] theta, double[] s, int sOff) {
    throw new IllegalStateException("Linear has no gate");
  }

  @Override
  void bias(double t, double[] theta, double[] beta, int betaOff) {
    System.arraycopy(theta, biasOffset, beta, betaOff, out);
  }

  @Override
  double accumulateCoefficients(double t, double[] theta, double[] s, int sOff, double[] gateSums, int gateOff,
                                double[] biasSums, int biasOff, double[] thetaBar, boolean linearPart) {
    if (!linearPart) {
      for (int j = 0; j < out; j++) {
        thetaBar[biasOffset + j] += biasSums[biasOff + j];
      }
    }
    return 0;
  }

  @Override
  public void initialize(double[] theta, RandomGenerator rng) {
    uniform(theta, weightOffset, out * in, in, rng);
    uniform(theta, biasOffset, out, in, rng);
  }
}
