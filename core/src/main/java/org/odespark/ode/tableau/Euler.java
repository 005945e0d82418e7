package org.odespark.ode.tableau;

/**
 * The explicit Euler method, order 1: {@code y₁ = y₀ + h f(t₀, y₀)}; dense output is the straight line
 * (its own continuous extension, order 1).
 * <pre>
 *   0 |
 *   --+--
 *     | 1
 * </pre>
 */
public final class Euler {

  public static final ButcherTableau TABLEAU = new ButcherTableau("euler",
      new double[] {0},
      new double[][] {{}},
      new double[] {1},
      null, null, 1, 0,
      Interpolant.polynomial(1, 1, new double[][] {{0, 1}}));

  private Euler() {}
}
