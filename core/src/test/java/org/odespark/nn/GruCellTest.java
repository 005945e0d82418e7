package org.odespark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odespark.testing.FiniteDifferences;

/** The GRU cell against its defining equations and its reverse pass against central differences. */
class GruCellTest {

  private static final int IN = 3;
  private static final int H = 4;
  private static final int ROWS = 5;

  private final ParameterLayout.Builder layout = new ParameterLayout.Builder();
  private final GruCell cell = new GruCell(IN, H, layout, "gru");
  private final SplittableRandom rng = new SplittableRandom(2014);
  private final double[] theta = Check.random(rng, layout.size(), 0.8);
  private final double[] x = Check.random(rng, ROWS * IN, 1.5);
  private final double[] h = Check.random(rng, ROWS * H, 0.9);
  /** A random linear functional L(h') = ⟨w, h'⟩. */
  private final double[] w = Check.random(rng, ROWS * H, 1.0);

  private double loss(double[] th, double[] xs, double[] hs) {
    double[] out = new double[ROWS * H];
    cell.forward(th, xs, 0, hs, 0, ROWS, out, 0, new double[ROWS * cell.gateWidth()], 0, cell.newScratch(ROWS));
    return Check.dot(w, out, out.length);
  }

  @Test
  void forwardMatchesTheEquationsRowByRow() {
    double[] out = new double[ROWS * H];
    cell.forward(theta, x, 0, h, 0, ROWS, out, 0, new double[ROWS * cell.gateWidth()], 0, cell.newScratch(ROWS));
    ParameterLayout.Block wb = layout.build().block("gru.W");
    ParameterLayout.Block ub = layout.build().block("gru.Uur");
    ParameterLayout.Block nb = layout.build().block("gru.Un");
    ParameterLayout.Block bb = layout.build().block("gru.b");
    for (int r = 0; r < ROWS; r++) {
      double[] u = new double[H];
      double[] g = new double[H];
      for (int j = 0; j < H; j++) {
        double au = theta[bb.offset() + j];
        double ar = theta[bb.offset() + H + j];
        for (int k = 0; k < IN; k++) {
          au += theta[wb.offset() + j * IN + k] * x[r * IN + k];
          ar += theta[wb.offset() + (H + j) * IN + k] * x[r * IN + k];
        }
        for (int k = 0; k < H; k++) {
          au += theta[ub.offset() + j * H + k] * h[r * H + k];
          ar += theta[ub.offset() + (H + j) * H + k] * h[r * H + k];
        }
        u[j] = 1 / (1 + Math.exp(-au));
        g[j] = 1 / (1 + Math.exp(-ar));
      }
      for (int j = 0; j < H; j++) {
        double an = theta[bb.offset() + 2 * H + j];
        for (int k = 0; k < IN; k++) {
          an += theta[wb.offset() + (2 * H + j) * IN + k] * x[r * IN + k];
        }
        for (int k = 0; k < H; k++) {
          an += theta[nb.offset() + j * H + k] * g[k] * h[r * H + k];
        }
        double expected = (1 - u[j]) * Math.tanh(an) + u[j] * h[r * H + j];
        // Round-off of a few dozen products and the library tanh/exp: 1e-13 of O(1) values.
        assertEquals(expected, out[r * H + j], 1e-13, "row " + r + ", unit " + j);
      }
    }
  }

  @Test
  void reversePassMatchesCentralDifferences() {
    double[] gates = new double[ROWS * cell.gateWidth()];
    double[] out = new double[ROWS * H];
    GruCell.Scratch s = cell.newScratch(ROWS);
    cell.forward(theta, x, 0, h, 0, ROWS, out, 0, gates, 0, s);
    double[] thetaBar = new double[theta.length];
    double[] xBar = new double[x.length];
    double[] hBar = new double[h.length];
    cell.vjp(theta, x, 0, h, 0, gates, 0, ROWS, w, 0, xBar, 0, hBar, 0, thetaBar, s);
    // Central differences with step 1e-6 have truncation error ~1e-12 relative here; 1e-7 leaves margin for
    // round-off while failing any wrong term (those are O(1) relative).
    Check.assertClose("dL/dθ", FiniteDifferences.gradientWithRelativeStep(v -> loss(v, x, h), theta, 1e-6),
        thetaBar, 1e-7);
    Check.assertClose("dL/dx", FiniteDifferences.gradientWithRelativeStep(v -> loss(theta, v, h), x, 1e-6),
        xBar, 1e-7);
    Check.assertClose("dL/dh", FiniteDifferences.gradientWithRelativeStep(v -> loss(theta, x, v), h, 1e-6),
        hBar, 1e-7);
  }

  @Test
  void reversePassAccumulatesIntoThetaBarAndMayOverwriteItsCotangentInPlace() {
    double[] gates = new double[ROWS * cell.gateWidth()];
    double[] out = new double[ROWS * H];
    GruCell.Scratch s = cell.newScratch(ROWS);
    cell.forward(theta, x, 0, h, 0, ROWS, out, 0, gates, 0, s);
    double[] once = new double[theta.length];
    double[] hBar = new double[h.length];
    cell.vjp(theta, x, 0, h, 0, gates, 0, ROWS, w, 0, null, 0, hBar, 0, once, s);
    double[] twice = once.clone();
    double[] inPlace = w.clone();
    cell.vjp(theta, x, 0, h, 0, gates, 0, ROWS, inPlace, 0, null, 0, inPlace, 0, twice, s);
    for (int i = 0; i < once.length; i++) {
      // GEMM with β = 1 adds inside its kernel, in its own order: the same sum again, to round-off.
      assertEquals(2 * once[i], twice[i], 1e-14 * Math.abs(once[i]) + 1e-300, "θ̄[" + i + "]");
    }
    for (int i = 0; i < hBar.length; i++) {
      assertEquals(hBar[i], inPlace[i], 0.0, "in-place h̄[" + i + "]");
    }
  }

  @Test
  void rejectsBadDimensionsAndOversizedCalls() {
    assertThrows(IllegalArgumentException.class, () -> new GruCell(0, 2, new ParameterLayout.Builder(), "g"));
    GruCell.Scratch small = cell.newScratch(2);
    assertThrows(IllegalArgumentException.class, () -> cell.forward(theta, x, 0, h, 0, ROWS, new double[ROWS * H],
        0, new double[ROWS * cell.gateWidth()], 0, small));
  }
}
