package org.odespark.ode.tableau;

import static org.odespark.ode.tableau.Interpolant.factored;

/**
 * Tsitouras 5(4) (Ch. Tsitouras, "Runge–Kutta pairs of order 5(4) satisfying only the first column
 * simplifying assumption", Computers &amp; Mathematics with Applications 62(2), 770–775, 2011): order 5, embedded
 * order-4 estimate, FSAL, and the paper's own order-4 continuous extension, stated below in its printed
 * factored form and expanded once into monomials. Coefficients as published (16 significant digits).
 */
public final class Tsit5 {

  private static final double[] B = {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742,
      -3.290069515436081, 2.324710524099774, 0};

  public static final ButcherTableau TABLEAU = new ButcherTableau("tsit5",
      new double[] {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1},
      new double[][] {
          {},
          {0.161},
          {-0.008480655492356989, 0.335480655492357},
          {2.897153057105493, -6.359448489975075, 4.3622954328695815},
          {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
          {5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401,
              -0.028269050394068383},
          {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081,
              2.324710524099774}},
      B,
      new double[] {-0.00178001105222577714, -0.0008164344596567469, 0.007880878010261995,
          -0.1447110071732629, 0.5823571654525552, -0.45808210592918697, 1.0 / 66},
      null, 5, 4,
      Interpolant.polynomial(4, 7, new double[][] {
          factored(-1.0530884977290216, 1, new double[] {1.3299890189751412},
              new double[][] {{0.7139816917074209, -1.4364028541716351}}),
          factored(0.1017, 2, new double[0], new double[][] {{1.2949852507374631, -2.1966568338249754}}),
          factored(2.490627285651252793, 2, new double[0],
              new double[][] {{1.57803468208092486, -2.38535645472061657}}),
          factored(-16.54810288924490272, 2, new double[] {1.21712927295533244, 0.61620406037800089},
              new double[0][]),
          factored(47.37952196281928122, 2, new double[] {1.203071208372362603, 0.658047292653547382},
              new double[0][]),
          factored(-34.87065786149660974, 2, new double[] {1.2, 0.666666666666666667}, new double[0][]),
          factored(2.5, 2, new double[] {1, 0.6}, new double[0][])}));

  private Tsit5() {}
}
