package org.odespark.spark.io;

import org.apache.spark.api.java.JavaRDD;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Standardization;
import org.odespark.objective.Batch;

/**
 * The cached data of a job: at most one packed {@link Batch} per partition (none for an empty partition),
 * its fingerprint and the standardization already applied to it (null for none). Driver-side handle.
 */
public record TrainingData(JavaRDD<Batch> blocks, DataFingerprint fingerprint, Standardization standardization) {

  public int cols() {
    return fingerprint.cols();
  }

  public long[] partitionRows() {
    return fingerprint.partitionRows();
  }

  public int partitions() {
    return fingerprint.partitions();
  }

  public boolean labelled() {
    return fingerprint.labelled();
  }

  public void unpersist() {
    blocks.unpersist(false);
  }
}
