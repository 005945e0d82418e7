package org.odespark.latent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;

/**
 * How an irregularly sampled time series is packed into one row of a {@link Batch}, so that series move
 * through the minibatch sampler, the aggregators and Spark like any other example. A row holds up to
 * {@code maxLength} slots of {@code dim} features:
 * <pre>
 *   [ count | slot 0 | slot 1 | … | slot maxLength−1 ]      slot = [ t, role, x₀ … x_{D−1}, m₀ … m_{D−1} ]
 * </pre>
 * {@code count} (≥ 1) slots are in use, in order of nondecreasing time; the rest are zeros. The role says
 * what a slot is for: {@link #OBSERVED} (the encoder reads it and the likelihood scores it), {@link
 * #INTERPOLATE} and {@link #EXTRAPOLATE} (held-out targets, scored only by evaluation: inside the observed
 * window and after it). The mask mⱼ ∈ {0, 1} says whether feature j was measured at that time (x is then
 * ignored where m = 0). Observed times are strictly increasing, target times too; a target may share a
 * time with an observation (a reconstruction target). Immutable.
 *
 * @param maxLength slots per row, ≥ 1
 * @param dim features per observation, ≥ 1
 */
public record SeriesLayout(int maxLength, int dim) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Role of a slot the encoder reads and the likelihood scores. */
  public static final int OBSERVED = 0;
  /** Role of a held-out target inside the observed window. */
  public static final int INTERPOLATE = 1;
  /** Role of a held-out target after the last observation. */
  public static final int EXTRAPOLATE = 2;

  public SeriesLayout {
    Checks.atLeast("maxLength", maxLength, 1);
    Checks.atLeast("dim", dim, 1);
    if ((long) maxLength * (2 + 2L * dim) + 1 > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("maxLength " + maxLength + " × dim " + dim + " makes rows too wide");
    }
  }

  /** Numbers per slot: 2 + 2·dim. */
  public int slotWidth() {
    return 2 + 2 * dim;
  }

  /** Columns of a row: 1 + maxLength·slotWidth. */
  public int cols() {
    return 1 + maxLength * slotWidth();
  }

  /**
   * Names of the {@link #cols()} columns of a row whose features are called {@code values}: {@code count},
   * then per slot j {@code t[j]}, {@code role[j]}, {@code v[j]} for each value v and {@code mask(v)[j]}. The
   * names travel with the data (fingerprints, models), so {@link #ofColumnNames} recovers the layout.
   *
   * @param values dim feature names, not modified
   */
  public List<String> columnNames(List<String> values) {
    if (values.size() != dim) {
      throw new IllegalArgumentException("need " + dim + " value names, got " + values.size() + " " + values);
    }
    List<String> names = new ArrayList<>(cols());
    names.add("count");
    for (int j = 0; j < maxLength; j++) {
      String at = "[" + j + "]";
      names.add("t" + at);
      names.add("role" + at);
      for (String v : values) {
        names.add(v + at);
      }
      for (String v : values) {
        names.add("mask(" + v + ")" + at);
      }
    }
    return names;
  }

  /** The value names of slot 0 of {@link #columnNames} (the feature names, in order). */
  public List<String> valueNames(List<String> columnNames) {
    List<String> values = new ArrayList<>(dim);
    for (int d = 0; d < dim; d++) {
      String n = columnNames.get(3 + d);
      values.add(n.substring(0, n.length() - "[0]".length()));
    }
    return values;
  }

  /**
   * The layout whose {@link #columnNames} are {@code names} (the smallest dim that reproduces them).
   *
   * @throws IllegalArgumentException when no layout names its columns so
   */
  public static SeriesLayout ofColumnNames(List<String> names) {
    int cols = names.size();
    for (int dim = 1; 3 + 2 * dim <= cols; dim++) {
      if ((cols - 1) % (2 + 2 * dim) != 0) {
        continue;
      }
      SeriesLayout layout = new SeriesLayout((cols - 1) / (2 + 2 * dim), dim);
      boolean named = true;
      for (int d = 0; d < dim && named; d++) {
        named = names.get(3 + d).endsWith("[0]");
      }
      if (named && layout.columnNames(layout.valueNames(names)).equals(names)) {
        return layout;
      }
    }
    throw new IllegalArgumentException("the " + cols + " columns " + (cols > 6 ? names.subList(0, 6) + "…" : names)
        + " are not time-series rows (count, t[0], role[0], values[0], masks[0], t[1], …)");
  }

  /** Slots in use in the row starting at {@code rowOff}. */
  public int count(double[] f, int rowOff) {
    return (int) f[rowOff];
  }

  /** Offset of slot {@code slot} of the row at {@code rowOff}: its time; +1 the role, +2 x, +2+dim the mask. */
  public int slot(int rowOff, int slot) {
    return rowOff + 1 + slot * slotWidth();
  }

  /**
   * Writes slot {@code slot} of the row at {@code rowOff}.
   *
   * @param x dim values from {@code xOff}, not modified
   * @param m dim mask values (0 or 1) from {@code mOff}, or null for all measured
   */
  public void set(double[] f, int rowOff, int slot, double t, int role, double[] x, int xOff, double[] m, int mOff) {
    int s = slot(rowOff, slot);
    f[s] = t;
    f[s + 1] = role;
    for (int d = 0; d < dim; d++) {
      double measured = m == null ? 1 : m[mOff + d];
      f[s + 2 + d] = measured != 0 ? x[xOff + d] : 0;
      f[s + 2 + dim + d] = measured;
    }
  }

  /**
   * Checks every row of {@code batch} against the layout (see the class comment).
   *
   * @throws IllegalArgumentException naming the row, slot and value of the first violation
   */
  public void check(Batch batch) {
    if (batch.cols() != cols()) {
      throw new IllegalArgumentException("series rows of at most " + maxLength + " observations of " + dim
          + " features have " + cols() + " columns, got " + batch.cols());
    }
    double[] f = batch.features();
    for (int r = 0; r < batch.rows(); r++) {
      int off = r * cols();
      double c = f[off];
      if (!(c >= 1 && c <= maxLength && c == Math.rint(c))) {
        throw new IllegalArgumentException("series " + r + ": slot count must be an integer in [1, " + maxLength
            + "], got " + c);
      }
      int count = (int) c;
      double lastAny = Double.NEGATIVE_INFINITY;
      double lastObserved = Double.NEGATIVE_INFINITY;
      double lastTarget = Double.NEGATIVE_INFINITY;
      int observed = 0;
      for (int k = 0; k < count; k++) {
        int s = slot(off, k);
        double t = f[s];
        double role = f[s + 1];
        if (role != OBSERVED && role != INTERPOLATE && role != EXTRAPOLATE) {
          throw new IllegalArgumentException("series " + r + ", slot " + k + ": role must be 0 (observed), 1"
              + " (interpolation target) or 2 (extrapolation target), got " + role);
        }
        if (t < lastAny) {
          throw new IllegalArgumentException("series " + r + ", slot " + k + ": time " + t + " is before the"
              + " previous slot's " + lastAny + " (slots must be in time order)");
        }
        lastAny = t;
        if (role == OBSERVED) {
          if (t <= lastObserved) {
            throw new IllegalArgumentException("series " + r + ", slot " + k + ": observation time " + t
                + " repeats the previous observation's (times must be strictly increasing)");
          }
          lastObserved = t;
          observed++;
        } else {
          if (t <= lastTarget) {
            throw new IllegalArgumentException("series " + r + ", slot " + k + ": target time " + t
                + " repeats the previous target's (times must be strictly increasing)");
          }
          lastTarget = t;
        }
        for (int d = 0; d < dim; d++) {
          double m = f[s + 2 + dim + d];
          if (m != 0 && m != 1) {
            throw new IllegalArgumentException("series " + r + ", slot " + k + ": mask of feature " + d
                + " must be 0 or 1, got " + m);
          }
        }
      }
      if (observed == 0) {
        throw new IllegalArgumentException("series " + r + " has no observed slot (role 0)");
      }
    }
  }
}
