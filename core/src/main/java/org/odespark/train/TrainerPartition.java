package org.odespark.train;

import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.random.SeedSequence;

/**
 * One partition's part of an iteration: draw its share of the minibatch and add the objective's sums at θ to
 * an aggregator. The rows of iteration i (0-based) are {@link MinibatchSampler}'s draw for the sampler seed
 * {@code SeedSequence(seed).derive("minibatch")}, this partition's index and share; the objective's seed is
 * {@code SeedSequence(seed).derive("objective", i, partition)}. So the sums are a pure function of (θ, seed,
 * i, partition, rows, share): the one-JVM {@link Trainer} is partition 0 with the whole batch as its share,
 * and the Spark trainer constructs one of these per partition (lazily, inside the task) and merges the
 * aggregators in partition order.
 *
 * <p>Mutable (the sampler's cache, the minibatch buffer, the objective's workspaces), one thread.
 */
public final class TrainerPartition {

  private final Objective objective;
  private final SeedSequence seeds;
  private final int partition;
  private final Batch rows;
  private final MinibatchSampler sampler;
  private final int[] indices;
  private final Batch minibatch;

  /**
   * @param objective the objective, owned by this partition's thread
   * @param seed the run's seed
   * @param partition partition index, ≥ 0
   * @param rows this partition's examples, not modified
   * @param share examples this partition contributes per iteration, ≥ 0
   */
  public TrainerPartition(Objective objective, long seed, int partition, Batch rows, int share) {
    if (rows.cols() != objective.featureDim()) {
      throw new IllegalArgumentException("partition " + partition + " has " + rows.cols()
          + " columns but the objective expects " + objective.featureDim());
    }
    this.objective = objective;
    this.seeds = SeedSequence.of(seed);
    this.partition = partition;
    this.rows = rows;
    this.sampler = new MinibatchSampler(seeds.derive("minibatch"), partition, rows.rows(), share);
    this.indices = new int[share];
    this.minibatch = share > 0 ? Batch.allocateLike(rows, share) : null;
  }

  public int share() {
    return indices.length;
  }

  /**
   * Adds the objective's loss and gradient sums on this partition's share of iteration {@code iteration}
   * (0-based) at θ into {@code into}; a zero share adds nothing.
   *
   * @param theta parameters, not modified
   */
  public void accumulate(double[] theta, long iteration, GradientAggregator into) {
    if (minibatch == null) {
      return;
    }
    sampler.draw(iteration, indices);
    rows.gather(indices, 0, minibatch);
    objective.accumulate(theta, minibatch, seeds.derive("objective", iteration, partition), into);
  }
}
