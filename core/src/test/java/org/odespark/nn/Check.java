package org.odespark.nn;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.odespark.testing.Close;

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

  /** Componentwise relative agreement with a floor at 1 % of ‖expected‖∞ ({@link Close#assertClose}). */
  public static void assertClose(String what, double[] expected, double[] actual, double tol) {
    Close.assertClose(what, expected, actual, tol);
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
