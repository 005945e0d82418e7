package org.odespark.objective;

import java.io.Serializable;
import java.util.Arrays;
import org.odespark.check.Checks;

/**
 * A packed block of examples: {@code rows} examples of {@code cols} features in one row-major array
 * (feature j of example i at {@code features[i * cols + j]}), optionally an integer label and a
 * non-negative weight per example. The block, not the row, is the unit the aggregators and the Spark glue
 * work on (Spark MLlib's {@code InstanceBlock}).
 *
 * <p>The arrays are shared, not copied: the constructor takes them by reference and the accessors return
 * them, so hot loops read them without copies and a preallocated batch can serve as the minibatch buffer of
 * {@link #gather(int[], int, Batch)}. The constructor validates the contents once (features finite,
 * weights finite and ≥ 0); whoever writes into the arrays afterwards keeps those invariants. A batch that
 * one thread writes must not be read by another meanwhile; otherwise batches may be shared freely.
 *
 * <p>Without weights every example weighs 1.
 */
public final class Batch implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The longest array HotSpot allocates reliably. */
  private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private final int rows;
  private final int cols;
  private final double[] features;
  private final int[] labels;
  private final double[] weights;

  /**
   * A batch over the given arrays (not copied).
   *
   * @param rows number of examples, at least 1
   * @param cols number of features per example, at least 1
   * @param features rows×cols, row-major, all finite; shared
   * @param labels one label per example, or null for an unlabelled batch; shared
   * @param weights one finite weight ≥ 0 per example, or null for unit weights; shared
   * @throws IllegalArgumentException naming the parameter, the offending index and value when a length does
   *     not match, a feature is not finite or a weight is negative or not finite
   */
  public Batch(int rows, int cols, double[] features, int[] labels, double[] weights) {
    Checks.atLeast("rows", rows, 1);
    Checks.atLeast("cols", cols, 1);
    if (features == null) {
      throw new IllegalArgumentException("features must not be null");
    }
    if (features.length != (long) rows * cols) {
      throw new IllegalArgumentException("features must have rows*cols = " + rows + "*" + cols + " = "
          + (long) rows * cols + " entries, got " + features.length);
    }
    for (int k = 0; k < features.length; k++) {
      if (!Double.isFinite(features[k])) {
        throw new IllegalArgumentException("features must be finite, got " + features[k] + " at row "
            + k / cols + ", column " + k % cols);
      }
    }
    if (labels != null && labels.length != rows) {
      throw new IllegalArgumentException("labels must have one entry per row (" + rows + "), got "
          + labels.length);
    }
    if (weights != null) {
      if (weights.length != rows) {
        throw new IllegalArgumentException("weights must have one entry per row (" + rows + "), got "
            + weights.length);
      }
      for (int i = 0; i < rows; i++) {
        if (!(weights[i] >= 0) || weights[i] == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException("weights must be finite and >= 0, got weights[" + i + "] = "
              + weights[i]);
        }
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.features = features;
    this.labels = labels;
    this.weights = weights;
  }

  /**
   * A zero-filled batch to gather into: features 0, labels 0, weights 1.
   *
   * @param labelled whether the batch has labels
   * @param weighted whether the batch has weights
   * @throws IllegalArgumentException if rows or cols &lt; 1 or rows·cols exceeds the largest array
   */
  public static Batch allocate(int rows, int cols, boolean labelled, boolean weighted) {
    Checks.atLeast("rows", rows, 1);
    Checks.atLeast("cols", cols, 1);
    if ((long) rows * cols > MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException("rows*cols = " + (long) rows * cols + " exceeds the largest array ("
          + MAX_ARRAY_LENGTH + ")");
    }
    double[] weights = null;
    if (weighted) {
      weights = new double[rows];
      Arrays.fill(weights, 1.0);
    }
    return new Batch(rows, cols, new double[rows * cols], labelled ? new int[rows] : null, weights);
  }

  /**
   * A {@link #allocate zero-filled} buffer of {@code rows} rows shaped like {@code like}: same number of
   * columns, labelled and weighted as it is.
   */
  public static Batch allocateLike(Batch like, int rows) {
    return allocate(rows, like.cols, like.labels != null, like.weights != null);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The row-major rows×cols feature array itself (not a copy). */
  public double[] features() {
    return features;
  }

  public boolean hasLabels() {
    return labels != null;
  }

  public boolean hasWeights() {
    return weights != null;
  }

  /**
   * The label array itself (not a copy).
   *
   * @throws IllegalStateException if the batch has no labels
   */
  public int[] labels() {
    if (labels == null) {
      throw new IllegalStateException("this batch has no labels");
    }
    return labels;
  }

  /**
   * The weight array itself (not a copy).
   *
   * @throws IllegalStateException if the batch has no weights (every example weighs 1)
   */
  public double[] weights() {
    if (weights == null) {
      throw new IllegalStateException("this batch has no weights (every example weighs 1)");
    }
    return weights;
  }

  /** Feature {@code col} of example {@code row}: {@code features[row * cols + col]}. */
  public double feature(int row, int col) {
    checkIndex("row", row, rows);
    checkIndex("col", col, cols);
    return features[row * cols + col];
  }

  /**
   * Label of example {@code row}.
   *
   * @throws IllegalStateException if the batch has no labels
   */
  public int label(int row) {
    checkIndex("row", row, rows);
    return labels()[row];
  }

  /** Weight of example {@code row}; 1 when the batch has no weights. */
  public double weight(int row) {
    checkIndex("row", row, rows);
    return weights == null ? 1.0 : weights[row];
  }

  /** Σᵢ wᵢ; {@code rows} when the batch has no weights. */
  public double weightSum() {
    if (weights == null) {
      return rows;
    }
    double sum = 0;
    for (int i = 0; i < rows; i++) {
      sum += weights[i];
    }
    return sum;
  }

  /**
   * Copies the examples {@code indices[from]}, …, {@code indices[from + dest.rows() - 1]} of this batch,
   * in that order, into rows 0, …, {@code dest.rows() - 1} of {@code dest}: features, labels and weights.
   * Allocates nothing; indices may repeat (sampling with replacement).
   *
   * @param indices row indices into this batch, each in [0, rows); not modified
   * @param from position in {@code indices} of the first row to copy
   * @param dest buffer with the same number of columns, labelled and weighted exactly as this batch (see
   *     {@link #allocateLike}), not sharing this batch's arrays; its arrays are overwritten
   * @throws IllegalArgumentException if {@code dest} does not fit, shares arrays with this batch, or fewer
   *     than {@code dest.rows()} indices follow {@code from}
   * @throws IndexOutOfBoundsException naming the position and value of an index outside [0, rows); the rows
   *     before it have then been copied
   */
  public void gather(int[] indices, int from, Batch dest) {
    if (dest.cols != cols) {
      throw new IllegalArgumentException("dest must have " + cols + " columns like the source, got "
          + dest.cols);
    }
    if ((dest.labels != null) != (labels != null) || (dest.weights != null) != (weights != null)) {
      throw new IllegalArgumentException("dest must be " + shape(labels != null, weights != null)
          + " like the source, got " + shape(dest.labels != null, dest.weights != null)
          + " (use Batch.allocateLike)");
    }
    if (dest.features == features || (labels != null && dest.labels == labels)
        || (weights != null && dest.weights == weights)) {
      throw new IllegalArgumentException("dest must not share arrays with the source batch");
    }
    if (from < 0 || (long) from + dest.rows > indices.length) {
      throw new IllegalArgumentException("need dest.rows() = " + dest.rows + " indices from position " + from
          + ", but indices has length " + indices.length);
    }
    for (int r = 0; r < dest.rows; r++) {
      int src = indices[from + r];
      if (src < 0 || src >= rows) {
        throw new IndexOutOfBoundsException("indices[" + (from + r) + "] = " + src + " is outside [0, "
            + rows + ")");
      }
      System.arraycopy(features, src * cols, dest.features, r * cols, cols);
      if (labels != null) {
        dest.labels[r] = labels[src];
      }
      if (weights != null) {
        dest.weights[r] = weights[src];
      }
    }
  }

  /**
   * The examples at {@code indices}, in that order, as a new batch: the allocating form of {@link
   * #gather(int[], int, Batch)}.
   *
   * @param indices row indices, each in [0, rows), at least one; not modified
   */
  public Batch gather(int[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("indices must not be empty (a batch has at least one row)");
    }
    Batch dest = allocateLike(this, indices.length);
    gather(indices, 0, dest);
    return dest;
  }

  @Override
  public String toString() {
    return "Batch[" + rows + "x" + cols + ", " + shape(labels != null, weights != null) + "]";
  }

  private static String shape(boolean labelled, boolean weighted) {
    return (labelled ? "labelled" : "unlabelled") + " and " + (weighted ? "weighted" : "unweighted");
  }

  private static void checkIndex(String what, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(what + " " + index + " is outside [0, " + size + ")");
    }
  }
}
