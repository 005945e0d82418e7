package org.odespark.spark.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * A Spark listener for jobs run through {@code Main} ({@code spark.extraListeners}): counts the completed
 * stages and those that read or wrote shuffle data, JVM-wide, since the last {@link #reset}.
 */
public final class StageCounter extends SparkListener {

  private static final AtomicInteger STAGES = new AtomicInteger();
  private static final AtomicInteger SHUFFLES = new AtomicInteger();

  /** The {@code --set} that installs the counter in a job's session. */
  public static final String SETTING = "spark.properties={\"spark.extraListeners\" = \""
      + StageCounter.class.getName() + "\"}";

  public static void reset() {
    STAGES.set(0);
    SHUFFLES.set(0);
  }

  public static int stages() {
    return STAGES.get();
  }

  /** Stages that wrote or read shuffle data (a repartition or a sort moves rows between executors). */
  public static int shuffleStages() {
    return SHUFFLES.get();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo s = completed.stageInfo();
    STAGES.incrementAndGet();
    if (s.taskMetrics().shuffleWriteMetrics().bytesWritten() > 0
        || s.taskMetrics().shuffleReadMetrics().totalBytesRead() > 0) {
      SHUFFLES.incrementAndGet();
    }
  }
}
