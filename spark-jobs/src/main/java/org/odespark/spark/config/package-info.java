/**
 * Configuration: {@code conf/reference.conf} declares every key (default, one-line doc, valid range);
 * {@link org.odespark.spark.config.ConfigSchema} reads those declarations, {@link org.odespark.spark.config.ConfigLoader}
 * layers files and {@code --set} overrides over them, rejects unknown keys and invalid values (naming key, value,
 * range and the closest valid key) and maps the result to immutable records ({@link org.odespark.spark.config.JobConfig}).
 * {@link org.odespark.spark.config.ConfigReference} generates docs/configuration.md. No Spark imports.
 */
package org.odespark.spark.config;
