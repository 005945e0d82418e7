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
  void gate(double t, double[] theta, double[] s) {
    throw new IllegalStateException("Linear has no gate");
  }

  @Override
  void bias(double t, double[] theta, double[] beta) {
    System.arraycopy(theta, biasOffset, beta, 0, out);
  }

  @Override
  double accumulateCoefficients(double t, double[] theta, double[] s, double[] gateSums, double[] biasSums,
                                double[] thetaBar) {
    for (int j = 0; j < out; j++) {
      thetaBar[biasOffset + j] += biasSums[j];
    }
    return 0;
  }

  @Override
  public void initialize(double[] theta, RandomGenerator rng) {
    uniform(theta, weightOffset, out * in, in, rng);
    uniform(theta, biasOffset, out, in, rng);
  }
}
