package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * SGD on the 1-D quadratic f(x) = a x²/2 (gradient a x), against recursions and closed forms derived by
 * hand from the update rule rather than from the code.
 */
class SgdTest {

  /** The recursions round differently from the optimizer over 60 steps; errors stay at ~100 ulp. */
  private static final double RECURSION_TOLERANCE = 1e-12;

  private static final double A = 3.0;
  private static final int STEPS = 60;

  /** Runs {@code o} for {@link #STEPS} steps from x₀ = 1 on f(x) = A x²/2; returns x₀ … x_STEPS. */
  private static double[] trajectory(Optimizer o) {
    double[] x = new double[STEPS + 1];
    double[] theta = {1.0};
    double[] g = new double[1];
    x[0] = theta[0];
    for (int k = 0; k < STEPS; k++) {
      g[0] = A * theta[0];
      o.step(theta, g);
      x[k + 1] = theta[0];
    }
    return x;
  }

  private static void assertTrajectory(double[] expected, double[] actual, String what) {
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], RECURSION_TOLERANCE * Math.max(1, Math.abs(expected[k])),
          what + " at step " + k);
    }
  }

  @Test
  void plainGradientDescentWithWeightDecayIsGeometric() {
    double lr = 0.1;
    double lambda = 0.5;
    double[] x = trajectory(new Sgd(1, SgdOptions.defaults().withLearningRate(lr).withWeightDecay(lambda)));
    double[] expected = new double[STEPS + 1];
    for (int k = 0; k <= STEPS; k++) {
      // x_{k+1} = x_k − lr (a + λ) x_k  ⇒  x_k = (1 − lr (a + λ))^k.
      expected[k] = Math.pow(1 - lr * (A + lambda), k);
    }
    assertTrajectory(expected, x, "gradient descent");
  }

  @Test
  void heavyBallFollowsItsSecondOrderRecursion() {
    double lr = 0.05;
    double mu = 0.9;
    double[] x = trajectory(new Sgd(1, SgdOptions.defaults().withLearningRate(lr).withMomentum(mu)));
    double[] expected = new double[STEPS + 1];
    expected[0] = 1;
    double previous = 1;  // x₋₁ = x₀ because v₀ = 0
    for (int k = 0; k < STEPS; k++) {
      // v_{k+1} = μ v_k + a x_k and x_k − x_{k−1} = −lr v_k give x_{k+1} = x_k − lr a x_k + μ (x_k − x_{k−1}).
      expected[k + 1] = expected[k] - lr * A * expected[k] + mu * (expected[k] - previous);
      previous = expected[k];
    }
    assertTrajectory(expected, x, "heavy ball");
  }

  @Test
  void heavyBallMatchesTheClosedFormOfItsRecursion() {
    // μ = 0.1, lr·a = 0.3: characteristic polynomial r² − (1 + μ − lr a) r + μ = r² − 0.8 r + 0.1 has the
    // real roots r = (0.8 ± √0.24)/2, so x_k = c₁ r₁ᵏ + c₂ r₂ᵏ with x₀ = 1, x₁ = 1 − 0.3 = 0.7.
    double lr = 0.1;
    double[] x = trajectory(new Sgd(1, SgdOptions.defaults().withLearningRate(lr).withMomentum(0.1)));
    double r1 = (0.8 + Math.sqrt(0.24)) / 2;
    double r2 = (0.8 - Math.sqrt(0.24)) / 2;
    double c1 = (0.7 - r2) / (r1 - r2);
    double c2 = 1 - c1;
    double[] expected = new double[STEPS + 1];
    for (int k = 0; k <= STEPS; k++) {
      expected[k] = c1 * Math.pow(r1, k) + c2 * Math.pow(r2, k);
    }
    assertTrajectory(expected, x, "heavy ball closed form");
  }

  @Test
  void nesterovFollowsItsRecursion() {
    double lr = 0.05;
    double mu = 0.9;
    double[] x = trajectory(new Sgd(1, SgdOptions.defaults().withLearningRate(lr).withNesterovMomentum(mu)));
    double[] expected = new double[STEPS + 1];
    expected[0] = 1;
    // First step (v₀ = 0): x₁ = x₀ − lr (1 + μ) a x₀.
    expected[1] = 1 - lr * (1 + mu) * A;
    for (int k = 1; k < STEPS; k++) {
      // x_{k+1} = x_k − lr (g_k + μ v_{k+1}) with v_{k+1} = μ v_k + g_k, and lr μ v_k = x_{k−1} − x_k − lr g_{k−1}:
      // x_{k+1} = x_k − lr (1 + μ) a x_k + μ (x_k − x_{k−1}) + lr μ a x_{k−1}.
      expected[k + 1] = expected[k] - lr * (1 + mu) * A * expected[k] + mu * (expected[k] - expected[k - 1])
          + lr * mu * A * expected[k - 1];
    }
    assertTrajectory(expected, x, "Nesterov");
  }

  @Test
  void coupledWeightDecayConvergesToTheMinimiserOfTheRegularisedLoss() {
    // f(x) = Σ dᵢ (xᵢ − cᵢ)²/2 plus λ‖x‖²/2 has its minimum at xᵢ = dᵢ cᵢ / (dᵢ + λ).
    double[] d = {1, 4};
    double[] c = {2, -1};
    double lambda = 0.3;
    Sgd sgd = new Sgd(2, SgdOptions.defaults().withLearningRate(0.1).withMomentum(0.5).withWeightDecay(lambda));
    double[] theta = {0, 0};
    double[] g = new double[2];
    for (int k = 0; k < 500; k++) {
      for (int i = 0; i < 2; i++) {
        g[i] = d[i] * (theta[i] - c[i]);
      }
      sgd.step(theta, g);
    }
    for (int i = 0; i < 2; i++) {
      // Both modes have complex characteristic roots of modulus √μ ≈ 0.71, so 500 steps leave ~1e-75 of the
      // start error: only rounding of values near 4 (ulp ≈ 9e-16) remains.
      assertEquals(d[i] * c[i] / (d[i] + lambda), theta[i], 1e-13, "component " + i);
    }
  }

  @Test
  void defaultsAreDocumented() {
    SgdOptions d = SgdOptions.defaults();
    assertEquals(1e-2, d.learningRate());
    assertEquals(0, d.momentum());
    assertEquals(false, d.nesterov());
    assertEquals(0, d.weightDecay());
    assertEquals(LearningRateSchedule.constant(), d.schedule());
    assertEquals("sgd", new Sgd(3).name());
  }
}
