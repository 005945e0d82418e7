/**
 * The one-JVM training loop: {@link org.odespark.train.Trainer} over an {@link
 * org.odespark.objective.Objective} and an {@link org.odespark.optim.Optimizer}, the minibatch rule
 * ({@link org.odespark.train.MinibatchSampler}), and {@link org.odespark.train.TrainerPartition}, the
 * partition step that the Spark trainer runs on every partition. Imports {@code objective}, {@code random}
 * and {@code optim}; never Spark.
 */
package org.odespark.train;
