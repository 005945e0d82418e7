package org.odespark.ode.tableau;

import java.util.Arrays;

/**
 * An explicit Runge–Kutta method as data: the Butcher array, an optional embedded error estimate and a
 * continuous extension ({@link Interpolant}).
 *
 * <pre>
 *   c₀ = 0 |
 *   c₁     | a₁₀
 *   ⋮      | ⋮        ⋱
 *   c_{s-1}| a_{s-1,0} … a_{s-1,s-2}
 *   -------+---------------------------
 *          | b₀  …          b_{s-1}
 * </pre>
 *
 * One step from (t, y) with step h: {@code kᵢ = f(t + cᵢh, y + h Σⱼ aᵢⱼ kⱼ)}, {@code y₁ = y + h Σ bᵢ kᵢ}.
 * The embedded estimate of the local error is {@code err = h Σ eᵢ kᵢ} with {@code e = b − b̂}, where b̂ is
 * a lower-order solution; its size is O(h^(errorOrder+1)) and the step-size controller's exponent uses
 * that order. Dormand–Prince 8(5,3) carries a second estimate ({@link #secondaryErrorWeights()}) that
 * the engine combines with the first as Hairer's DOP853 does.
 *
 * <p>The constructor checks the consistency conditions (cᵢ = Σⱼ aᵢⱼ, Σ bᵢ = 1, Σ eᵢ = 0, A strictly lower
 * triangular, c₀ = 0) and derives FSAL ("first same as last": the last stage is f(t + h, y₁), so it is the
 * next step's first stage). Higher order conditions are checked by the tests, per tableau.
 *
 * <p>Immutable and thread-safe; accessors return copies.
 */
public final class ButcherTableau {

  /** Published coefficients have 16–17 digits (Kværnø's decimals): sums hold to about 1e-15. */
  private static final double CONSISTENCY_TOLERANCE = 1e-12;

  private final String name;
  private final int stages;
  private final double[] c;
  private final double[] a;
  private final double[] b;
  private final double[] errorWeights;
  private final double[] secondaryErrorWeights;
  /** The diagonal of A (all 0 for an explicit method). */
  private final double[] diagonal;
  private final boolean implicit;
  private final int order;
  private final int errorOrder;
  private final boolean fsal;
  private final Interpolant interpolant;

  /**
   * @param name method name used in messages and configuration (e.g. {@code dopri5})
   * @param c nodes, length s, c₀ = 0
   * @param a coefficients, s rows, row i has i entries (the strictly lower triangle, ragged)
   * @param b weights, length s
   * @param errorWeights e = b − b̂ of length s, or null for a method without error estimate
   * @param secondaryErrorWeights second estimate (DOP853's third-order one), or null
   * @param order order p of the method (of y₁)
   * @param errorOrder order q of the error estimate used by step control (local error ∝ h^(q+1)); 0 when
   *     there is no estimate
   * @param interpolant the continuous extension over this tableau's stages
   */
  public ButcherTableau(String name, double[] c, double[][] a, double[] b, double[] errorWeights,
                        double[] secondaryErrorWeights, int order, int errorOrder, Interpolant interpolant) {
    this(name, c, a, null, b, errorWeights, secondaryErrorWeights, order, errorOrder, interpolant);
  }

  /**
   * A diagonally implicit method with an explicit first stage (ESDIRK): stage i solves
   * {@code Yᵢ = y + h Σ_{j<i} aᵢⱼ kⱼ + h dᵢ f(t + cᵢh, Yᵢ)}, and the consistency condition reads
   * cᵢ = Σ_{j<i} aᵢⱼ + dᵢ. Stiffly accurate methods (last row of A = b, c_{s−1} = 1) are FSAL.
   *
   * @param diagonal dᵢ of length s, d₀ = 0 (the explicit first stage)
   */
  public static ButcherTableau diagonallyImplicit(String name, double[] c, double[][] a, double[] diagonal,
                                                  double[] b, double[] errorWeights, int order, int errorOrder,
                                                  Interpolant interpolant) {
    if (diagonal == null || diagonal.length != c.length || diagonal[0] != 0.0) {
      throw new IllegalArgumentException(name + ": the diagonal must have one entry per stage and d[0] = 0 (an"
          + " explicit first stage), got " + java.util.Arrays.toString(diagonal));
    }
    return new ButcherTableau(name, c, a, diagonal, b, errorWeights, null, order, errorOrder, interpolant);
  }

  private ButcherTableau(String name, double[] c, double[][] a, double[] diagonal, double[] b,
                         double[] errorWeights, double[] secondaryErrorWeights, int order, int errorOrder,
                         Interpolant interpolant) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tableau name must be non-empty");
    }
    int s = c.length;
    if (s < 1 || b.length != s || a.length != s) {
      throw new IllegalArgumentException(name + ": c, a and b must all have s rows/entries, got c=" + s
          + ", a=" + a.length + ", b=" + b.length);
    }
    if (c[0] != 0.0) {
      throw new IllegalArgumentException(name + ": c[0] must be 0 for an explicit method, got " + c[0]);
    }
    this.name = name;
    this.stages = s;
    this.c = c.clone();
    this.b = b.clone();
    this.a = new double[s * s];
    this.diagonal = diagonal == null ? new double[s] : diagonal.clone();
    boolean implicit = false;
    for (int i = 0; i < s; i++) {
      if (a[i].length != i) {
        throw new IllegalArgumentException(name + ": row " + i + " of a must have " + i
            + " entries (the strictly lower triangle), got " + a[i].length);
      }
      implicit |= this.diagonal[i] != 0;
      double rowSum = this.diagonal[i];
      double rowAbs = Math.abs(this.diagonal[i]);
      for (int j = 0; j < i; j++) {
        this.a[i * s + j] = a[i][j];
        rowSum += a[i][j];
        rowAbs += Math.abs(a[i][j]);
      }
      if (Math.abs(rowSum - c[i]) > CONSISTENCY_TOLERANCE * Math.max(1, rowAbs)) {
        throw new IllegalArgumentException(name + ": row " + i + " of a sums to " + rowSum + " but c[" + i
            + "] = " + c[i]);
      }
    }
    checkSum(name, "b", b, 1.0);
    this.errorWeights = checkedWeights(name, "errorWeights", errorWeights, s);
    this.secondaryErrorWeights = checkedWeights(name, "secondaryErrorWeights", secondaryErrorWeights, s);
    if (secondaryErrorWeights != null && errorWeights == null) {
      throw new IllegalArgumentException(name + ": a secondary error estimate needs a primary one");
    }
    if (order < 1 || errorOrder < 0 || (errorWeights == null) != (errorOrder == 0)) {
      throw new IllegalArgumentException(name + ": order must be >= 1 and errorOrder > 0 exactly when an"
          + " error estimate is given, got order=" + order + ", errorOrder=" + errorOrder);
    }
    this.order = order;
    this.errorOrder = errorOrder;
    this.implicit = implicit;
    boolean lastIsEnd = s > 1 && c[s - 1] == 1.0 && b[s - 1] == this.diagonal[s - 1];
    for (int j = 0; lastIsEnd && j < s - 1; j++) {
      lastIsEnd = this.a[(s - 1) * s + j] == b[j];
    }
    this.fsal = lastIsEnd;
    if (interpolant == null) {
      throw new IllegalArgumentException(name + ": an interpolant (continuous extension) is required");
    }
    interpolant.checkAgainst(name, this.b);
    this.interpolant = interpolant;
  }

  private static void checkSum(String name, String what, double[] w, double expected) {
    double sum = 0;
    double abs = 0;
    for (double v : w) {
      sum += v;
      abs += Math.abs(v);
    }
    if (Math.abs(sum - expected) > CONSISTENCY_TOLERANCE * Math.max(1, abs)) {
      throw new IllegalArgumentException(name + ": " + what + " must sum to " + expected + ", got " + sum);
    }
  }

  private static double[] checkedWeights(String name, String what, double[] w, int s) {
    if (w == null) {
      return null;
    }
    if (w.length != s) {
      throw new IllegalArgumentException(name + ": " + what + " must have " + s + " entries, got " + w.length);
    }
    checkSum(name, what, w, 0.0);
    return w.clone();
  }

  public String name() {
    return name;
  }

  /** Number of stages s (function evaluations per step, one fewer when FSAL reuse applies). */
  public int stages() {
    return stages;
  }

  public double[] c() {
    return c.clone();
  }

  /** Coefficient aᵢⱼ of the strictly lower triangle (0 for j ≥ i; the diagonal is {@link #diagonal(int)}). */
  public double a(int i, int j) {
    return j >= i ? 0.0 : a[i * stages + j];
  }

  /** The diagonal coefficient aᵢᵢ: 0 for explicit stages, γ for the implicit stages of an ESDIRK. */
  public double diagonal(int i) {
    return diagonal[i];
  }

  /** True when some stage is implicit (the solver then solves for it by Newton's method). */
  public boolean isImplicit() {
    return implicit;
  }

  public double[] b() {
    return b.clone();
  }

  /** e = b − b̂, or null when the method has no error estimate. */
  public double[] errorWeights() {
    return errorWeights == null ? null : errorWeights.clone();
  }

  /** DOP853's second (third-order) estimate, or null. */
  public double[] secondaryErrorWeights() {
    return secondaryErrorWeights == null ? null : secondaryErrorWeights.clone();
  }

  public int order() {
    return order;
  }

  /** Order q of the error estimate: the local error estimate is O(h^(q+1)); 0 for fixed-step methods. */
  public int errorOrder() {
    return errorOrder;
  }

  /** True when the method has an embedded error estimate and can adapt its step. */
  public boolean isAdaptive() {
    return errorWeights != null;
  }

  /** True when the last stage is f(t + h, y₁) and is reused as the next step's first stage. */
  public boolean fsal() {
    return fsal;
  }

  public Interpolant interpolant() {
    return interpolant;
  }

  @Override
  public String toString() {
    return name + (implicit ? " (diagonally implicit, order " : " (order ") + order + (isAdaptive() ? ", error estimate order " + errorOrder : "")
        + ", " + stages + " stages" + (fsal ? ", FSAL" : "") + ", dense output order "
        + interpolant.order() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ButcherTableau t && t.name.equals(name) && Arrays.equals(t.a, a)
        && Arrays.equals(t.diagonal, diagonal) && Arrays.equals(t.b, b) && Arrays.equals(t.c, c);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
