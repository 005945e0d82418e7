package org.odespark.spark.model;

import org.odespark.objective.Batch;

/**
 * A trained density model's two uses outside training: the log-density of given points (the score job, the
 * anomaly-detection use) and samples (the sample job). Both are pure functions of θ, the input and the seed.
 * Like an {@link org.odespark.objective.Objective} it owns its workspaces and serves one thread; executors build
 * one per task from the serializable {@link Spec}.
 *
 * <p>Densities and samples are in the space the model was trained in (standardized features when
 * {@code data.standardize} was on); the jobs apply and undo the standardization and its Jacobian.
 */
public interface DensityModel {

  /** The serializable description a DensityModel is built from. */
  interface Spec extends java.io.Serializable {
    DensityModel create();
  }

  /** Number of features D of a point. */
  int dimension();

  /**
   * out[offset + i] = log p(x_i) in nats for every row x_i of {@code batch}.
   *
   * @param theta parameters, not modified
   * @param batch rows × {@link #dimension()} points, not modified
   * @param seed seed of the random parts (Hutchinson probes), derived by the caller per block
   * @param out receives batch.rows() values from {@code offset}; modified
   */
  void logDensity(double[] theta, Batch batch, long seed, double[] out, int offset);

  /**
   * Draws n points x ~ p into {@code out} (n × D row-major).
   *
   * @param theta parameters, not modified
   * @param seed the only source of randomness
   * @param out receives n·D values from index 0; modified
   */
  void sample(double[] theta, int n, long seed, double[] out);
}
