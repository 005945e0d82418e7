package org.odespark.ode.tableau;

/**
 * The explicit midpoint method, order 2. Continuous extension of order 2 with no extra evaluation:
 * w₀(θ) = θ − θ², w₁(θ) = θ² (satisfies Σwᵢ = θ and Σwᵢcᵢ = θ²/2).
 * <pre>
 *   0   |
 *   1/2 | 1/2
 *   ----+---------
 *       | 0    1
 * </pre>
 */
public final class Midpoint {

  public static final ButcherTableau TABLEAU = new ButcherTableau("midpoint",
      new double[] {0, 0.5},
      new double[][] {{}, {0.5}},
      new double[] {0, 1},
      null, null, 2, 0,
      Interpolant.polynomial(2, 2, new double[][] {{0, 1, -1}, {0, 0, 1}}));

  private Midpoint() {}
}
