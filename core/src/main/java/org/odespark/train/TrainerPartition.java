package org.odespark.train;

import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.random.SeedSequence;

/**
 * One partition's part of an iteration, the step every training loop runs: draw the partition's share of the
 * global minibatch, gather those rows, and add the objective's sums at θ to an aggregator. The rows of
 * iteration i (0-based) are {@link MinibatchSampler}'s draw for the run's seed, this partition's index and
 * share; the objective's seed is {@code SeedSequence(seed).derive("objective", i, partition)}. So the sums are
 * a pure function of (θ, seed, i, partition, rows, share): the one-JVM {@link Trainer} is partition 0 with the
 * whole batch as its share, and the Spark trainer keeps one of these per partition on the executors (its
 * results meet in a fixed tree, whatever order the tasks finish in).
 *
 * <p>Holds neither the rows nor the objective, so that an executor can keep it across iterations while Spark
 * owns the cached rows and tasks borrow objectives. Mutable (the sampler's cache, the minibatch buffer), one
 * thread.
 */
public final class TrainerPartition {

  private final SeedSequence seeds;
  private final int partition;
  private final MinibatchSampler sampler;
  private final int rows;
  private final int[] indices;
  private Batch minibatch;

  /**
   * @param seed the run's seed
   * @param partition partition index, ≥ 0
   * @param rows the number of this partition's examples
   * @param share examples this partition contributes per iteration, ≥ 0
   */
  public TrainerPartition(long seed, int partition, int rows, int share) {
    this.seeds = SeedSequence.of(seed);
    this.partition = partition;
    this.sampler = new MinibatchSampler(seed, partition, rows, share);
    this.rows = rows;
    this.indices = new int[share];
  }

  /** Whether this partition step serves {@code data} with this share (same rows, same share). */
  public boolean serves(Batch data, int share) {
    return data.rows() == rows && indices.length == share;
  }

  /**
   * Adds the objective's loss and gradient sums on this partition's share of iteration {@code iteration}
   * (0-based) at θ into {@code into}; a zero share adds nothing.
   *
   * @param theta parameters, not modified
   * @param data this partition's examples (the {@code rows} of the constructor), not modified
   * @throws IllegalArgumentException if the data have another row count or the objective other columns
   */
  public void accumulate(Objective objective, double[] theta, Batch data, long iteration, GradientAggregator into) {
    if (data.rows() != rows || data.cols() != objective.featureDim()) {
      throw new IllegalArgumentException("partition " + partition + " has " + data.rows() + " × " + data.cols()
          + " examples, expected " + rows + " rows of the objective's " + objective.featureDim() + " columns");
    }
    if (indices.length == 0) {
      return;
    }
    if (minibatch == null) {
      minibatch = Batch.allocateLike(data, indices.length);
    }
    sampler.draw(iteration, indices);
    data.gather(indices, 0, minibatch);
    objective.accumulate(theta, minibatch, seeds.derive("objective", iteration, partition), into);
  }
}
