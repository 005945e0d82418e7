package org.odespark.spark.config;

import java.io.Serializable;
import org.odespark.train.TrainerOptions;

/**
 * {@code train.*}, {@code optimizer.*} and {@code checkpoint.*}: core's training options, plus what only the
 * Spark job has. Immutable.
 *
 * @param options iterations, batch, seed, optimizer and schedule, clipping, log and checkpoint intervals
 * @param aggregationDepth treeAggregate depth; 0 chooses from the partition count
 * @param checkpointDir checkpoint directory (resolved: never empty)
 * @param checkpointKeep checkpoints kept, ≥ 1
 */
public record TrainConfig(TrainerOptions options, int aggregationDepth, String checkpointDir, int checkpointKeep)
    implements Serializable {}
