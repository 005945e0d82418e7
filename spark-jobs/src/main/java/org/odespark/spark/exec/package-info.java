/**
 * Distributed execution: {@link org.odespark.spark.exec.SparkTrainer} (core's training loop with the sums
 * computed on the partitions), {@link org.odespark.spark.exec.PartitionGradient} and {@link
 * org.odespark.spark.exec.PartitionEvaluation} (the per-partition bodies), the deterministic aggregation
 * ({@link org.odespark.spark.exec.CanonicalTree} and {@link org.odespark.spark.exec.TreeSum}, which make
 * treeAggregate's result independent of merge order) and the train job's progress ({@link
 * org.odespark.spark.exec.MetricsLog}).
 */
package org.odespark.spark.exec;
