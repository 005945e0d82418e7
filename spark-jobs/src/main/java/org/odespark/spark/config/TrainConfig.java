package org.odespark.spark.config;

import java.io.Serializable;

/**
 * {@code train.*} and {@code checkpoint.*}: the loop's length, minibatch, seed, clipping, aggregation and
 * checkpointing. Immutable.
 *
 * @param iterations total optimizer steps, ≥ 1
 * @param batchSize global minibatch size, ≥ 1
 * @param seed the run's seed
 * @param clipNorm global-norm clipping threshold; 0 disables
 * @param aggregationDepth treeAggregate depth; 0 chooses from the partition count
 * @param logEvery metrics line every this many iterations
 * @param checkpointDir checkpoint directory (resolved: never empty)
 * @param checkpointEvery checkpoint interval in iterations; 0 only at the end
 * @param checkpointKeep checkpoints kept, ≥ 1
 */
public record TrainConfig(long iterations, int batchSize, long seed, double clipNorm, int aggregationDepth,
                          int logEvery, String checkpointDir, long checkpointEvery, int checkpointKeep)
    implements Serializable {

  /**
   * The treeAggregate depth for {@code partitions}: the configured one, or 1 up to 8 partitions (the driver
   * merges them all), 2 up to 64, 3 beyond (executors merge about √P or ∛P partials each).
   */
  public int depthFor(int partitions) {
    if (aggregationDepth > 0) {
      return aggregationDepth;
    }
    return partitions <= 8 ? 1 : partitions <= 64 ? 2 : 3;
  }

  /** A copy running {@code n} iterations in total. */
  public TrainConfig withIterations(long n) {
    return new TrainConfig(n, batchSize, seed, clipNorm, aggregationDepth, logEvery, checkpointDir, checkpointEvery,
        checkpointKeep);
  }
}
