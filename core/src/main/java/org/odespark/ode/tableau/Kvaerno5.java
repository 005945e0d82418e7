package org.odespark.ode.tableau;

/**
 * Kværnø's ESDIRK 5(4) (A. Kværnø, "Singly diagonally implicit Runge–Kutta methods with an explicit first
 * stage", BIT 44(3), 2004): seven stages, the first explicit and six implicit with the same diagonal
 * γ = 0.26, order 5 with an embedded order-4 solution, both stiffly accurate and L-stable, so the method is
 * FSAL and suits stiff problems; dense output by the cubic Hermite interpolant through y₀, y₁ and their
 * derivatives (order 3). Each implicit stage is solved by Newton's method (see the engine). Coefficients as
 * published, to 17 digits; c₂ = 1.23 lies past the step, so f is evaluated slightly beyond the final time.
 * <pre>
 *   c        | A (lower triangle, then γ on the diagonal)
 *   0        |
 *   0.52     | γ                                                                     γ
 *   1.2303…  | 0.13    0.84033…                                                      γ
 *   0.8957…  | 0.22371… 0.47675… −0.06470…                                           γ
 *   0.4363…  | 0.16648… 0.10450… 0.03631… −0.13090…                                 γ
 *   1        | 0.13855… 0        −0.04245… 0.02446… 0.61943…                       γ   (b̂: order 4)
 *   1        | 0.13659… 0        −0.05496… −0.04118… 0.62993… 0.06962…             γ   (b:  order 5)
 * </pre>
 */
public final class Kvaerno5 {

  private static final double G = 0.26;
  private static final double[] B = {0.13659751177640291, 0, -0.05496908796538376, -0.04118626728321046,
      0.62993304899016403, 0.06962479448202728, G};
  private static final double[] B_HAT = {0.13855640231268224, 0, -0.04245337201752043, 0.02446657898003141,
      0.61943039072480676, G, 0};

  public static final ButcherTableau TABLEAU = ButcherTableau.diagonallyImplicit("kvaerno5",
      new double[] {0, 0.52, 1.230333209967908, 0.8957659843500759, 0.43639360985864756, 1.0, 1.0},
      new double[][] {
          {},
          {G},
          {0.13, 0.84033320996790809},
          {0.22371961478320505, 0.47675532319799699, -0.06470895363112615},
          {0.16648564323248321, 0.10450018841591720, 0.03631482272098715, -0.13090704451073998},
          {B_HAT[0], B_HAT[1], B_HAT[2], B_HAT[3], B_HAT[4]},
          {B[0], B[1], B[2], B[3], B[4], B[5]}},
      new double[] {0, G, G, G, G, G, G},
      B, errorWeights(), 5, 4, Interpolant.hermite(B, 6));

  private Kvaerno5() {}

  private static double[] errorWeights() {
    double[] e = new double[B.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = B[i] - B_HAT[i];
    }
    return e;
  }
}
