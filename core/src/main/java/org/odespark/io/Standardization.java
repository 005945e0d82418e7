package org.odespark.io;

import java.util.Arrays;

/**
 * The per-column affine map z = (x − μ) / s fitted on the training data and stored with the model, so that
 * evaluation, scoring and sampling see the data as training did. For a column whose standard deviation is
 * 0 (a constant pixel, say) s = 1: the column is only centred.
 *
 * <p>Densities transform with the Jacobian of the map: log p_x(x) = log p_z(z) + log|det ∂z/∂x|, and
 * log|det ∂z/∂x| = −Σⱼ log sⱼ ({@link #logAbsDetJacobian()}).
 *
 * <p>Immutable: the constructor and the accessors copy. Serializable, for Spark closures (files use {@link SnapshotFormat}, not Java serialization).
 *
 * @param mean μ, one finite value per column
 * @param scale s, one finite value &gt; 0 per column
 */
public record Standardization(double[] mean, double[] scale) implements java.io.Serializable {

  public Standardization {
    if (mean == null || scale == null) {
      throw new IllegalArgumentException("mean and scale must not be null");
    }
    if (mean.length < 1 || mean.length != scale.length) {
      throw new IllegalArgumentException("mean and scale must have the same length >= 1, got " + mean.length
          + " and " + scale.length);
    }
    for (int j = 0; j < mean.length; j++) {
      if (!Double.isFinite(mean[j])) {
        throw new IllegalArgumentException("mean[" + j + "] must be finite, got " + mean[j]);
      }
      if (!(scale[j] > 0) || Double.isInfinite(scale[j])) {
        throw new IllegalArgumentException("scale[" + j + "] must be > 0 and finite, got " + scale[j]);
      }
    }
    mean = mean.clone();
    scale = scale.clone();
  }

  /**
   * The standardization with means μ and scales s = σ, where σ = 0 becomes 1.
   *
   * @param mean per-column means, not modified
   * @param stddev per-column population standard deviations ≥ 0, not modified
   */
  public static Standardization fromMoments(double[] mean, double[] stddev) {
    return new Standardization(mean, Arrays.stream(stddev).map(s -> s == 0 ? 1 : s).toArray());
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] scale() {
    return scale.clone();
  }

  public int cols() {
    return mean.length;
  }

  /**
   * x ← (x − μ) / s for {@code rows} rows of {@link #cols()} values, row-major, in place.
   *
   * @param x rows×cols values from index 0; modified
   */
  public void apply(double[] x, int rows) {
    requireFits(x, rows);
    int cols = mean.length;
    for (int i = 0, p = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++, p++) {
        x[p] = (x[p] - mean[j]) / scale[j];
      }
    }
  }

  /**
   * z ← μ + s·z (the inverse map, for samples drawn in the standardized space), in place.
   *
   * @param z rows×cols values from index 0; modified
   */
  public void invert(double[] z, int rows) {
    requireFits(z, rows);
    int cols = mean.length;
    for (int i = 0, p = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++, p++) {
        z[p] = mean[j] + scale[j] * z[p];
      }
    }
  }

  /** log|det ∂z/∂x| = −Σⱼ log sⱼ: add it to log p_z(z) to get log p_x(x). */
  public double logAbsDetJacobian() {
    double sum = 0;
    for (double s : scale) {
      sum += Math.log(s);
    }
    return -sum;
  }

  private void requireFits(double[] x, int rows) {
    if (rows < 0 || (long) rows * mean.length > x.length) {
      throw new IllegalArgumentException(rows + " rows of " + mean.length + " columns do not fit in an array of "
          + x.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardization s && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "Standardization[cols=" + mean.length + "]";
  }
}
