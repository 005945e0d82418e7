package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Adam and AdamW against arithmetic done by hand from Kingma &amp; Ba's Algorithm 1. */
class AdamTest {

  /**
   * The code forms 1 − β in floating point (1 − 0.9 = 0.09999999999999998, not 0.1) and folds the bias
   * corrections differently from the hand formulas; that moves results by a few ulp, far below this.
   */
  private static final double HAND_TOLERANCE = 1e-14;

  @Test
  void firstTwoStepsMatchHandArithmetic() {
    Adam adam = new Adam(1, AdamOptions.defaults().withLearningRate(0.1));
    double[] theta = {1.0};

    adam.step(theta, new double[] {2.0});
    // m₁ = 0.1·2 = 0.2, v₁ = 0.001·4 = 0.004, m̂₁ = 0.2/0.1 = 2, v̂₁ = 0.004/0.001 = 4,
    // θ₁ = 1 − 0.1·2/(√4 + 1e-8)
    double theta1 = 1 - 0.1 * 2 / (2 + 1e-8);
    assertEquals(theta1, theta[0], HAND_TOLERANCE, "θ after step 1");
    assertEquals(0.2, adam.state().array("m")[0], HAND_TOLERANCE, "m after step 1");
    assertEquals(0.004, adam.state().array("v")[0], HAND_TOLERANCE, "v after step 1");

    adam.step(theta, new double[] {-1.0});
    // m₂ = 0.9·0.2 + 0.1·(−1) = 0.08, v₂ = 0.999·0.004 + 0.001·1 = 0.004996,
    // m̂₂ = 0.08/(1 − 0.81) = 0.08/0.19, v̂₂ = 0.004996/(1 − 0.998001) = 0.004996/0.001999
    double theta2 = theta1 - 0.1 * (0.08 / 0.19) / (Math.sqrt(0.004996 / 0.001999) + 1e-8);
    assertEquals(theta2, theta[0], HAND_TOLERANCE, "θ after step 2");
    assertEquals(0.08, adam.state().array("m")[0], HAND_TOLERANCE, "m after step 2");
    assertEquals(0.004996, adam.state().array("v")[0], HAND_TOLERANCE, "v after step 2");
    assertEquals(2, adam.iteration());
  }

  @Test
  void firstStepMovesEachComponentByTheLearningRateTimesTheSignOfItsGradient() {
    double lr = 0.01;
    double[] gradient = {1e-3, -0.5, 7, -1e4, 3e-2};
    for (Optimizer o : new Optimizer[] {new Adam(5, AdamOptions.defaults().withLearningRate(lr)),
        new AdamW(5, AdamOptions.adamWDefaults().withLearningRate(lr).withWeightDecay(0))}) {
      double[] theta = new double[5];
      o.step(theta, gradient);
      for (int i = 0; i < 5; i++) {
        // m̂₁ = g, v̂₁ = g², so the step is lr·g/(|g| + ε): off from lr·sign(g) by lr·ε/|g| ≤ lr·1e-5 here.
        assertEquals(-lr * Math.signum(gradient[i]), theta[i], lr * 2e-5, o.name() + " component " + i);
      }
    }
  }

  @Test
  void adamCouplesDecayIntoTheGradientWhileAdamWShrinksThetaBeforeTheUpdate() {
    AdamOptions options = AdamOptions.defaults().withLearningRate(0.1).withWeightDecay(0.5);
    double[] gradient = {1.0};

    double[] coupled = {2.0};
    new Adam(1, options).step(coupled, gradient);
    // g' = 1 + 0.5·2 = 2, first step moves by lr·g'/(|g'| + ε).
    assertEquals(2 - 0.1 * 2 / (2 + 1e-8), coupled[0], HAND_TOLERANCE, "Adam: coupled decay");

    double[] decoupled = {2.0};
    new AdamW(1, options).step(decoupled, gradient);
    // θ ← 2·(1 − 0.1·0.5) = 1.9, then the Adam step on g = 1: − 0.1·1/(1 + ε).
    // Decay after the update would give (2 − 0.1)·0.95 ≈ 1.805; coupled decay ≈ 1.9.
    assertEquals(2 * (1 - 0.1 * 0.5) - 0.1 * 1 / (1 + 1e-8), decoupled[0], HAND_TOLERANCE, "AdamW: decoupled");
  }

  @Test
  void coupledDecayIsNormalisedAwayButDecoupledDecayScalesWithLambda() {
    double lr = 0.01;
    double[] zero = {0.0};
    for (double lambda : new double[] {1e-3, 0.5}) {
      AdamOptions options = AdamOptions.defaults().withLearningRate(lr).withWeightDecay(lambda);
      double[] coupled = {3.0};
      new Adam(1, options).step(coupled, zero);
      // With g = 0 Adam's first step sees g' = λθ and moves by lr·λθ/(λθ + ε) ≈ lr whatever λ is;
      // the shortfall lr·ε/(λθ) is at most lr·4e-6 here.
      assertEquals(3 - lr, coupled[0], lr * 1e-5, "Adam λ=" + lambda);

      double[] decoupled = {3.0};
      new AdamW(1, options).step(decoupled, zero);
      // AdamW: m = v = 0, so only the shrink acts: θ = 3·(1 − lr·λ), proportional to λ.
      assertEquals(3 * (1 - lr * lambda), decoupled[0], HAND_TOLERANCE, "AdamW λ=" + lambda);
    }
  }

  @Test
  void adamWWithoutDecayTakesTheSameStepsAsAdam() {
    AdamOptions options = AdamOptions.defaults().withLearningRate(0.05).withWeightDecay(0);
    Adam adam = new Adam(3, options);
    AdamW adamW = new AdamW(3, options);
    double[] a = {1, -2, 0.5};
    double[] b = a.clone();
    for (int k = 0; k < 20; k++) {
      double[] g = {a[0] - 0.3 * k, 2 * a[1], Math.sin(k)};
      adam.step(a, g);
      adamW.step(b, g);
    }
    // Same element loop with shrink 1 and coupling 0: bit-identical, not just close.
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
  }

  @Test
  void defaultsAreKingmaAndBasAndPyTorchsAdamW() {
    AdamOptions d = AdamOptions.defaults();
    assertEquals(1e-3, d.learningRate());
    assertEquals(0.9, d.beta1());
    assertEquals(0.999, d.beta2());
    assertEquals(1e-8, d.epsilon());
    assertEquals(0, d.weightDecay());
    assertEquals(LearningRateSchedule.constant(), d.schedule());
    assertEquals(1e-2, AdamOptions.adamWDefaults().weightDecay());
    assertEquals(1e-2, new AdamW(2).options().weightDecay());
    assertEquals("adam", new Adam(2).name());
    assertEquals("adamw", new AdamW(2).name());
  }
}
