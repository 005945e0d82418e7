package org.odespark.spark.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.odespark.objective.Batch;

/**
 * The {@code transform} every odespark model shares: each partition's rows are scored in chunks of
 * {@link #CHUNK} rows (one batched ODE solve per chunk), and each row gets the scorer's values appended.
 * Which rows share a chunk depends on the partitioning; adaptive solvers share step sizes within a chunk.
 */
final class ChunkedScoring {

  /** Rows per scored chunk: reference.conf's {@code score.batch_size}, as the score job's blocks. */
  static final int CHUNK = ReferenceParams.intDefault("score.batch_size");

  private ChunkedScoring() {}

  /** Scores the chunks of one partition; built on the executor, once per partition. */
  interface PartitionScorer extends java.io.Serializable {
    ChunkScorer open(int partition);
  }

  /** Scores one chunk and returns, for each of its rows, the values to append. */
  interface ChunkScorer {
    IntFunction<Object[]> score(Batch chunk, int chunkIndex);
  }

  /**
   * {@code dataset} with the scorer's columns appended ({@code out} is the result schema).
   *
   * @param dim the number of features every row's vector must have
   */
  static Dataset<Row> append(Dataset<?> dataset, StructType out, String featuresCol, int dim,
                             PartitionScorer scorer) {
    Dataset<Row> df = dataset.toDF();
    int featureIndex = df.schema().fieldIndex(featuresCol);
    return dataset.sparkSession().createDataFrame(df.javaRDD().mapPartitionsWithIndex(
        (Integer partition, Iterator<Row> rows) -> {
      ChunkScorer chunks = scorer.open(partition);
      List<Row> result = new ArrayList<>();
      List<Row> chunk = new ArrayList<>(CHUNK);
      double[] x = new double[CHUNK * dim];
      int chunkIndex = 0;
      while (rows.hasNext() || !chunk.isEmpty()) {
        while (rows.hasNext() && chunk.size() < CHUNK) {
          Row r = rows.next();
          if (r.isNullAt(featureIndex)) {
            throw new IllegalArgumentException(featuresCol + " is null in a row");
          }
          double[] v = ((Vector) r.get(featureIndex)).toArray();
          if (v.length != dim) {
            throw new IllegalArgumentException("the model scores " + dim + "-dimensional points, a row's "
                + featuresCol + " has " + v.length + " features");
          }
          System.arraycopy(v, 0, x, chunk.size() * dim, dim);
          chunk.add(r);
        }
        int n = chunk.size();
        IntFunction<Object[]> appended = chunks.score(new Batch(n, dim, Arrays.copyOf(x, n * dim), null, null),
            chunkIndex++);
        for (int i = 0; i < n; i++) {
          Row r = chunk.get(i);
          Object[] extra = appended.apply(i);
          Object[] values = new Object[r.size() + extra.length];
          for (int c = 0; c < r.size(); c++) {
            values[c] = r.get(c);
          }
          System.arraycopy(extra, 0, values, r.size(), extra.length);
          result.add(RowFactory.create(values));
        }
        chunk.clear();
      }
      return result.iterator();
    }, true), out);
  }
}
