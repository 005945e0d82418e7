package org.odespark.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.odespark.check.Checks;

/**
 * Per-column count, mean and sum of squared deviations M2 = Σᵢ (xᵢ − x̄)² of a stream of rows, mergeable:
 * the statistics that fit a standardization in one distributed pass (each partition adds its rows, the
 * driver merges the partial results).
 *
 * <p>{@link #add} reduces each block of rows by the two-pass algorithm (block mean, then the squared
 * deviations from it) and folds the block into the running state with the pairwise update of Chan, Golub and
 * LeVeque ("Updating formulae and a pairwise algorithm for computing sample variances", Stanford
 * STAN-CS-79-773, 1979), which {@link #merge} uses too: for parts A and B with n = n_A + n_B and δ = x̄_B −
 * x̄_A,
 * <pre>
 *   x̄ = x̄_A + δ·n_B/n,     M2 = M2_A + M2_B + δ²·n_A·n_B/n.
 * </pre>
 * For a block of one row this is exactly Welford's update (B. P. Welford, Technometrics 4(3), 1962). Every
 * row has every column, so one count serves all columns.
 *
 * <p>Shifted data: each column keeps its mean as an offset from a shift K, the first value it saw (Chan,
 * Golub, LeVeque, "Algorithms for computing the sample variance: analysis and recommendations", Amer.
 * Statist. 37(3), 1983). Data far from zero relative to their spread (10⁶ + N(0, 1)) then lose no digits in
 * δ, which the plain update computes from two means of magnitude 10⁶, each rounded to 10⁻¹⁰; with the shift,
 * splitting and merging agree with a single pass to about 10⁻¹⁴ relative (measured on 10⁴ rows) instead
 * of 10⁻¹² (merged blocks) to 10⁻¹¹ (row by row).
 *
 * <p>{@link #variance()} is the population variance M2/n (what a standardization z = (x − x̄)/σ fitted on
 * the data uses, as scikit-learn's {@code StandardScaler}); {@link #sampleVariance()} is M2/(n − 1).
 * Values are not checked: a NaN or infinity added makes its column's results NaN or infinite.
 *
 * <p>Mutable, owned by one thread; serializable so that Spark can ship partial results. Serialization
 * carries count, shifts, means and M2, not the scratch space.
 */
public final class RunningMoments implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int cols;
  private long count;
  /** K per column: the first value added (meaningless while count = 0). */
  private final double[] shift;
  /** x̄ − K per column. */
  private final double[] shiftedMean;
  private final double[] m2;
  /** Shift (the block's first row), shifted mean and M2 of the block being added; allocated on first use. */
  private transient double[] blockShift;
  private transient double[] blockMean;
  private transient double[] blockM2;

  /**
   * Empty moments of {@code cols} columns.
   *
   * @throws IllegalArgumentException if cols &lt; 1
   */
  public RunningMoments(int cols) {
    Checks.atLeast("cols", cols, 1);
    this.cols = cols;
    this.shift = new double[cols];
    this.shiftedMean = new double[cols];
    this.m2 = new double[cols];
  }

  /**
   * Adds {@code count} rows of {@code cols} values each, read row-major from {@code rows} starting at
   * {@code offset}. Adding zero rows changes nothing. Allocates nothing after the first call.
   *
   * @param rows the values; not modified
   * @param offset index in {@code rows} of the first value of the first row
   * @param count number of rows, ≥ 0
   * @param cols values per row; must equal {@link #cols()}
   * @return this
   * @throws IllegalArgumentException if cols differs from {@link #cols()}, count &lt; 0, or the rows do not
   *     fit in the array
   */
  public RunningMoments add(double[] rows, int offset, int count, int cols) {
    if (cols != this.cols) {
      throw new IllegalArgumentException("cols must be " + this.cols + " as at construction, got " + cols);
    }
    Checks.atLeast("count", count, 0);
    if (offset < 0 || offset + (long) count * cols > rows.length) {
      throw new IllegalArgumentException(count + " rows of " + cols + " values from offset " + offset
          + " do not fit in an array of length " + rows.length);
    }
    if (count == 0) {
      return this;
    }
    if (blockMean == null) {
      blockShift = new double[cols];
      blockMean = new double[cols];
      blockM2 = new double[cols];
    }
    System.arraycopy(rows, offset, blockShift, 0, cols);
    for (int j = 0; j < cols; j++) {
      blockMean[j] = 0;
      blockM2[j] = 0;
    }
    int end = offset + count * cols;
    for (int p = offset + cols; p < end; p += cols) {
      for (int j = 0; j < cols; j++) {
        blockMean[j] += rows[p + j] - blockShift[j];
      }
    }
    for (int j = 0; j < cols; j++) {
      blockMean[j] /= count;
    }
    for (int p = offset; p < end; p += cols) {
      for (int j = 0; j < cols; j++) {
        double d = (rows[p + j] - blockShift[j]) - blockMean[j];
        blockM2[j] += d * d;
      }
    }
    combine(count, blockShift, blockMean, blockM2);
    return this;
  }

  /**
   * Adds the rows of {@code other}'s stream to this one's (Chan et al.'s pairwise update); {@code other}
   * is unchanged. Merging empty moments changes nothing.
   *
   * @return this
   * @throws IllegalArgumentException if the column counts differ or {@code other} is this object
   */
  public RunningMoments merge(RunningMoments other) {
    if (other.cols != cols) {
      throw new IllegalArgumentException("cannot merge moments of " + other.cols + " columns into moments of "
          + cols + " columns");
    }
    if (other == this) {
      throw new IllegalArgumentException("cannot merge moments into themselves");
    }
    if (other.count > 0) {
      combine(other.count, other.shift, other.shiftedMean, other.m2);
    }
    return this;
  }

  /**
   * Folds a part B (count, shifts K_B, means x̄_B − K_B, M2) into this state: the update of the class
   * comment with δ = (K_B − K + (x̄_B − K_B)) − (x̄ − K), all terms small when the data are.
   */
  private void combine(long countB, double[] shiftB, double[] shiftedMeanB, double[] m2B) {
    if (count == 0) {
      System.arraycopy(shiftB, 0, shift, 0, cols);
      System.arraycopy(shiftedMeanB, 0, shiftedMean, 0, cols);
      System.arraycopy(m2B, 0, m2, 0, cols);
      count = countB;
      return;
    }
    double nA = count;
    double nB = countB;
    double n = nA + nB;
    double weightB = nB / n;
    double cross = nA * nB / n;
    for (int j = 0; j < cols; j++) {
      double delta = ((shiftB[j] - shift[j]) + shiftedMeanB[j]) - shiftedMean[j];
      shiftedMean[j] += delta * weightB;
      m2[j] += m2B[j] + delta * delta * cross;
    }
    count += countB;
  }

  public int cols() {
    return cols;
  }

  /** Number of rows added (over all merges). */
  public long count() {
    return count;
  }

  /**
   * Per-column means x̄ⱼ, as a new array.
   *
   * @throws IllegalStateException if no rows were added
   */
  public double[] mean() {
    requireRows(1, "mean");
    return IntStream.range(0, cols).mapToDouble(j -> shift[j] + shiftedMean[j]).toArray();
  }

  /**
   * Per-column M2ⱼ = Σᵢ (xᵢⱼ − x̄ⱼ)², as a new array.
   *
   * @throws IllegalStateException if no rows were added
   */
  public double[] m2() {
    requireRows(1, "m2");
    return m2.clone();
  }

  /**
   * Per-column population variance M2ⱼ/n, as a new array.
   *
   * @throws IllegalStateException if no rows were added
   */
  public double[] variance() {
    requireRows(1, "variance");
    return Arrays.stream(m2).map(m -> m / count).toArray();
  }

  /**
   * Per-column sample variance M2ⱼ/(n − 1), as a new array.
   *
   * @throws IllegalStateException if fewer than two rows were added
   */
  public double[] sampleVariance() {
    requireRows(2, "sample variance");
    return Arrays.stream(m2).map(m -> m / (count - 1)).toArray();
  }

  /**
   * Per-column population standard deviation √(M2ⱼ/n), as a new array.
   *
   * @throws IllegalStateException if no rows were added
   */
  public double[] stddev() {
    return Arrays.stream(variance()).map(Math::sqrt).toArray();
  }

  private void requireRows(long minimum, String what) {
    if (count < minimum) {
      throw new IllegalStateException("the " + what + " needs at least " + minimum + " row"
          + (minimum == 1 ? "" : "s") + ", got " + count);
    }
  }

  @Override
  public String toString() {
    return "RunningMoments[cols=" + cols + ", count=" + count + "]";
  }
}
