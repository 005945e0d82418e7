package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientClipperTest {

  /** One multiplication by maxNorm/‖g‖ per component: each result is within an ulp or two. */
  private static final double SCALE_TOLERANCE = 1e-15;

  @Test
  void gradientBelowTheThresholdIsUntouched() {
    double[] g = {3, 4};
    assertEquals(5.0, new GradientClipper(10).clip(g));
    assertArrayEquals(new double[] {3, 4}, g);
  }

  @Test
  void gradientAtTheThresholdIsUntouched() {
    double[] g = {3, 4};
    assertEquals(5.0, new GradientClipper(5).clip(g));
    assertArrayEquals(new double[] {3, 4}, g);
  }

  @Test
  void gradientAboveTheThresholdIsScaledToTheMaxNormInTheSameDirection() {
    double[] g = {3, -4, 0};
    assertEquals(5.0, new GradientClipper(1).clip(g));
    assertArrayEquals(new double[] {0.6, -0.8, 0}, g, SCALE_TOLERANCE);
    assertEquals(1.0, GradientClipper.norm(g), SCALE_TOLERANCE);
  }

  @Test
  void directionIsPreservedForARandomVector() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(20240607L);
    double[] g = new double[100];
    for (int i = 0; i < g.length; i++) {
      g[i] = random.nextGaussian() * 10;
    }
    double[] original = g.clone();
    double before = new GradientClipper(0.5).clip(g);
    double dot = 0;
    for (int i = 0; i < g.length; i++) {
      dot += g[i] * original[i];
    }
    // cos(angle) = ⟨g', g⟩ / (‖g'‖‖g‖) = 1 for a positive rescaling; 1e-14 absorbs summation rounding.
    assertEquals(1.0, dot / (GradientClipper.norm(g) * before), 1e-14, "seed 20240607");
    assertEquals(0.5, GradientClipper.norm(g), 1e-14, "seed 20240607: clipped norm");
  }

  @Test
  void normNeitherOverflowsNorUnderflows() {
    // Squares of 1e200 overflow and of 1e-170 underflow; the norm must still be 5·scale, up to the few ulp
    // that dividing by the largest component and multiplying back cost.
    assertEquals(5e200, GradientClipper.norm(new double[] {3e200, 4e200}), 5e200 * 1e-15);
    assertEquals(5e-170, GradientClipper.norm(new double[] {3e-170, 4e-170}), 5e-170 * 1e-15);
    double[] huge = {3e200, -4e200};
    new GradientClipper(1).clip(huge);
    assertArrayEquals(new double[] {0.6, -0.8}, huge, SCALE_TOLERANCE);
  }

  @Test
  void zeroGradientHasNormZeroAndStaysZero() {
    double[] g = new double[4];
    assertEquals(0.0, new GradientClipper(1).clip(g));
    assertArrayEquals(new double[4], g);
  }

  @Test
  void nonFiniteGradientIsAnErrorNamingTheComponentAndLeavesTheGradientAlone() {
    double[] g = {1, Double.NaN, 2};
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new GradientClipper(1).clip(g));
    assertTrue(e.getMessage().contains("gradient component 1 is NaN"), e.getMessage());
    assertArrayEquals(new double[] {1, Double.NaN, 2}, g);

    double[] inf = {1, 2, Double.NEGATIVE_INFINITY};
    e = assertThrows(IllegalStateException.class, () -> new GradientClipper(1).clip(inf));
    assertTrue(e.getMessage().contains("gradient component 2 is -Infinity"), e.getMessage());
  }

  @Test
  void maxNormMustBePositiveAndFinite() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradientClipper(bad));
      assertEquals("maxNorm must be > 0 and finite, got " + bad, e.getMessage());
    }
  }
}
