package org.odespark.ode.tableau;

/**
 * The classical fourth-order Runge–Kutta method (Kutta 1901). Its continuous extension of order 3 uses the
 * four stages only (Hairer, Nørsett, Wanner, Solving ODEs I, §II.6):
 * w₀ = θ − 3θ²/2 + 2θ³/3, w₁ = w₂ = θ² − 2θ³/3, w₃ = −θ²/2 + 2θ³/3.
 * <pre>
 *   0   |
 *   1/2 | 1/2
 *   1/2 | 0    1/2
 *   1   | 0    0    1
 *   ----+-------------------
 *       | 1/6  1/3  1/3  1/6
 * </pre>
 */
public final class Rk4 {

  public static final ButcherTableau TABLEAU = new ButcherTableau("rk4",
      new double[] {0, 0.5, 0.5, 1},
      new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
      new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
      null, null, 4, 0,
      Interpolant.polynomial(3, 4, new double[][] {
          {0, 1, -1.5, 2.0 / 3},
          {0, 0, 1, -2.0 / 3},
          {0, 0, 1, -2.0 / 3},
          {0, 0, -0.5, 2.0 / 3}}));

  private Rk4() {}
}
