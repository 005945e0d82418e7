package org.odespark.testing;

import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * The central differences of the derivative and gradient tests: (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, which
 * has truncation error O(h²·f''') and round-off O(ε·|f| / h). Each test chooses h (and says why) itself.
 *
 * <p>The vector forms perturb {@code x} <em>in place</em>, one component at a time: component i is set to
 * xᵢ + h, f is called, then xᵢ − h, f is called, and xᵢ is put back bit for bit before the next component.
 * f therefore sees the perturbation whether it reads its argument or reaches {@code x} through another
 * reference (a vector field that holds θ, say), and {@code x} is unchanged on return. f must not modify
 * its argument.
 */
public final class FiniteDifferences {

  private FiniteDifferences() {}

  /** (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with {@code x} perturbed in place and restored. */
  public static double partial(ToDoubleFunction<double[]> f, double[] x, int i, double h) {
    double keep = x[i];
    x[i] = keep + h;
    double plus = f.applyAsDouble(x);
    x[i] = keep - h;
    double minus = f.applyAsDouble(x);
    x[i] = keep;
    return (plus - minus) / (2 * h);
  }

  /** Central differences of f at x in every component, with the same absolute step h in each. */
  public static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double h) {
    return gradient(f, x, h, 0, x.length);
  }

  /**
   * Central differences of f at x in the components {@code from} (inclusive) to {@code to} (exclusive), with
   * the absolute step h; the other components of the result are 0.
   */
  public static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double h, int from, int to) {
    double[] out = new double[x.length];
    for (int i = from; i < to; i++) {
      out[i] = partial(f, x, i, h);
    }
    return out;
  }

  /**
   * Central differences of f at x in every component, with the relative step h·max(1, |xᵢ|) in component i
   * (absolute for |xᵢ| ≤ 1, so that components near 0 are not differenced at round-off).
   */
  public static double[] gradientWithRelativeStep(ToDoubleFunction<double[]> f, double[] x, double h) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = partial(f, x, i, h * Math.max(1, Math.abs(x[i])));
    }
    return out;
  }

  /** (f(t + h) − f(t − h)) / 2h for a function of one variable. */
  public static double derivative(DoubleUnaryOperator f, double t, double h) {
    return (f.applyAsDouble(t + h) - f.applyAsDouble(t - h)) / (2 * h);
  }

  /**
   * The directional derivative of a vector-valued f at x along v, componentwise:
   * (f(x + h·v) − f(x − h·v)) / 2h. f gets fresh arrays x ± h·v (x is not touched); v has x's length.
   */
  public static double[] directional(UnaryOperator<double[]> f, double[] x, double[] v, double h) {
    double[] plus = new double[x.length];
    double[] minus = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      plus[i] = x[i] + h * v[i];
      minus[i] = x[i] - h * v[i];
    }
    double[] fp = f.apply(plus);
    double[] fm = f.apply(minus);
    double[] out = new double[fp.length];
    for (int i = 0; i < fp.length; i++) {
      out[i] = (fp[i] - fm[i]) / (2 * h);
    }
    return out;
  }
}
