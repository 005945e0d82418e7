package org.odespark.nn;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Shared assertions and random data for derivative tests. */
public final class Check {

  private Check() {}

  static double[] random(SplittableRandom r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * (2 * r.nextDouble() - 1);
    }
    return v;
  }

  static double dot(double[] a, double[] b, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Asserts |actual − expected| ≤ tol·max(|expected|, 1e−2·‖expected‖∞) componentwise, reporting the worst
   * component (the floor keeps near-zero components from demanding absolute agreement at round-off).
   */
  public static void assertClose(String what, double[] expected, double[] actual, double tol) {
    double norm = 0;
    for (double e : expected) {
      norm = Math.max(norm, Math.abs(e));
    }
    int worst = -1;
    double worstRatio = 0;
    for (int i = 0; i < expected.length; i++) {
      double bound = tol * Math.max(Math.max(Math.abs(expected[i]), 1e-2 * norm), 1e-300);
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

  static void assertClose(String what, double expected, double actual, double tol, double scale) {
    if (!(Math.abs(actual - expected) <= tol * Math.max(Math.abs(expected), scale))) {
      fail(what + ": expected " + expected + " got " + actual + " (relative tolerance " + tol + ")");
    }
  }

  /** A scalar function of a vector, for finite differences. */
  interface Scalar {
    double at(double[] v);
  }

  /** Central differences of g at v in every coordinate, step h·max(1, |vᵢ|). */
  static double[] gradient(Scalar g, double[] v, double h) {
    double[] out = new double[v.length];
    double[] w = v.clone();
    for (int i = 0; i < v.length; i++) {
      double step = h * Math.max(1, Math.abs(v[i]));
      w[i] = v[i] + step;
      double plus = g.at(w);
      w[i] = v[i] - step;
      double minus = g.at(w);
      w[i] = v[i];
      out[i] = (plus - minus) / (2 * step);
    }
    return out;
  }
}
