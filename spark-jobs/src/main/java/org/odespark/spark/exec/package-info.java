/**
 * Distributed execution: {@link org.odespark.spark.exec.SparkTrainer} (the synchronous data-parallel loop),
 * {@link org.odespark.spark.exec.PartitionGradient} and {@link org.odespark.spark.exec.PartitionEvaluation} (the
 * per-partition bodies), and the deterministic aggregation: {@link org.odespark.spark.exec.CanonicalTree} and
 * {@link org.odespark.spark.exec.TreeSum}, which make treeAggregate's result independent of merge order.
 */
package org.odespark.spark.exec;
