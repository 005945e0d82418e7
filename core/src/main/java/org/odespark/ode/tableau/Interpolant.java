package org.odespark.ode.tableau;

/**
 * The continuous extension ("dense output") of a Runge–Kutta step: for θ ∈ [0, 1],
 * <pre>
 *   y(t₀ + θh) ≈ y₀ + h Σᵢ wᵢ(θ) kᵢ,      wᵢ(θ) = Σ_{p≥1} Bᵢₚ θᵖ,     wᵢ(1) = bᵢ.
 * </pre>
 * The sum runs over the logical stages of a step: the s stages of the tableau (indices 0..s−1), then the
 * end derivative f(t₀ + h, y₁) (index s; for FSAL methods it is stage s−1 and costs nothing), then extra
 * stages that exist only for interpolation (DOP853 has three), each {@code f(t₀ + cₓh, y₀ + h Σⱼ aₓⱼ kⱼ)}
 * over all earlier logical stages. The solver computes the end derivative and the extra stages only when an
 * output time falls strictly inside a step; the end derivative is then reused as the next step's first
 * stage, so it costs an extra evaluation only at the very last step.
 *
 * <p>Because output values come from the interpolant, the step sequence does not depend on the output
 * grid. Immutable.
 */
public final class Interpolant {

  private final int order;
  private final int mainStages;
  private final int logicalStages;
  /** Monomial coefficients, row-major [logicalStages][degree]: entry (i, p−1) multiplies θᵖ. */
  private final double[] coefficients;
  private final int degree;
  private final double[] extraC;
  /** Extra-stage coefficients, row-major [extraStages][logicalStages]. */
  private final double[] extraA;
  private final boolean usesEndDerivative;

  private Interpolant(int order, int mainStages, double[][] polynomials, double[] extraC, double[][] extraA) {
    if (order < 1) {
      throw new IllegalArgumentException("interpolant order must be >= 1, got " + order);
    }
    this.order = order;
    this.mainStages = mainStages;
    int extras = extraC.length;
    this.logicalStages = mainStages + 1 + extras;
    if (polynomials.length > logicalStages) {
      throw new IllegalArgumentException("interpolant has " + polynomials.length
          + " weight polynomials for " + logicalStages + " logical stages");
    }
    int deg = 1;
    for (double[] p : polynomials) {
      if (p[0] != 0.0) {
        throw new IllegalArgumentException("interpolant weights must vanish at θ = 0");
      }
      deg = Math.max(deg, p.length - 1);
    }
    this.degree = deg;
    this.coefficients = new double[logicalStages * deg];
    for (int i = 0; i < polynomials.length; i++) {
      for (int p = 1; p < polynomials[i].length; p++) {
        coefficients[i * deg + p - 1] = polynomials[i][p];
      }
    }
    boolean end = false;
    for (int p = 0; p < deg; p++) {
      end |= coefficients[mainStages * deg + p] != 0.0;
    }
    this.extraC = extraC.clone();
    this.extraA = new double[extras * logicalStages];
    for (int x = 0; x < extras; x++) {
      int stage = mainStages + 1 + x;
      if (extraA[x].length > stage) {
        throw new IllegalArgumentException("extra stage " + stage + " may only use earlier stages");
      }
      System.arraycopy(extraA[x], 0, this.extraA, x * logicalStages, extraA[x].length);
      end |= extraA[x].length > mainStages && extraA[x][mainStages] != 0.0;
    }
    this.usesEndDerivative = end || extras > 0;
  }

  /**
   * An interpolant given by its weight polynomials in monomial form.
   *
   * @param order interpolation order
   * @param mainStages s, the tableau's stage count
   * @param polynomials per logical stage (0..s−1, optionally s = end derivative), coefficients of θ⁰, θ¹, …
   */
  public static Interpolant polynomial(int order, int mainStages, double[][] polynomials) {
    return new Interpolant(order, mainStages, polynomials, new double[0], new double[0][]);
  }

  /**
   * The cubic Hermite interpolant through y₀, y₁, f(t₀, y₀) and f(t₀ + h, y₁): third order for any method
   * of order ≥ 3; uses the end derivative (stage s−1 for FSAL methods).
   *
   * @param b the tableau's weights (y₁ − y₀ = h Σ bᵢ kᵢ)
   * @param endIndex logical index of f(t₀ + h, y₁): s−1 for FSAL methods, s otherwise
   */
  public static Interpolant hermite(double[] b, int endIndex) {
    int s = b.length;
    double[][] w = new double[Math.max(s, endIndex + 1)][];
    // y(θ) = y₀ + (y₁ − y₀)(3θ² − 2θ³) + h f₀ (θ − 2θ² + θ³) + h f₁ (θ³ − θ²)
    for (int i = 0; i < w.length; i++) {
      double bi = i < s ? b[i] : 0.0;
      double[] p = {0, 0, 3 * bi, -2 * bi};
      if (i == 0) {
        p[1] += 1;
        p[2] -= 2;
        p[3] += 1;
      }
      if (i == endIndex) {
        p[2] -= 1;
        p[3] += 1;
      }
      w[i] = p;
    }
    return new Interpolant(3, s, w, new double[0], new double[0][]);
  }

  /**
   * The interpolant in the nested form of Hairer's DOPRI5/DOP853 codes (Hairer, Nørsett, Wanner, Solving
   * ODEs I, 2nd ed., §II.6):
   * <pre>
   *   y(θ) = y₀ + θ r₂ + θ(1−θ) r₃ + θ²(1−θ) r₄ + θ²(1−θ)² r₅ + θ³(1−θ)² r₆ + θ³(1−θ)³ r₇ + θ⁴(1−θ)³ r₈
   *   r₂ = y₁ − y₀,  r₃ = h f₀ − r₂,  r₄ = r₂ − h f₁ − r₃,  r_{5+m} = h Σᵢ Dₘᵢ kᵢ
   * </pre>
   * expanded here once into monomial weights.
   *
   * @param order interpolation order
   * @param b the tableau's weights, length s
   * @param endIndex logical index of f₁ = f(t₀ + h, y₁)
   * @param d rows D₀, D₁, … over logical stages
   * @param extraC nodes of the extra stages
   * @param extraA rows of the extra stages over earlier logical stages
   */
  public static Interpolant hairer(int order, double[] b, int endIndex, double[][] d, double[] extraC,
                                   double[][] extraA) {
    int s = b.length;
    int logical = s + 1 + extraC.length;
    double[][] basis = new double[4 + d.length][];
    basis[0] = new double[] {0, 1}; // θ
    double[] theta = {0, 1};
    double[] oneMinus = {1, -1};
    for (int m = 1; m < basis.length; m++) {
      basis[m] = multiply(basis[m - 1], m % 2 == 1 ? oneMinus : theta);
    }
    // basis[0..] = θ, θ(1−θ), θ²(1−θ), θ²(1−θ)², θ³(1−θ)², …  multiplying r₂, r₃, r₄, r₅, …
    double[][] w = new double[logical][];
    for (int i = 0; i < logical; i++) {
      double bi = i < s ? b[i] : 0.0;
      double f0 = i == 0 ? 1 : 0;
      double f1 = i == endIndex ? 1 : 0;
      double[] p = new double[basis[basis.length - 1].length];
      addScaled(p, basis[0], bi);
      addScaled(p, basis[1], f0 - bi);
      addScaled(p, basis[2], 2 * bi - f0 - f1);
      for (int m = 0; m < d.length; m++) {
        addScaled(p, basis[3 + m], i < d[m].length ? d[m][i] : 0.0);
      }
      w[i] = p;
    }
    return new Interpolant(order, s, w, extraC, extraA);
  }

  /**
   * Polynomial with the given roots-and-factors form {@code scale · θ^thetaPower · Π (θ − rootᵢ) ·
   * Π (θ² + qⱼ₁ θ + qⱼ₀)}, in monomial coefficients; used to state published interpolants as printed.
   */
  public static double[] factored(double scale, int thetaPower, double[] roots, double[][] quadratics) {
    double[] p = {scale};
    for (int i = 0; i < thetaPower; i++) {
      p = multiply(p, new double[] {0, 1});
    }
    for (double r : roots) {
      p = multiply(p, new double[] {-r, 1});
    }
    for (double[] q : quadratics) {
      p = multiply(p, new double[] {q[0], q[1], 1});
    }
    return p;
  }

  private static double[] multiply(double[] p, double[] q) {
    double[] r = new double[p.length + q.length - 1];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < q.length; j++) {
        r[i + j] += p[i] * q[j];
      }
    }
    return r;
  }

  private static void addScaled(double[] target, double[] p, double scale) {
    for (int i = 0; i < p.length; i++) {
      target[i] += scale * p[i];
    }
  }

  /** Checks continuity at θ = 1: wᵢ(1) = bᵢ and the other logical stages' weights vanish there. */
  void checkAgainst(String method, double[] b) {
    if (b.length != mainStages) {
      throw new IllegalArgumentException(method + ": interpolant built for " + mainStages
          + " stages, tableau has " + b.length);
    }
    for (int i = 0; i < logicalStages; i++) {
      double atOne = 0;
      double scale = 1;
      for (int p = 0; p < degree; p++) {
        atOne += coefficients[i * degree + p];
        scale += Math.abs(coefficients[i * degree + p]);
      }
      double expected = i < mainStages ? b[i] : 0.0;
      if (Math.abs(atOne - expected) > 1e-12 * scale) {
        throw new IllegalArgumentException(method + ": interpolant weight " + i + " at θ=1 is " + atOne
            + ", must equal " + expected + " (continuity with y₁)");
      }
    }
  }

  /** Interpolation order: the error of y(t₀ + θh) is O(h^(order+1)) per step. */
  public int order() {
    return order;
  }

  /** Logical stages: s + 1 (end derivative) + extra stages. */
  public int logicalStages() {
    return logicalStages;
  }

  public int extraStages() {
    return extraC.length;
  }

  /** True when the interpolant needs f(t₀ + h, y₁) or extra stages. */
  public boolean usesEndDerivative() {
    return usesEndDerivative;
  }

  /** Degree of the weight polynomials (the highest power of θ). */
  public int degree() {
    return degree;
  }

  /** Coefficient of θᵖ (1 ≤ p ≤ {@link #degree()}) in the weight of logical stage i. */
  public double coefficient(int i, int p) {
    return coefficients[i * degree + p - 1];
  }

  /** Node cₓ of extra stage x (logical stage s + 1 + x). */
  public double extraC(int x) {
    return extraC[x];
  }

  /** Coefficient aₓⱼ of extra stage x on logical stage j (0 for j ≥ s + 1 + x). */
  public double extraA(int x, int j) {
    return extraA[x * logicalStages + j];
  }

  /**
   * Weight wᵢ(θ) of logical stage i.
   */
  public double weight(int i, double theta) {
    double acc = 0;
    for (int p = degree - 1; p >= 0; p--) {
      acc = acc * theta + coefficients[i * degree + p];
    }
    return acc * theta;
  }
}
