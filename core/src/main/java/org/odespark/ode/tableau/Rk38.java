package org.odespark.ode.tableau;

/**
 * Kutta's 3/8 rule, order 4. Continuous extension of order 3 from the four stages, obtained by solving the
 * four third-order conditions Σwᵢ = θ, Σwᵢcᵢ = θ²/2, Σwᵢcᵢ² = θ³/3, Σwᵢaᵢⱼcⱼ = θ³/6:
 * w₀ = θ − 15θ²/8 + θ³, w₁ = 15θ²/8 − 3θ³/2, w₂ = 3θ²/8, w₃ = −3θ²/8 + θ³/2.
 * <pre>
 *   0   |
 *   1/3 |  1/3
 *   2/3 | −1/3  1
 *   1   |  1   −1    1
 *   ----+----------------------
 *       |  1/8  3/8  3/8  1/8
 * </pre>
 */
public final class Rk38 {

  public static final ButcherTableau TABLEAU = new ButcherTableau("rk38",
      new double[] {0, 1.0 / 3, 2.0 / 3, 1},
      new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1}, {1, -1, 1}},
      new double[] {1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8},
      null, null, 4, 0,
      Interpolant.polynomial(3, 4, new double[][] {
          {0, 1, -15.0 / 8, 1},
          {0, 0, 15.0 / 8, -1.5},
          {0, 0, 3.0 / 8, 0},
          {0, 0, -3.0 / 8, 0.5}}));

  private Rk38() {}
}
