package org.odespark.testing;

import static org.junit.jupiter.api.Assertions.fail;

/** The one componentwise relative-error assertion of the derivative and gradient tests. */
public final class Close {

  private Close() {}

  /** {@link #assertClose(String, double[], double[], double, double)} with the floor at 1 % of ‖expected‖∞. */
  public static void assertClose(String what, double[] expected, double[] actual, double tol) {
    assertClose(what, expected, actual, tol, 1e-2);
  }

  /**
   * Asserts |actual − expected| ≤ tol·max(|expected|, floor·‖expected‖∞) componentwise and reports the worst
   * component (the floor keeps near-zero components from demanding absolute agreement at round-off).
   */
  public static void assertClose(String what, double[] expected, double[] actual, double tol, double floor) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " components, got " + actual.length);
    }
    double norm = 0;
    for (double e : expected) {
      norm = Math.max(norm, Math.abs(e));
    }
    int worst = -1;
    double worstRatio = 0;
    for (int i = 0; i < expected.length; i++) {
      double bound = tol * Math.max(Math.max(Math.abs(expected[i]), floor * norm), 1e-300);
      double ratio = Math.abs(actual[i] - expected[i]) / bound;
      if (!(ratio <= worstRatio) || Double.isNaN(actual[i])) {
        worstRatio = Double.isNaN(actual[i]) ? Double.POSITIVE_INFINITY : ratio;
        worst = i;
      }
    }
    if (worstRatio > 1) {
      fail(what + ": component " + worst + " expected " + expected[worst] + " got " + actual[worst]
          + " (error " + Math.abs(actual[worst] - expected[worst]) + ", " + worstRatio + "× the allowed "
          + tol + " relative)");
    }
  }
}
