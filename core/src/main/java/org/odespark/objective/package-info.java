/**
 * The contract between a model and every training loop (Spark MLlib's aggregator pattern without Spark): an
 * {@link org.odespark.objective.Objective} adds the loss and gradient sums of a {@link
 * org.odespark.objective.Batch} (a packed row-major block of examples with optional weights and labels) into a
 * mergeable {@link org.odespark.objective.GradientAggregator}. Models ({@code flow}, {@code classify}) implement
 * it; loops ({@code train}, the Spark trainer) call it. A leaf package: imports nothing of odespark.
 */
package org.odespark.objective;
