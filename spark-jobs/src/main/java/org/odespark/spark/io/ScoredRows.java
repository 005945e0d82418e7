package org.odespark.spark.io;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.odespark.io.Standardization;
import org.odespark.objective.Batch;
import org.odespark.ode.SolverException;
import org.odespark.random.SeedSequence;
import org.odespark.spark.InputException;
import org.odespark.spark.config.DataConfig;
import org.odespark.spark.model.DensityModel;

/**
 * The rows of a table with one more column, the log-density of their features under a trained model (in the
 * data's own units: the standardization's Jacobian is added). Rows are scored in blocks of {@code chunk};
 * block c of partition p uses the seed {@code SeedSequence(seed).derive("score", p, c)}.
 */
public final class ScoredRows {

  private static final String FEATURES = "__odespark_features";

  private ScoredRows() {}

  /**
   * The scored table. Every row is checked first, in one pass (as training reads them: field counts, missing,
   * non-numeric and non-finite values), and the feature count against the model's, so that a bad row stops
   * the job before it writes anything; the scores themselves are lazy: nothing more runs until they are written.
   *
   * @throws DataFormatException naming the file, line, column and row of the first bad row, or the column count
   */
  public static Dataset<Row> score(SparkSession spark, DataConfig cfg, DensityModel.Spec spec, double[] theta,
                                   Standardization std, String column, int chunk, long seed) {
    int cols = TableBlocks.check(spark, cfg, new HadoopStorage(spark.sparkContext().hadoopConfiguration()));
    int d = spec.create().dimension();
    if (cols != d) {
      throw new DataFormatException("the model was trained on " + d + " features, " + cfg.describeSource() + " has "
          + cols + " (data.features, data.vector_column)");
    }
    Dataset<Row> df = TableBlocks.withFeatureArray(spark, cfg, FEATURES);
    StructType schema = df.schema();
    int featuresAt = schema.fieldIndex(FEATURES);
    StructType out = new StructType();
    for (int i = 0; i < schema.fields().length; i++) {
      if (i != featuresAt) {
        out = out.add(schema.fields()[i]);
      }
    }
    if (List.of(out.fieldNames()).contains(column)) {
      throw new DataFormatException("score.column = '" + column + "' already exists in " + cfg.path());
    }
    out = out.add(column, DataTypes.DoubleType, false);
    String source = cfg.path();
    JavaRDD<Row> rows = df.javaRDD().mapPartitionsWithIndex((p, it) -> {
      DensityModel model = spec.create();
      return new Scores(it, model, theta, std, featuresAt, chunk, seed, p, source);
    }, true);
    return spark.createDataFrame(rows, out);
  }

  /** One partition's rows, scored a block at a time. */
  private static final class Scores implements Iterator<Row> {
    private final Iterator<Row> in;
    private final DensityModel model;
    private final double[] theta;
    private final Standardization std;
    private final int featuresAt;
    private final int chunk;
    private final long seed;
    private final int partition;
    private final String source;
    private final List<Row> pending = new ArrayList<>();
    private double[] logp = new double[0];
    private int next;
    private long block;

    Scores(Iterator<Row> in, DensityModel model, double[] theta, Standardization std, int featuresAt, int chunk,
           long seed, int partition, String source) {
      this.in = in;
      this.model = model;
      this.theta = theta;
      this.std = std;
      this.featuresAt = featuresAt;
      this.chunk = chunk;
      this.seed = seed;
      this.partition = partition;
      this.source = source;
    }

    @Override
    public boolean hasNext() {
      return next < pending.size() || in.hasNext();
    }

    @Override
    public Row next() {
      if (next == pending.size()) {
        fill();
      }
      Row r = pending.get(next);
      Object[] values = new Object[r.length()];
      for (int i = 0, k = 0; i < r.length(); i++) {
        if (i != featuresAt) {
          values[k++] = r.get(i);
        }
      }
      values[r.length() - 1] = logp[next++];
      return RowFactory.create(values);
    }

    private void fill() {
      pending.clear();
      next = 0;
      while (pending.size() < chunk && in.hasNext()) {
        pending.add(in.next());
      }
      int d = model.dimension();
      double[] x = new double[pending.size() * d];
      for (int i = 0; i < pending.size(); i++) {
        Row r = pending.get(i);
        List<Object> f = r.isNullAt(featuresAt) ? null : r.getList(featuresAt);
        if (f == null || f.size() != d) {
          throw new DataFormatException("a row of " + source + " has " + (f == null ? "no" : f.size())
              + " features where the model expects " + d + ": " + r);
        }
        for (int j = 0; j < d; j++) {
          Object v = f.get(j);
          if (v == null || !Double.isFinite(((Number) v).doubleValue())) {
            throw new DataFormatException("a row of " + source + " has a missing, non-numeric or non-finite feature "
                + j + ": " + r);
          }
          x[i * d + j] = ((Number) v).doubleValue();
        }
      }
      if (std != null) {
        std.apply(x, pending.size());
      }
      logp = new double[pending.size()];
      try {
        model.logDensity(theta, new Batch(pending.size(), d, x, null, null),
            SeedSequence.of(seed).derive("score", partition, block), logp, 0);
      } catch (SolverException e) {
        throw new InputException("score stopped: partition " + partition + ", block " + block + " of " + source
            + ": the ODE solve failed: " + e.getMessage() + "; rows far outside the data the model was trained on"
            + " are the likely cause");
      }
      block++;
      if (std != null) {
        double jacobian = std.logAbsDetJacobian();
        for (int i = 0; i < logp.length; i++) {
          logp[i] += jacobian;
        }
      }
    }
  }
}
