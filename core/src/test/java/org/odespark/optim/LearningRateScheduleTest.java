package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Schedule values at chosen iterations, written out from the formulas. */
class LearningRateScheduleTest {

  /** cos(π/2) and cos(π/4) are not exact in binary (cos(π/2) ≈ 6e-17); a few ulp of the rate. */
  private static final double COSINE_TOLERANCE = 1e-15;

  @Test
  void constantNeverChanges() {
    LearningRateSchedule s = LearningRateSchedule.constant();
    assertEquals(0.3, s.rate(0, 0.3));
    assertEquals(0.3, s.rate(1_000_000_000L, 0.3));
  }

  @Test
  void stepDecayDropsExactlyAtMultiplesOfTheStepSize() {
    LearningRateSchedule s = LearningRateSchedule.stepDecay(0.5, 10);
    // Powers of 1/2 are exact, so these are exact equalities.
    assertEquals(0.8, s.rate(0, 0.8));
    assertEquals(0.8, s.rate(9, 0.8));
    assertEquals(0.4, s.rate(10, 0.8));
    assertEquals(0.4, s.rate(19, 0.8));
    assertEquals(0.2, s.rate(20, 0.8));
    assertEquals(0.1, s.rate(35, 0.8));
  }

  @Test
  void stepDecayWithATenthMultipliesByPowersOfATenth() {
    LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 100);
    // 0.1·0.1 is not exactly the double nearest 0.01; they differ in the last bit.
    assertEquals(2 * 0.01, s.rate(250, 2), 1e-17);
    assertEquals(2 * 0.1, s.rate(100, 2));
  }

  @Test
  void cosineStartsAtTheBaseIsHalfwayAtTheMidpointAndHoldsTheMinimumAfterThePeriod() {
    double base = 2;
    double min = 0.2;
    LearningRateSchedule s = LearningRateSchedule.cosine(100, min / base);
    assertEquals(base, s.rate(0, base));
    assertEquals((base + min) / 2, s.rate(50, base), COSINE_TOLERANCE);
    // η_min + (η − η_min)(1 + cos(π/4))/2 with cos(π/4) = √2/2.
    assertEquals(min + (base - min) * (1 + Math.sqrt(2) / 2) / 2, s.rate(25, base), COSINE_TOLERANCE);
    assertEquals(min, s.rate(100, base));
    assertEquals(min, s.rate(101, base), "held after T, not continuing along the cosine");
    assertEquals(min, s.rate(150, base));
    assertEquals(min, s.rate(Long.MAX_VALUE, base));
  }

  @Test
  void warmupRampsLinearlyAndReachesTheFullRateAtItsEnd() {
    LearningRateSchedule s = LearningRateSchedule.constant().withWarmup(0, 5);
    assertEquals(0.0, s.rate(0, 1));
    assertEquals(0.2, s.rate(1, 1));
    assertEquals(0.8, s.rate(4, 1));
    assertEquals(1.0, s.rate(5, 1));
    assertEquals(1.0, s.rate(100, 1));
  }

  @Test
  void warmupStartsTheWrappedScheduleClockWhenItEnds() {
    double base = 0.4;
    LearningRateSchedule s = LearningRateSchedule.cosine(10, 0).withWarmup(0.1, 4);
    assertEquals(0.1 * base, s.rate(0, base));
    // (a + (1 − a)·2/4)·η = (0.1 + 0.45)·η; 0.1 and 0.9 are inexact, so the two orders of rounding may
    // differ by an ulp.
    assertEquals((0.1 + 0.9 * 0.5) * base, s.rate(2, base), 1e-16);
    assertEquals(base, s.rate(4, base));
    assertEquals(base / 2, s.rate(9, base), COSINE_TOLERANCE);
    assertEquals(0.0, s.rate(14, base));
  }

  @Test
  void eachStepUsesTheRateOfItsIteration() {
    double base = 0.5;
    LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.5, 3).withWarmup(0.25, 2);
    Sgd sgd = new Sgd(1, SgdOptions.defaults().withLearningRate(base).withSchedule(schedule));
    double[] theta = {0};
    double[] one = {1};
    // Rates by hand: warmup 0.25·η, 0.625·η; then the decay's clock 0..: η, η, η, η/2, η/2, η/2, η/4.
    double[] expected = {0.125, 0.3125, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], sgd.learningRate(), "learningRate() before step " + k);
      double before = theta[0];
      sgd.step(theta, one);
      // With g = 1 the step is exactly −η_k (η_k and θ are short binary fractions).
      assertEquals(expected[k], before - theta[0], "rate used by step " + k);
    }
  }

  @Test
  void invalidParametersAreRejectedWithTheirNames() {
    assertMessage("gamma must be in (0, 1], got 1.5", () -> LearningRateSchedule.stepDecay(1.5, 10));
    assertMessage("gamma must be in (0, 1], got 0.0", () -> LearningRateSchedule.stepDecay(0, 10));
    assertMessage("stepSize must be >= 1, got 0", () -> LearningRateSchedule.stepDecay(0.5, 0));
    assertMessage("period must be >= 1, got 0", () -> LearningRateSchedule.cosine(0, 0));
    assertMessage("minFactor must be in [0, 1], got NaN", () -> LearningRateSchedule.cosine(10, Double.NaN));
    assertMessage("minFactor must be in [0, 1], got 1.1", () -> LearningRateSchedule.cosine(10, 1.1));
    assertMessage("startFactor must be in [0, 1], got -0.1",
        () -> LearningRateSchedule.constant().withWarmup(-0.1, 5));
    assertMessage("warmup iterations must be >= 1, got 0", () -> LearningRateSchedule.constant().withWarmup(0, 0));
    NullPointerException npe = assertThrows(NullPointerException.class,
        () -> new LearningRateSchedule.LinearWarmup(0, 3, null));
    assertTrue(npe.getMessage().contains("after"), npe.getMessage());
  }

  private static void assertMessage(String expected, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertEquals(expected, x.getMessage());
  }
}
