/**
 * The Spark ML API: {@link org.odespark.spark.ml.CnfDensityEstimator} (an Estimator fitting a continuous
 * normalizing flow to a vector column, distributed with the same trainer as the {@code train} job) and
 * {@link org.odespark.spark.ml.CnfDensityModel} (adds a log-density column; samples; saves and loads in a
 * documented format), sharing their parameters through {@link org.odespark.spark.ml.CnfParams}. They work
 * inside a Pipeline after VectorAssembler and StandardScaler.
 */
package org.odespark.spark.ml;
