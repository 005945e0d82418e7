/**
 * Training: the {@link org.odespark.train.Objective} (the pure per-batch loss-and-gradient function every
 * partition calls), the mergeable {@link org.odespark.train.GradientAggregator} and the one-JVM training
 * loop. Depends on {@code flow}, {@code adjoint}, {@code nn}, {@code optim}, {@code data}; never on Spark.
 */
package org.odespark.train;
