package org.odespark.nn;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.odespark.testing.Close;
import org.odespark.testing.RandomVectors;

/** Shared assertions and random data for derivative tests. */
public final class Check {

  private Check() {}

  static double[] random(SplittableRandom r, int n, double scale) {
    return RandomVectors.uniform(r, n, scale);
  }

  static double dot(double[] a, double[] b, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Componentwise relative agreement with a floor at 1 % of ‖expected‖∞ ({@link Close#assertClose}). */
  public static void assertClose(String what, double[] expected, double[] actual, double tol) {
    Close.assertClose(what, expected, actual, tol);
  }

  static void assertClose(String what, double expected, double actual, double tol, double scale) {
    if (!(Math.abs(actual - expected) <= tol * Math.max(Math.abs(expected), scale))) {
      fail(what + ": expected " + expected + " got " + actual + " (relative tolerance " + tol + ")");
    }
  }
}
