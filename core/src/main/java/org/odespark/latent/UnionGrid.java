package org.odespark.latent;

import java.util.Arrays;
import org.odespark.ode.TimeGrid;
import org.odespark.objective.Batch;

/**
 * The sorted union of a minibatch's times, so that one ODE solve serves every series (Rubanova et al. 2019,
 * §3, "batching"): g₀ = t₀ (the model's start time) &lt; g₁ &lt; … &lt; g_{K−1}, the distinct slot times of all
 * rows, and for every grid point the (row, slot) pairs that sit there — observations and targets kept apart,
 * each list ordered by row. A series' values are then gathered from the batch state at its own times (the
 * masks of the standard approach, as index lists). Buffers grow to the largest batch seen and are reused.
 * Mutable, one thread.
 */
final class UnionGrid {

  private double[] times = new double[0];
  private int size;
  private int[] obsStart = new int[1];
  private int[] obsRow = new int[0];
  private int[] obsSlot = new int[0];
  private int[] tgtStart = new int[1];
  private int[] tgtRow = new int[0];
  private int[] tgtSlot = new int[0];
  private int[] fill = new int[0];
  private int[] slotIndex = new int[0];

  /**
   * Builds the grid of {@code batch}: observed slots always, target slots when {@code withTargets}.
   *
   * @throws IllegalArgumentException if a slot time is before {@code t0}
   */
  void build(Batch batch, SeriesLayout layout, double t0, boolean withTargets) {
    int rows = batch.rows();
    int maxLength = layout.maxLength();
    double[] f = batch.features();
    int cols = layout.cols();
    int capacity = rows * maxLength + 1;
    if (times.length < capacity) {
      times = new double[capacity];
      slotIndex = new int[capacity];
    }
    int n = 0;
    times[n++] = t0;
    for (int r = 0; r < rows; r++) {
      int off = r * cols;
      int count = layout.count(f, off);
      for (int k = 0; k < count; k++) {
        int s = layout.slot(off, k);
        if (withTargets || f[s + 1] == SeriesLayout.OBSERVED) {
          double t = f[s];
          if (t < t0) {
            throw new IllegalArgumentException("series " + r + ", slot " + k + ": time " + t
                + " is before the model's start time " + t0);
          }
          times[n++] = t;
        }
      }
    }
    Arrays.sort(times, 0, n);
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || times[i] != times[k - 1]) {
        times[k++] = times[i];
      }
    }
    size = k;
    // Counting sort of the pairs by grid index (rows ascending within an index).
    obsStart = SeriesObjective.atLeast(obsStart, size + 1);
    tgtStart = SeriesObjective.atLeast(tgtStart, size + 1);
    Arrays.fill(obsStart, 0, size + 1, 0);
    Arrays.fill(tgtStart, 0, size + 1, 0);
    int pairs = 0;
    for (int r = 0; r < rows; r++) {
      int off = r * cols;
      int count = layout.count(f, off);
      for (int j = 0; j < count; j++) {
        int s = layout.slot(off, j);
        boolean observed = f[s + 1] == SeriesLayout.OBSERVED;
        int g = -1;
        if (withTargets || observed) {
          g = Arrays.binarySearch(times, 0, size, f[s]);
          if (observed) {
            obsStart[g + 1]++;
          } else {
            tgtStart[g + 1]++;
          }
        }
        slotIndex[pairs++] = g;
      }
    }
    for (int g = 0; g < size; g++) {
      obsStart[g + 1] += obsStart[g];
      tgtStart[g + 1] += tgtStart[g];
    }
    obsRow = SeriesObjective.atLeast(obsRow, obsStart[size]);
    obsSlot = SeriesObjective.atLeast(obsSlot, obsStart[size]);
    tgtRow = SeriesObjective.atLeast(tgtRow, tgtStart[size]);
    tgtSlot = SeriesObjective.atLeast(tgtSlot, tgtStart[size]);
    fill = SeriesObjective.atLeast(fill, 2 * size);
    System.arraycopy(obsStart, 0, fill, 0, size);
    System.arraycopy(tgtStart, 0, fill, size, size);
    pairs = 0;
    for (int r = 0; r < rows; r++) {
      int count = layout.count(f, r * cols);
      for (int j = 0; j < count; j++) {
        int g = slotIndex[pairs++];
        if (g < 0) {
          continue;
        }
        boolean observed = f[layout.slot(r * cols, j) + 1] == SeriesLayout.OBSERVED;
        if (observed) {
          int p = fill[g]++;
          obsRow[p] = r;
          obsSlot[p] = j;
        } else {
          int p = fill[size + g]++;
          tgtRow[p] = r;
          tgtSlot[p] = j;
        }
      }
    }
  }

  /** Number of grid points K (g₀ = t₀ included). */
  int size() {
    return size;
  }

  double time(int g) {
    return times[g];
  }

  /** The grid times g₀ … g_{K−1} (a copy). */
  double[] toArray() {
    return Arrays.copyOf(times, size);
  }

  /** Whether {@code other} (may be null) holds exactly this grid's times, so that it can be reused. */
  boolean sameTimes(TimeGrid other) {
    if (other == null || other.size() != size) {
      return false;
    }
    for (int g = 0; g < size; g++) {
      if (other.time(g) != times[g]) {
        return false;
      }
    }
    return true;
  }

  /** Observation pairs at grid point g are positions [obsStart(g), obsStart(g + 1)). */
  int obsStart(int g) {
    return obsStart[g];
  }

  int observations() {
    return obsStart[size];
  }

  int obsRow(int p) {
    return obsRow[p];
  }

  int obsSlot(int p) {
    return obsSlot[p];
  }

  /** Target pairs at grid point g are positions [tgtStart(g), tgtStart(g + 1)). */
  int tgtStart(int g) {
    return tgtStart[g];
  }

  int targets() {
    return tgtStart[size];
  }

  int tgtRow(int p) {
    return tgtRow[p];
  }

  int tgtSlot(int p) {
    return tgtSlot[p];
  }
}
