package org.odespark.latent;

import org.odespark.nn.GruCell;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;

/**
 * What the two baselines share: a GRU whose recorded steps run in time order, a read-out MLP (hidden →
 * decoderHidden → dim) that turns hidden states into predicted observations, and per grid point the rows
 * active there (with an observation or a target), merged from the {@link UnionGrid}'s two lists. Mutable,
 * one thread.
 */
abstract class Forecaster extends SeriesObjective {

  final int hd;
  final GruCell gru;
  final Mlp readout;
  final GruSweep sweep;
  double[] xhat = new double[0];
  double[] stateBar = new double[0];
  double[] gathered = new double[0];
  int[] active = new int[0];
  int[] activeObs = new int[0];
  int[] activeTgt = new int[0];
  private Mlp.Workspace readoutWs;

  Forecaster(LatentOdeSpec spec, ParameterLayout.Builder b, GruCell gru, Mlp readout) {
    super(spec, b);
    this.hd = spec.hidden();
    this.gru = gru;
    this.readout = readout;
    this.sweep = new GruSweep(gru);
  }

  /** x̂ (count × dim, into {@link #xhat}) = readout(h rows from {@code hOff}). */
  final void read(double[] h, int hOff, int count) {
    xhat = atLeast(xhat, count * dim);
    if (readoutWs == null || readoutWs.maxRows() < count) {
      readoutWs = readout.newWorkspace(Math.max(count, readoutWs == null ? 1 : 2 * readoutWs.maxRows()), 0);
    }
    if (hOff == 0) {
      readout.forward(0, params, h, count, xhat, readoutWs);
    } else {
      gathered = atLeast(gathered, count * hd);
      System.arraycopy(h, hOff, gathered, 0, count * hd);
      readout.forward(0, params, gathered, count, xhat, readoutWs);
    }
  }

  /**
   * The reverse of the last {@link #read} of all P recorded pairs: {@link #stateBar} (P × H) ← the read-out's
   * input cotangent from {@link #predictionBar()}; θ̄ accumulated.
   */
  final void readBackward(int count, double[] thetaBar) {
    stateBar = atLeast(stateBar, count * hd);
    readout.backward(params, predictionBar(), null, stateBar, thetaBar, readoutWs);
  }

  /**
   * The rows active at grid point g, ascending, into {@link #active}; {@link #activeObs} and {@link
   * #activeTgt} get each one's observation / target pair index, or −1. Returns their number.
   */
  final int activeRows(int g) {
    int a = grid.obsStart(g);
    int aEnd = grid.obsStart(g + 1);
    int b = grid.tgtStart(g);
    int bEnd = grid.tgtStart(g + 1);
    int max = aEnd - a + bEnd - b;
    if (active.length < max) {
      active = new int[Math.max(max, 2 * active.length)];
      activeObs = new int[active.length];
      activeTgt = new int[active.length];
    }
    int n = 0;
    while (a < aEnd || b < bEnd) {
      int ra = a < aEnd ? grid.obsRow(a) : Integer.MAX_VALUE;
      int rb = b < bEnd ? grid.tgtRow(b) : Integer.MAX_VALUE;
      int row = Math.min(ra, rb);
      active[n] = row;
      activeObs[n] = ra == row ? a++ : -1;
      activeTgt[n] = rb == row ? b++ : -1;
      n++;
    }
    return n;
  }

}
