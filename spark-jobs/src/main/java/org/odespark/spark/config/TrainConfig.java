package org.odespark.spark.config;

import java.io.Serializable;
import org.odespark.train.TrainerOptions;

/**
 * {@code train.*}, {@code optimizer.*}, {@code validation.*} and {@code checkpoint.*}: core's training options,
 * plus what only the Spark job has. Immutable.
 *
 * @param options iterations, batch, seed, optimizer and schedule, clipping, log, checkpoint and validation
 *     intervals, early stopping
 * @param validationFraction share of the data's rows held out for validation, in [0, 1) (0: none)
 * @param validationPath held-out data read like {@code data} from this path, or empty for none
 * @param aggregationDepth treeAggregate depth; 0 chooses from the partition count
 * @param checkpointDir checkpoint directory (resolved: never empty)
 * @param checkpointKeep checkpoints kept, ≥ 1
 */
public record TrainConfig(TrainerOptions options, int aggregationDepth, String checkpointDir, int checkpointKeep,
                          double validationFraction, String validationPath) implements Serializable {

  /** Whether the run has held-out data. */
  public boolean validates() {
    return validationFraction > 0 || !validationPath.isEmpty();
  }
}
