package org.odespark.train;

import java.io.Serializable;
import java.util.Objects;
import org.odespark.optim.Optimizer;
import org.odespark.optim.OptimizerSpec;

/**
 * Settings of a training run, the one record behind the one-JVM {@link Trainer}, the Spark trainer, the train
 * job's {@code train.*}, {@code optimizer.*} and {@code checkpoint.every} keys and the ML estimators'
 * parameters. Immutable; the compact constructor validates every component; {@link #builder()} starts from
 * {@link #defaults()}.
 *
 * @param seed the run's one seed: initial θ from {@code derive("init")}, the minibatch rows of partition p
 *     from {@code MinibatchSampler(seed, p, …)}, the objective's stochastic parts from
 *     {@code derive("objective", iteration, p)} (see {@link TrainerPartition})
 * @param batchSize examples per iteration over all partitions, ≥ 1
 * @param iterations total optimizer steps of the run, ≥ 0; a resumed run continues from the optimizer's
 *     iteration count up to this
 * @param optimizer the optimizer a fresh run starts with ({@link #createOptimizer})
 * @param clipNorm clip the mean gradient to this L2 norm (&gt; 0), or 0 for no clipping
 * @param logEvery listeners that log (the train job's metrics file, an ML fit's log) write every K-th
 *     iteration (K ≥ 1) and the last
 * @param checkpointEvery hand the state to the listener every K-th iteration (K ≥ 1), or 0 for only after the
 *     last
 * @param evaluateEvery evaluate on the held-out data after every K-th iteration (K ≥ 1), or 0 for never
 * @param evaluationChunk rows per evaluation call (bounds the objective's workspaces), ≥ 1
 * @param patience stop early after this many evaluations in a row without a new best held-out loss (P ≥ 1),
 *     or 0 for never (early stopping needs {@code evaluateEvery} &gt; 0)
 * @param keepBest end the run with the θ of the lowest held-out loss rather than the last θ (when there were
 *     evaluations); a resumed run selects among its own evaluations only
 */
public record TrainerOptions(long seed, int batchSize, long iterations, OptimizerSpec optimizer, double clipNorm,
                             int logEvery, long checkpointEvery, int evaluateEvery, int evaluationChunk,
                             int patience, boolean keepBest) implements Serializable {

  private static final long serialVersionUID = 1L;

  public TrainerOptions {
    require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
    require(iterations >= 0, "iterations must be >= 0, got " + iterations);
    Objects.requireNonNull(optimizer, "optimizer");
    require(clipNorm >= 0 && !Double.isInfinite(clipNorm), "clipNorm must be >= 0 and finite (0 = no clipping),"
        + " got " + clipNorm);
    require(logEvery >= 1, "logEvery must be >= 1, got " + logEvery);
    require(checkpointEvery >= 0, "checkpointEvery must be >= 0 (0 = only after the last), got "
        + checkpointEvery);
    require(evaluateEvery >= 0, "evaluateEvery must be >= 0 (0 = never), got " + evaluateEvery);
    require(evaluationChunk >= 1, "evaluationChunk must be >= 1, got " + evaluationChunk);
    require(patience >= 0, "patience must be >= 0 (0 = no early stopping), got " + patience);
    require(patience == 0 || evaluateEvery > 0, "patience = " + patience + " needs held-out evaluations"
        + " (evaluateEvery > 0)");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Seed 0, batch 100, 1000 iterations, {@link OptimizerSpec#defaults()}, no clipping, every iteration
   * reported, checkpoints every 100 iterations, no evaluation, evaluation chunks of 1000 rows, no early
   * stopping, the last θ kept.
   */
  public static TrainerOptions defaults() {
    return new TrainerOptions(0, 100, 1000, OptimizerSpec.defaults(), 0, 1, 100, 0, 1000, 0, false);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The fresh optimizer of this run: {@code optimizer().create(dimension, iterations())}. */
  public Optimizer createOptimizer(int dimension) {
    return optimizer.create(dimension, iterations);
  }

  /** Whether the state after {@code done} iterations goes to the listener's checkpoint. */
  boolean checkpointAfter(long done) {
    return done == iterations || (checkpointEvery > 0 && done % checkpointEvery == 0);
  }

  /** Collects the components; {@link #build()} validates them. Mutable. */
  public static final class Builder {
    private long seed;
    private int batchSize;
    private long iterations;
    private OptimizerSpec optimizer;
    private double clipNorm;
    private int logEvery;
    private long checkpointEvery;
    private int evaluateEvery;
    private int evaluationChunk;
    private int patience;
    private boolean keepBest;

    private Builder(TrainerOptions o) {
      seed = o.seed;
      batchSize = o.batchSize;
      iterations = o.iterations;
      optimizer = o.optimizer;
      clipNorm = o.clipNorm;
      logEvery = o.logEvery;
      checkpointEvery = o.checkpointEvery;
      evaluateEvery = o.evaluateEvery;
      evaluationChunk = o.evaluationChunk;
      patience = o.patience;
      keepBest = o.keepBest;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public Builder batchSize(int b) {
      batchSize = b;
      return this;
    }

    public Builder iterations(long n) {
      iterations = n;
      return this;
    }

    public Builder optimizer(OptimizerSpec o) {
      optimizer = o;
      return this;
    }

    public Builder clipNorm(double maxNorm) {
      clipNorm = maxNorm;
      return this;
    }

    public Builder logEvery(int k) {
      logEvery = k;
      return this;
    }

    public Builder checkpointEvery(long k) {
      checkpointEvery = k;
      return this;
    }

    public Builder evaluateEvery(int k) {
      evaluateEvery = k;
      return this;
    }

    public Builder evaluationChunk(int rows) {
      evaluationChunk = rows;
      return this;
    }

    public Builder patience(int evaluations) {
      patience = evaluations;
      return this;
    }

    public Builder keepBest(boolean keep) {
      keepBest = keep;
      return this;
    }

    public TrainerOptions build() {
      return new TrainerOptions(seed, batchSize, iterations, optimizer, clipNorm, logEvery, checkpointEvery,
          evaluateEvery, evaluationChunk, patience, keepBest);
    }
  }
}
