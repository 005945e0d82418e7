package org.odespark.ode;

import java.util.Arrays;

/**
 * Relative and absolute error tolerances, scalar or per component, and the mixed error norm of Hairer and
 * scipy: a local error estimate e is acceptable when
 * <pre>
 *   ‖e‖ = sqrt( (1/n) Σᵢ ( eᵢ / (atolᵢ + rtolᵢ · max(|y₀ᵢ|, |y₁ᵢ|)) )² ) ≤ 1.
 * </pre>
 * {@link #controlling(int)} restricts the norm to the leading components (a seminorm, for the adjoint's
 * [z, a, a_θ, a_t]). Immutable.
 */
public final class Tolerances {

  private final double[] rtol;
  private final double[] atol;
  /** Number of leading components in the norm, or −1 for all (see {@link #controlling}). */
  private final int controlled;

  private Tolerances(double[] rtol, double[] atol, int controlled) {
    if (rtol.length == 0 || atol.length == 0) {
      throw new IllegalArgumentException("rtol and atol must have at least one entry");
    }
    for (int i = 0; i < Math.max(rtol.length, atol.length); i++) {
      double r = rtol[rtol.length == 1 ? 0 : i];
      double a = atol[atol.length == 1 ? 0 : i];
      String at = rtol.length == 1 && atol.length == 1 ? "" : " (component " + i + ")";
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("rtol must be >= 0 and finite, got " + r + at);
      }
      if (!(a >= 0) || Double.isInfinite(a)) {
        throw new IllegalArgumentException("atol must be >= 0 and finite, got " + a + at);
      }
      if (r == 0 && a == 0) {
        throw new IllegalArgumentException("rtol and atol must not both be 0" + at);
      }
    }
    this.rtol = rtol;
    this.atol = atol;
    this.controlled = controlled;
  }

  /**
   * The same tolerances applied to the first {@code count} components only: the error norm (a seminorm) and
   * the initial-step heuristic ignore the others, which still take part in non-finite checks. The adjoint
   * uses it to control its backward steps by [z, a] and not by the parameter integral a_θ (Kidger, Chen,
   * Lyons, "Hey, that's not an ODE: faster ODE adjoints via seminorms", ICML 2021).
   */
  public Tolerances controlling(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a seminorm must control at least one component, got " + count);
    }
    return new Tolerances(rtol, atol, count);
  }

  /** Components entering the norm for a state of dimension n. */
  int controlledCount(int n) {
    return controlled < 0 ? n : Math.min(controlled, n);
  }

  /** Scalar tolerances for every component. */
  public static Tolerances of(double rtol, double atol) {
    return new Tolerances(new double[] {rtol}, new double[] {atol}, -1);
  }

  /**
   * Per-component tolerances; either array may have length 1 (then it applies to every component).
   * Arrays are copied.
   */
  public static Tolerances perComponent(double[] rtol, double[] atol) {
    if (rtol.length > 1 && atol.length > 1 && rtol.length != atol.length) {
      throw new IllegalArgumentException("rtol has " + rtol.length + " entries but atol has " + atol.length);
    }
    return new Tolerances(rtol.clone(), atol.clone(), -1);
  }

  /** Relative tolerance of component i. */
  public double rtol(int i) {
    return rtol[rtol.length == 1 ? 0 : i];
  }

  /** Absolute tolerance of component i. */
  public double atol(int i) {
    return atol[atol.length == 1 ? 0 : i];
  }

  public boolean isScalar() {
    return rtol.length == 1 && atol.length == 1;
  }

  /** Checks that per-component arrays match the state dimension. */
  void checkDimension(int n) {
    if ((rtol.length != 1 && rtol.length != n) || (atol.length != 1 && atol.length != n)) {
      throw new IllegalArgumentException("per-component tolerances have " + Math.max(rtol.length, atol.length)
          + " entries but the state has dimension " + n);
    }
  }

  /**
   * The error ratio ‖e‖ of an estimate, ≤ 1 accepts. Returns NaN if e or y₁ holds a NaN or an infinity (so one
   * comparison per step detects non-finite values).
   *
   * @param e error estimate, length ≥ n, not modified
   * @param y0 state at the step start, not modified
   * @param y1 state at the step end, not modified
   */
  double ratio(double[] e, double[] y0, double[] y1, int n) {
    int m = controlledCount(n);
    double poison = 0;
    for (int i = m; i < n; i++) {
      poison += 0.0 * e[i] + 0.0 * y1[i];
    }
    return Math.sqrt(sumOfSquares(e, y0, y1, m) / m) + poison;
  }

  /** Σᵢ₍ᵢ<m₎ (eᵢ/scᵢ)² with scᵢ = atol + rtol·max(|y₀ᵢ|, |y₁ᵢ|); NaN when e or y₁ has a non-finite entry. */
  private double sumOfSquares(double[] e, double[] y0, double[] y1, int m) {
    double acc = 0;
    double poison = 0;
    if (isScalar()) {
      double r = rtol[0];
      double a = atol[0];
      for (int i = 0; i < m; i++) {
        double sc = a + r * Math.max(Math.abs(y0[i]), Math.abs(y1[i]));
        double q = e[i] / sc;
        acc += q * q;
        poison += 0.0 * y1[i];
      }
    } else {
      for (int i = 0; i < m; i++) {
        double sc = atol(i) + rtol(i) * Math.max(Math.abs(y0[i]), Math.abs(y1[i]));
        double q = e[i] / sc;
        acc += q * q;
        poison += 0.0 * y1[i];
      }
    }
    return acc + poison;
  }

  /** The norm of v scaled by y alone (scᵢ from |yᵢ|), used by the initial step selection and Newton's method. */
  double rmsScaled(double[] v, double[] y, int n) {
    return ratio(v, y, y, n);
  }

  @Override
  public String toString() {
    return (isScalar() ? "rtol=" + rtol[0] + ", atol=" + atol[0]
        : "rtol=" + Arrays.toString(rtol) + ", atol=" + Arrays.toString(atol))
        + (controlled < 0 ? "" : " (seminorm over the first " + controlled + " components)");
  }
}
