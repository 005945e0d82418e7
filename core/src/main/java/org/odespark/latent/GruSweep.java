package org.odespark.latent;

import java.util.Arrays;
import org.odespark.nn.GruCell;

/**
 * The GRU half of a recurrence over irregular times: a sequence of steps, each updating the hidden state of
 * some rows of a batch (those with an observation at that time), with everything the reverse pass needs kept
 * per (step, row) pair in compact arrays — inputs, previous states, gates, new states. Rows without an
 * observation at a step are not computed at all, so a series' recursion does not depend on the other
 * series' times. Buffers grow to the largest sweep seen and are reused. Mutable, one thread.
 */
final class GruSweep {

  private final GruCell cell;
  private final int in;
  private final int hd;
  private GruCell.Scratch scratch;
  private int steps;
  private int pairs;
  private int[] stepStart = new int[1];
  private int[] rows = new int[0];
  private double[] x = new double[0];
  private double[] hIn = new double[0];
  private double[] hOut = new double[0];
  private double[] gates = new double[0];
  private double[] bar = new double[0];

  GruSweep(GruCell cell) {
    this.cell = cell;
    this.in = cell.inputDim();
    this.hd = cell.hiddenDim();
  }

  /** Starts a new sweep. */
  void reset() {
    steps = 0;
    pairs = 0;
  }

  int steps() {
    return steps;
  }

  /**
   * Opens a step of {@code count} ≥ 1 rows and returns its first pair index p₀: the caller then writes the
   * batch row of pair p into {@code rows()[p]} and its input into {@code inputs()[p·I …]}, for p in
   * [p₀, p₀ + count), and calls {@link #run}.
   */
  int begin(int count) {
    int p0 = pairs;
    int total = pairs + count;
    if (rows.length < total) {
      int cap = Math.max(total, 2 * rows.length);
      rows = Arrays.copyOf(rows, cap);
      x = Arrays.copyOf(x, cap * in);
      hIn = Arrays.copyOf(hIn, cap * hd);
      hOut = Arrays.copyOf(hOut, cap * hd);
      gates = Arrays.copyOf(gates, cap * cell.gateWidth());
    }
    if (stepStart.length < steps + 2) {
      stepStart = Arrays.copyOf(stepStart, 2 * (steps + 2));
    }
    if (scratch == null || scratch.maxRows() < count) {
      scratch = cell.newScratch(Math.max(count, scratch == null ? 1 : 2 * scratch.maxRows()));
    }
    bar = SeriesObjective.atLeast(bar, count * hd);
    stepStart[steps] = p0;
    stepStart[steps + 1] = total;
    pairs = total;
    steps++;
    return p0;
  }

  int[] rows() {
    return rows;
  }

  double[] inputs() {
    return x;
  }

  /** Previous states of the recorded pairs (pair p at p·H). */
  double[] previous() {
    return hIn;
  }

  /** New states of the recorded pairs (pair p at p·H). */
  double[] updated() {
    return hOut;
  }

  /**
   * Runs the step just opened: gathers each pair's row of {@code h} (rows × H), applies the cell, and with
   * {@code commit} writes the new states back into {@code h}.
   */
  void run(double[] theta, double[] h, boolean commit) {
    int s = steps - 1;
    int p0 = stepStart[s];
    int count = stepStart[s + 1] - p0;
    for (int i = 0; i < count; i++) {
      System.arraycopy(h, rows[p0 + i] * hd, hIn, (p0 + i) * hd, hd);
    }
    cell.forward(theta, x, p0 * in, hIn, p0 * hd, count, hOut, p0 * hd, gates, p0 * cell.gateWidth(), scratch);
    if (commit) {
      for (int i = 0; i < count; i++) {
        System.arraycopy(hOut, (p0 + i) * hd, h, rows[p0 + i] * hd, hd);
      }
    }
  }

  /**
   * The reverse of committed step {@code s}: for each of its pairs, h̄' = hBar[row] (+ outBar[p]), through
   * the cell, and hBar[row] ← h̄ (+ inBar[p]); θ̄ accumulated.
   *
   * @param hBar rows × H, modified on the step's rows
   * @param outBar cotangents of the new states from elsewhere (pair p at p·H), or null
   * @param inBar cotangents of the previous states from elsewhere (pair p at p·H), or null
   */
  void reverse(int s, double[] theta, double[] hBar, double[] outBar, double[] inBar, double[] thetaBar) {
    int p0 = stepStart[s];
    int count = stepStart[s + 1] - p0;
    for (int i = 0; i < count; i++) {
      int r = rows[p0 + i];
      for (int j = 0; j < hd; j++) {
        bar[i * hd + j] = hBar[r * hd + j] + (outBar != null ? outBar[(p0 + i) * hd + j] : 0);
      }
    }
    cell.vjp(theta, x, p0 * in, hIn, p0 * hd, gates, p0 * cell.gateWidth(), count, bar, 0, null, 0, bar, 0,
        thetaBar, scratch);
    for (int i = 0; i < count; i++) {
      int r = rows[p0 + i];
      for (int j = 0; j < hd; j++) {
        hBar[r * hd + j] = bar[i * hd + j] + (inBar != null ? inBar[(p0 + i) * hd + j] : 0);
      }
    }
  }
}
