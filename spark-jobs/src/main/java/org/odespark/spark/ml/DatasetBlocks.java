package org.odespark.spark.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.odespark.data.Batch;
import org.odespark.io.DataFingerprint;
import org.odespark.spark.io.TrainingData;

/**
 * A DataFrame's vector column (and optional weight column) as packed row-major blocks, one per partition,
 * cached: the form the Spark trainer works on. Rows keep the DataFrame's partitioning and order, so the same
 * DataFrame (same partitioning) trains the same model.
 */
final class DatasetBlocks {

  private DatasetBlocks() {}

  static TrainingData read(Dataset<?> dataset, String featuresCol, String weightCol) {
    boolean weighted = !weightCol.isEmpty();
    Dataset<Row> rows = weighted ? dataset.select(featuresCol, weightCol) : dataset.select(featuresCol);
    JavaRDD<Batch> blocks = rows.javaRDD().mapPartitions((Iterator<Row> it) -> {
      List<Batch> out = new ArrayList<>(1);
      double[] features = new double[0];
      double[] weights = new double[0];
      int n = 0;
      int cols = -1;
      while (it.hasNext()) {
        Row r = it.next();
        if (r.isNullAt(0)) {
          throw new IllegalArgumentException(featuresCol + " is null in a row");
        }
        double[] x = ((Vector) r.get(0)).toArray();
        if (cols < 0) {
          cols = x.length;
        } else if (x.length != cols) {
          throw new IllegalArgumentException(featuresCol + " has vectors of sizes " + cols + " and " + x.length);
        }
        if ((n + 1) * cols > features.length) {
          features = Arrays.copyOf(features, Math.max(64 * cols, 2 * features.length));
          weights = Arrays.copyOf(weights, Math.max(64, 2 * weights.length));
        }
        System.arraycopy(x, 0, features, n * cols, cols);
        if (weighted) {
          if (r.isNullAt(1)) {
            throw new IllegalArgumentException(weightCol + " is null in a row");
          }
          weights[n] = ((Number) r.get(1)).doubleValue();
        }
        n++;
      }
      if (n > 0) {
        out.add(new Batch(n, cols, Arrays.copyOf(features, n * cols), null,
            weighted ? Arrays.copyOf(weights, n) : null));
      }
      return out.iterator();
    });
    blocks.setName("odespark ml blocks").persist(StorageLevel.MEMORY_AND_DISK());
    int partitions = blocks.getNumPartitions();
    List<long[]> sizes = blocks.mapPartitionsWithIndex((Integer p, Iterator<Batch> it) -> {
      long rowsIn = 0;
      long cols = 0;
      while (it.hasNext()) {
        Batch b = it.next();
        rowsIn += b.rows();
        cols = b.cols();
      }
      return List.of(new long[] {p, rowsIn, cols}).iterator();
    }, true).collect();
    long[] partitionRows = new long[partitions];
    int cols = -1;
    for (long[] s : sizes) {
      partitionRows[(int) s[0]] = s[1];
      if (s[1] > 0) {
        if (cols >= 0 && cols != s[2]) {
          throw new IllegalArgumentException(featuresCol + " has vectors of sizes " + cols + " and " + s[2]);
        }
        cols = (int) s[2];
      }
    }
    if (cols < 0) {
      blocks.unpersist(false);
      throw new IllegalArgumentException("the dataset has no rows");
    }
    return new TrainingData(blocks, new DataFingerprint("dataset column " + featuresCol, cols, partitionRows, "none",
        false, weighted, List.of()), null);
  }
}
