package org.odespark.spark.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import org.odespark.data.RunningMoments;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Standardization;
import org.odespark.objective.Batch;
import org.odespark.spark.io.BlockReader;
import org.odespark.spark.io.TrainingData;

/**
 * A DataFrame's vector column (and optional label and weight columns) as packed row-major blocks, one per
 * partition, cached: the form the Spark trainer works on. Rows keep the DataFrame's partitioning and order, so
 * the same DataFrame (same partitioning) trains the same model.
 */
final class DatasetBlocks {

  private DatasetBlocks() {}

  /**
   * Unlabelled blocks of {@code featuresCol}, weighted by {@code weightCol} unless it is empty; with {@code
   * standardize} the blocks hold z = (x − μ) / s with μ and s fitted in the same pass (the per-column mean
   * and population standard deviation, merged in partition order), and the result carries the map.
   */
  static TrainingData read(Dataset<?> dataset, String featuresCol, String weightCol, boolean standardize) {
    TrainingData raw = read(dataset, featuresCol, "", weightCol, standardize);
    if (raw.standardization() == null) {
      return raw;
    }
    JavaRDD<Batch> z = BlockReader.standardized(raw.blocks(), raw.standardization());
    z.setName("odespark ml standardized blocks").persist(StorageLevel.MEMORY_AND_DISK());
    z.count();
    raw.unpersist();
    return new TrainingData(z, raw.fingerprint(), raw.standardization());
  }

  /**
   * Labelled blocks: as {@link #read(Dataset, String, String)} with the integer labels of {@code labelCol}
   * (checked beforehand by {@link #labels}).
   */
  static TrainingData readLabelled(Dataset<?> dataset, String featuresCol, String labelCol, String weightCol) {
    return read(dataset, featuresCol, labelCol, weightCol, false);
  }

  /**
   * {@code dataset} in {@code partitions} partitions, deterministically: each row goes to the partition its
   * {@code monotonically_increasing_id} (a function of the input partitioning and order) hashes to, and the
   * rows of a partition are in id order. {@code partitions = 0} keeps the dataset as it is.
   */
  static Dataset<Row> repartition(Dataset<?> dataset, int partitions) {
    if (partitions == 0) {
      return dataset.toDF();
    }
    String id = "__odespark_row_" + Long.toHexString(System.nanoTime());
    Column c = functions.col(id);
    return dataset.toDF().withColumn(id, functions.monotonically_increasing_id()).repartition(partitions, c)
        .sortWithinPartitions(c).drop(id);
  }

  /** What {@link #labels} finds: the number of classes the labels need. */
  record LabelSummary(long rows, int maxLabel) {}

  /**
   * Checks that every row of {@code labelCol} (numeric) holds an integer in [0, classes) ({@code classes = 0}:
   * any integer ≥ 0), on the executors, before any training: IllegalArgumentException naming the column, the
   * row (0-based, in the DataFrame's partition order) and the value otherwise, on the driver.
   */
  static LabelSummary labels(Dataset<?> dataset, String labelCol, int classes) {
    List<String> names = Arrays.asList(dataset.schema().fieldNames());
    if (!names.contains(labelCol)) {
      throw new IllegalArgumentException("labelCol = " + labelCol + ": no such column; the columns are " + names);
    }
    if (!(dataset.schema().apply(labelCol).dataType() instanceof NumericType)) {
      throw new IllegalArgumentException("labelCol = " + labelCol + " must be numeric (class indices 0, 1, …), got "
          + dataset.schema().apply(labelCol).dataType().simpleString() + " (index strings with StringIndexer)");
    }
    // Per partition: {partition, rows, first bad row or -1, its value (NaN for null), max label}.
    List<double[]> parts = dataset.select(labelCol).toDF().javaRDD().mapPartitionsWithIndex(
        (Integer p, Iterator<Row> it) -> {
      long n = 0;
      long bad = -1;
      double badValue = 0;
      double max = -1;
      while (it.hasNext()) {
        Row r = it.next();
        double y = r.isNullAt(0) ? Double.NaN : ((Number) r.get(0)).doubleValue();
        if (bad < 0 && !validLabel(y, classes)) {
          bad = n;
          badValue = y;
        }
        if (y > max) {
          max = y;
        }
        n++;
      }
      return List.of(new double[] {p, n, bad, badValue, max}).iterator();
    }, true).collect(); // in partition order
    long before = 0;
    int max = -1;
    for (double[] s : parts) {
      if (s[2] >= 0) {
        long row = before + (long) s[2];
        String value = Double.isNaN(s[3]) ? "null" : (s[3] == Math.rint(s[3]) ? String.valueOf((long) s[3])
            : String.valueOf(s[3]));
        throw new IllegalArgumentException("labelCol = " + labelCol + ": row " + row + " (0-based, in the"
            + " DataFrame's partition order) has label " + value + "; labels must be integers 0, 1, …"
            + (classes > 0 ? ", below numClasses = " + classes : ""));
      }
      before += (long) s[1];
      max = Math.max(max, (int) s[4]);
    }
    return new LabelSummary(before, max);
  }

  private static boolean validLabel(double y, int classes) {
    return y >= 0 && y == Math.rint(y) && y <= Integer.MAX_VALUE - 1 && (classes <= 0 || y < classes);
  }

  private static TrainingData read(Dataset<?> dataset, String featuresCol, String labelCol, String weightCol,
                                   boolean moments) {
    boolean weighted = !weightCol.isEmpty();
    boolean labelled = !labelCol.isEmpty();
    List<Column> columns = new ArrayList<>(List.of(functions.col(featuresCol)));
    if (labelled) {
      columns.add(functions.col(labelCol));
    }
    if (weighted) {
      columns.add(functions.col(weightCol));
    }
    int labelIndex = labelled ? 1 : -1;
    int weightIndex = columns.size() - 1;
    Dataset<Row> rows = dataset.select(columns.toArray(new Column[0]));
    JavaRDD<Batch> blocks = rows.javaRDD().mapPartitions((Iterator<Row> it) -> {
      List<Batch> out = new ArrayList<>(1);
      double[] features = new double[0];
      double[] weights = new double[0];
      int[] labels = new int[0];
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
          labels = Arrays.copyOf(labels, Math.max(64, 2 * labels.length));
        }
        System.arraycopy(x, 0, features, n * cols, cols);
        if (labelled) {
          if (r.isNullAt(labelIndex)) {
            throw new IllegalArgumentException(labelCol + " is null in a row");
          }
          labels[n] = (int) ((Number) r.get(labelIndex)).doubleValue();
        }
        if (weighted) {
          if (r.isNullAt(weightIndex)) {
            throw new IllegalArgumentException(weightCol + " is null in a row");
          }
          weights[n] = ((Number) r.get(weightIndex)).doubleValue();
        }
        n++;
      }
      if (n > 0) {
        out.add(new Batch(n, cols, Arrays.copyOf(features, n * cols), labelled ? Arrays.copyOf(labels, n) : null,
            weighted ? Arrays.copyOf(weights, n) : null));
      }
      return out.iterator();
    });
    blocks.setName("odespark ml blocks").persist(StorageLevel.MEMORY_AND_DISK());
    int partitions = blocks.getNumPartitions();
    // Per partition: its index, rows, columns and (when asked) the moments of its features.
    List<PartitionSize> sizes = blocks.mapPartitionsWithIndex((Integer p, Iterator<Batch> it) -> {
      long rowsIn = 0;
      int cols = 0;
      RunningMoments m = null;
      while (it.hasNext()) {
        Batch b = it.next();
        rowsIn += b.rows();
        cols = b.cols();
        if (moments) {
          m = (m == null ? new RunningMoments(cols) : m).add(b.features(), 0, b.rows(), cols);
        }
      }
      return List.of(new PartitionSize(p, rowsIn, cols, m)).iterator();
    }, true).collect(); // in partition order
    long[] partitionRows = new long[partitions];
    int cols = -1;
    RunningMoments all = null;
    for (PartitionSize s : sizes) {
      partitionRows[s.partition()] = s.rows();
      if (s.rows() > 0) {
        if (cols >= 0 && cols != s.cols()) {
          throw new IllegalArgumentException(featuresCol + " has vectors of sizes " + cols + " and " + s.cols());
        }
        cols = s.cols();
        if (s.moments() != null) {
          all = all == null ? s.moments() : all.merge(s.moments());
        }
      }
    }
    if (cols < 0) {
      blocks.unpersist(false);
      throw new IllegalArgumentException("the dataset has no rows");
    }
    Standardization std = all == null ? null : Standardization.fromMoments(all.mean(), all.stddev());
    return new TrainingData(blocks, new DataFingerprint((labelled ? "dataset columns " + featuresCol + ", " + labelCol
        : "dataset column " + featuresCol), cols, partitionRows, "none", labelled, weighted, List.of()), std);
  }

  /** What one partition's pass found. */
  private record PartitionSize(int partition, long rows, int cols, RunningMoments moments)
      implements java.io.Serializable {
  }
}
