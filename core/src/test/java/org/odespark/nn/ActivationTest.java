package org.odespark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

  /** Central differences with h = 1e-5 are accurate to ~1e-9 for these smooth functions. */
  private static final double FD_TOLERANCE = 1e-7;

  @ParameterizedTest
  @EnumSource(Activation.class)
  void derivativesMatchFiniteDifferences(Activation a) {
    double[] xs = {-6, -2.5, -1, -0.3, 0.2, 0.7, 1.5, 3, 7};
    double[] v = new double[1];
    double[] d1 = new double[1];
    double[] d2 = new double[1];
    double h = 1e-5;
    for (double x : xs) {
      a.apply(new double[] {x}, v, d1, d2, 1);
      double[] p = new double[1];
      double[] m = new double[1];
      double[] pd = new double[1];
      double[] md = new double[1];
      a.apply(new double[] {x + h}, p, pd, null, 1);
      a.apply(new double[] {x - h}, m, md, null, 1);
      Check.assertClose(a + " σ' at " + x, (p[0] - m[0]) / (2 * h), d1[0], FD_TOLERANCE, 1e-3);
      Check.assertClose(a + " σ'' at " + x, (pd[0] - md[0]) / (2 * h), d2[0], FD_TOLERANCE, 1e-3);
    }
  }

  @Test
  void valuesAreTheTextbookFunctions() {
    double[] out = new double[1];
    Activation.SOFTPLUS.apply(new double[] {800}, out, null, null, 1);
    assertEquals(800, out[0], 0, "softplus must not overflow for large inputs");
    Activation.SOFTPLUS.apply(new double[] {-800}, out, null, null, 1);
    assertTrue(out[0] >= 0 && out[0] < 1e-300);
    Activation.SWISH.apply(new double[] {2}, out, null, null, 1);
    assertEquals(2 / (1 + Math.exp(-2)), out[0], 1e-15);
    Activation.ELU.apply(new double[] {-1}, out, null, null, 1);
    assertEquals(Math.exp(-1) - 1, out[0], 1e-15);
    Activation.SIGMOID.apply(new double[] {-800}, out, null, null, 1);
    assertEquals(0, out[0], 1e-300);
  }

  @Test
  void fastTanhIsWithinFourUlpsOfStrictMath() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    double worst = 0;
    double worstAt = 0;
    for (int i = 0; i < 200_000; i++) {
      // Log-uniform magnitudes from 1e-300 to 1e2 and both signs, plus the region around the split point.
      double x = i % 2 == 0 ? Math.pow(10, -300 + 302 * r.nextDouble()) : 0.4 + 0.3 * r.nextDouble();
      x = r.nextBoolean() ? x : -x;
      double expected = StrictMath.tanh(x);
      double ulps = Math.abs(Activation.tanh(x) - expected) / Math.ulp(expected);
      if (ulps > worst) {
        worst = ulps;
        worstAt = x;
      }
    }
    assertTrue(worst <= 4, "fast tanh is " + worst + " ulps from StrictMath.tanh at x=" + worstAt);
    assertEquals(0.0, Activation.tanh(0.0), 0.0);
    assertEquals(1.0, Activation.tanh(40), 0.0);
    assertEquals(-1.0, Activation.tanh(Double.NEGATIVE_INFINITY), 0.0);
    assertTrue(Double.isNaN(Activation.tanh(Double.NaN)));
  }

  @Test
  void vectorTanhEqualsTheScalarPathBitForBitAndIsWithinFourUlps() {
    org.junit.jupiter.api.Assumptions.assumeTrue(VectorMath.AVAILABLE, "needs --add-modules jdk.incubator.vector");
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    int n = 100_003;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double m = i % 3 == 0 ? Math.pow(10, -300 + 302 * r.nextDouble()) : 25 * r.nextDouble();
      x[i] = r.nextBoolean() ? m : -m;
    }
    x[0] = Double.NaN;
    x[1] = Double.POSITIVE_INFINITY;
    x[2] = -0.0;
    x[3] = 22.5;
    x[4] = Activation.TANH_SPLIT;
    x[5] = Math.nextUp(Activation.TANH_SPLIT);
    double[] y = new double[n];
    // Many rounds, so that the JIT compiles the kernel and the compiled code is checked too.
    for (int round = 0; round < 40; round++) {
      VectorMath.tanh(x, y, n);
      for (int i = 0; i < n; i++) {
        double scalar = Activation.tanh(x[i]);
        if (Double.doubleToRawLongBits(y[i]) != Double.doubleToRawLongBits(scalar)) {
          throw new AssertionError("round " + round + ": vector tanh(" + x[i] + ") = " + y[i]
              + " but the scalar path gives " + scalar + "; the two must agree bit for bit");
        }
        if (round == 0 && i > 5) {
          double expected = StrictMath.tanh(x[i]);
          double ulps = Math.abs(y[i] - expected) / Math.ulp(expected);
          assertTrue(ulps <= 4, "vector tanh is " + ulps + " ulps off at x=" + x[i]);
        }
      }
    }
    assertTrue(Double.isNaN(y[0]));
    assertEquals(1.0, y[1], 0.0);
    assertEquals(1.0, y[3], 0.0);
  }

  @Test
  void exponentialOfTheTanhRangeIsWithinTwoUlps() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      double y = i < 2 ? 44.0 * i : 44 * r.nextDouble();
      double expected = StrictMath.exp(y);
      double ulps = Math.abs(Activation.expOfTanhRange(y) - expected) / Math.ulp(expected);
      assertTrue(ulps <= 2, "exp(" + y + ") is " + ulps + " ulps off");
    }
  }

  @Test
  void unknownNameListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.named("tahn"));
    assertTrue(e.getMessage().contains("'tahn'") && e.getMessage().contains("valid: tanh, softplus, sigmoid, elu,"
        + " swish"), e.getMessage());
    assertEquals(Activation.SWISH, Activation.named("Swish"));
  }
}
