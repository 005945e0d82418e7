package org.odespark.ode.tableau;

/**
 * Bogacki–Shampine 3(2) (P. Bogacki, L. F. Shampine, "A 3(2) pair of Runge–Kutta formulas", Appl. Math.
 * Lett. 2(4), 1989): order 3 with an embedded order-2 estimate, FSAL, cubic Hermite dense output (order 3).
 * <pre>
 *   0   |
 *   1/2 | 1/2
 *   3/4 | 0     3/4
 *   1   | 2/9   1/3   4/9
 *   ----+-----------------------
 *   b   | 2/9   1/3   4/9   0
 *   b̂   | 7/24  1/4   1/3   1/8
 * </pre>
 */
public final class Bosh3 {

  private static final double[] B = {2.0 / 9, 1.0 / 3, 4.0 / 9, 0};

  public static final ButcherTableau TABLEAU = new ButcherTableau("bosh3",
      new double[] {0, 0.5, 0.75, 1},
      new double[][] {{}, {0.5}, {0, 0.75}, {2.0 / 9, 1.0 / 3, 4.0 / 9}},
      B,
      new double[] {2.0 / 9 - 7.0 / 24, 1.0 / 3 - 1.0 / 4, 4.0 / 9 - 1.0 / 3, -1.0 / 8},
      null, 3, 2,
      Interpolant.hermite(B, 3));

  private Bosh3() {}
}
