package org.odespark.spark.io;

import java.util.Arrays;
import org.odespark.objective.Batch;

/**
 * Accumulates rows into one packed row-major {@link Batch} (growable arrays, trimmed at the end): how a
 * partition's rows become its block. Mutable, one task.
 */
final class BlockBuilder {

  private final int cols;
  private final boolean labelled;
  private final boolean weighted;
  private double[] features;
  private int[] labels;
  private double[] weights;
  private int rows;

  BlockBuilder(int cols, boolean labelled, boolean weighted) {
    this.cols = cols;
    this.labelled = labelled;
    this.weighted = weighted;
    this.features = new double[cols * 64];
    this.labels = labelled ? new int[64] : null;
    this.weights = weighted ? new double[64] : null;
  }

  /** Room for one more row; returns the offset of its first feature. */
  int startRow() {
    if ((long) (rows + 1) * cols > Integer.MAX_VALUE - 8) {
      throw new DataFormatException("a partition holds more than " + rows + " rows of " + cols
          + " features, above the largest array: set data.partitions higher");
    }
    if ((rows + 1) * cols > features.length) {
      features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * features.length));
    }
    if (labelled && rows == labels.length) {
      labels = Arrays.copyOf(labels, 2 * labels.length);
    }
    if (weighted && rows == weights.length) {
      weights = Arrays.copyOf(weights, 2 * weights.length);
    }
    return rows * cols;
  }

  double[] features() {
    return features;
  }

  void finishRow(int label, double weight) {
    if (labelled) {
      labels[rows] = label;
    }
    if (weighted) {
      weights[rows] = weight;
    }
    rows++;
  }

  int rows() {
    return rows;
  }

  /** The block, or null when no row was added. */
  Batch build() {
    if (rows == 0) {
      return null;
    }
    return new Batch(rows, cols, Arrays.copyOf(features, rows * cols), labelled ? Arrays.copyOf(labels, rows) : null,
        weighted ? Arrays.copyOf(weights, rows) : null);
  }
}
