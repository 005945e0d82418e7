/**
 * What a model provides to the jobs: a {@link org.odespark.spark.model.ModelFactory} (found by
 * {@code model.type} through {@link java.util.ServiceLoader}) building a serializable
 * {@code Objective.Spec} for training and evaluation and, for density models, a
 * {@link org.odespark.spark.model.DensityModel.Spec} for sampling and scoring.
 */
package org.odespark.spark.model;
