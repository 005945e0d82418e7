package org.odespark.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shared central differences: exact on quadratics, the steps they claim, x restored bit for bit. */
class FiniteDifferencesTest {

  /** f(x) = Σ (i + 1) xᵢ² + x₀x₁: central differences of a quadratic are exact up to round-off. */
  private static double quadratic(double[] x) {
    double s = x[0] * x[1];
    for (int i = 0; i < x.length; i++) {
      s += (i + 1) * x[i] * x[i];
    }
    return s;
  }

  private static double[] quadraticGradient(double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = 2 * (i + 1) * x[i];
    }
    g[0] += x[1];
    g[1] += x[0];
    return g;
  }

  @Test
  void gradientsOfAQuadraticAreExactAndLeaveXAsItWas() {
    double[] x = {0.3, -1.7, 25.0, 0.1};
    double[] copy = x.clone();
    double[] g = quadraticGradient(x);
    // Round-off only: ε·|f| / h with |f| ≈ 2e3 and h = 1e-4 is ~5e-9 absolute.
    assertArrayEquals(g, FiniteDifferences.gradient(FiniteDifferencesTest::quadratic, x, 1e-4), 1e-7);
    assertArrayEquals(g, FiniteDifferences.gradientWithRelativeStep(FiniteDifferencesTest::quadratic, x, 1e-4),
        1e-7);
    assertArrayEquals(copy, x, 0.0);
    double[] some = FiniteDifferences.gradient(FiniteDifferencesTest::quadratic, x, 1e-4, 1, 3);
    assertEquals(0.0, some[0], 0.0);
    assertEquals(g[1], some[1], 1e-7);
    assertEquals(g[2], some[2], 1e-7);
    assertEquals(0.0, some[3], 0.0);
  }

  @Test
  void stepsAreAbsoluteOrScaledByTheComponent() {
    // f = x³ has central difference 3x² + h², so the error reveals the step used; the round-off
    // ε·|f| / h ≈ 2e-16 · 6.4e4 / 1e-2 ≈ 1e-9 is far below the h² that tells the steps apart.
    double[] x = {0.5, 40.0};
    double[] cube = FiniteDifferences.gradient(v -> v[0] * v[0] * v[0] + v[1] * v[1] * v[1], x, 1e-2);
    assertEquals(3 * 0.25 + 1e-4, cube[0], 1e-8);
    assertEquals(3 * 1600 + 1e-4, cube[1], 1e-8);
    double[] scaled =
        FiniteDifferences.gradientWithRelativeStep(v -> v[0] * v[0] * v[0] + v[1] * v[1] * v[1], x, 1e-2);
    assertEquals(3 * 0.25 + 1e-4, scaled[0], 1e-8);
    assertEquals(3 * 1600 + 0.4 * 0.4, scaled[1], 1e-8);
    assertEquals(3 * 4 + 1e-4, FiniteDifferences.derivative(t -> t * t * t, 2, 1e-2), 1e-10);
  }

  @Test
  void directionalDerivativeOfALinearMapIsTheMapOfTheDirection() {
    double[] x = {1, 2};
    double[] v = {0.5, -3};
    double[] jv = FiniteDifferences.directional(y -> new double[] {2 * y[0] + y[1], -y[1], 7}, x, v, 1e-3);
    assertArrayEquals(new double[] {2 * 0.5 - 3, 3, 0}, jv, 1e-12);
    assertArrayEquals(new double[] {1, 2}, x, 0.0);
  }
}
