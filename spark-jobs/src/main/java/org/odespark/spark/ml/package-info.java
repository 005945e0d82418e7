/**
 * The Spark ML API: {@link org.odespark.spark.ml.CnfDensityEstimator} (an Estimator fitting a continuous
 * normalizing flow to a vector column, distributed with the same trainer as the {@code train} job) and
 * {@link org.odespark.spark.ml.CnfDensityModel} (adds a log-density column; samples; saves and loads in a
 * documented format), sharing their parameters through {@link org.odespark.spark.ml.CnfParams};
 * {@link org.odespark.spark.ml.OdeNetClassifierEstimator} and {@link org.odespark.spark.ml.OdeNetClassifierModel}
 * (the ODE-Net classifier: prediction and probability columns) through
 * {@link org.odespark.spark.ml.OdeNetClassifierParams}. Both families share {@link org.odespark.spark.ml.SharedParams},
 * the training step, the chunked scoring and the θ-file format. They work inside a Pipeline after
 * VectorAssembler and StandardScaler.
 */
package org.odespark.spark.ml;
