package org.odespark.spark.model;

import org.odespark.objective.Objective;
import org.odespark.spark.config.ModelConfig;

/**
 * Turns the validated {@code model} and {@code solver} sections into the serializable objects the jobs ship
 * to executors: plugging a model into every job is one implementation of this interface plus one line in
 * {@code META-INF/services/org.odespark.spark.model.ModelFactory} (found with {@link java.util.ServiceLoader}
 * by {@link ModelFactories}).
 *
 * <p>Implementations are stateless.
 */
public interface ModelFactory {

  /**
   * What the model does: density models support sample and score; classifiers report accuracy; series
   * models (rows of a {@code latent.SeriesLayout}) report interpolation and extrapolation errors and predict.
   */
  enum Kind { DENSITY, CLASSIFIER, SERIES }

  /** The {@code model.type} this factory builds, e.g. "cnf". */
  String type();

  Kind kind();

  /**
   * Checks the model section beyond the per-key ranges of reference.conf (combinations, names known to
   * core). Called before Spark starts.
   *
   * @throws IllegalArgumentException naming the key, its value and what is valid
   */
  void validate(ModelConfig model);

  /**
   * The training objective for data of this shape: loss = negative log-likelihood per example (density) or
   * cross-entropy (classifier, with {@code GradientAggregator.Metric.CORRECT} counted by {@code evaluate}).
   *
   * @throws IllegalArgumentException if the data do not fit the model (e.g. a classifier without labels)
   */
  Objective.Spec objective(ModelConfig model, DataShape shape);

  /**
   * The density model of a trained θ (θ has the layout of {@link #objective}'s objective).
   *
   * @throws UnsupportedOperationException for classifiers
   */
  DensityModel.Spec density(ModelConfig model, DataShape shape);
}
