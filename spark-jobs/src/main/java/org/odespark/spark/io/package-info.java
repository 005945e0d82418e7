/**
 * Data and files: {@link org.odespark.spark.io.BlockReader} turns Parquet, CSV, LIBSVM, Fashion-MNIST IDX
 * and toy generators into cached packed blocks (one {@code Batch} per partition) with a fingerprint and an
 * optional standardization; {@link org.odespark.spark.io.CheckpointStore} writes checkpoints atomically through
 * Hadoop's FileSystem API; {@link org.odespark.spark.io.ScoredRows} adds log-densities to a table.
 */
package org.odespark.spark.io;
