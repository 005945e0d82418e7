package org.odespark.ode.tableau;

/**
 * Dormand–Prince 5(4) (J. R. Dormand, P. J. Prince, "A family of embedded Runge–Kutta formulae", J. Comp.
 * Appl. Math. 6(1), 1980), odespark's default: order 5, embedded order-4 estimate, FSAL (6 evaluations per
 * step), and Shampine's order-4 continuous extension in the form of Hairer's DOPRI5 code (Hairer, Nørsett,
 * Wanner, Solving ODEs I, 2nd ed., §II.6, coefficients d₁…d₇).
 * <pre>
 *   0    |
 *   1/5  | 1/5
 *   3/10 | 3/40        9/40
 *   4/5  | 44/45      −56/15       32/9
 *   8/9  | 19372/6561 −25360/2187  64448/6561 −212/729
 *   1    | 9017/3168  −355/33      46732/5247  49/176   −5103/18656
 *   1    | 35/384      0           500/1113    125/192  −2187/6784   11/84
 *   -----+-----------------------------------------------------------------------------
 *   b    | 35/384      0           500/1113    125/192  −2187/6784   11/84       0
 *   b̂    | 5179/57600  0           7571/16695  393/640  −92097/339200 187/2100  1/40
 * </pre>
 */
public final class Dopri5 {

  private static final double[] B = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};

  public static final ButcherTableau TABLEAU = new ButcherTableau("dopri5",
      new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
      new double[][] {
          {},
          {1.0 / 5},
          {3.0 / 40, 9.0 / 40},
          {44.0 / 45, -56.0 / 15, 32.0 / 9},
          {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
          {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
          {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
      B,
      new double[] {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
      null, 5, 4,
      Interpolant.hairer(4, B, 6,
          new double[][] {{-12715105075.0 / 11282082432.0, 0, 87487479700.0 / 32700410799.0,
              -10690763975.0 / 1880347072.0, 701980252875.0 / 199316789632.0,
              -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0}},
          new double[0], new double[0][]));

  private Dopri5() {}
}
