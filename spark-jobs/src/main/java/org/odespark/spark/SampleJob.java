package org.odespark.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.io.Standardization;
import org.odespark.random.SeedSequence;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.model.DensityModel;
import org.odespark.spark.model.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sample}: {@code sample.count} points from the trained density, drawn on the executors (partition p
 * in chunks c of at most {@value #CHUNK}, seeds {@code SeedSequence(sample.seed).derive("sample", p, c)}),
 * mapped back through the standardization, written as Parquet with the training data's column names.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw samples from a density model as Parquet.")
public final class SampleJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(SampleJob.class);
  static final int CHUNK = 10_000;

  @Mixin
  ConfigOptions options;

  @Option(names = "--overwrite", description = "Replace the samples of an earlier run at the output path.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    JobConfig cfg = options.load();
    TrainedModel model = JobSession.densityModel("sample", cfg, cfg.output().samplesPath(), overwrite,
        "samples of an earlier run");
    JobSession.logConfig("sample", cfg);
    try (JobSession session = JobSession.start("sample", cfg)) {
      int partitions = cfg.output().samplePartitions() > 0 ? cfg.output().samplePartitions()
          : session.sc().defaultParallelism();
      long count = cfg.output().sampleCount();
      long seed = cfg.output().sampleSeed();
      int d = model.shape().dimension();
      double[] theta = model.theta();
      Standardization std = model.snapshot().standardization();
      DensityModel.Spec spec = model.factory().density(model.trained().model(), model.shape());
      List<Integer> indices = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        indices.add(p);
      }
      JavaRDD<Row> rows = session.sc().parallelize(indices, partitions).mapPartitionsWithIndex((p, ignored) ->
          new Draws(spec.create(), theta, std, count / partitions + (p < count % partitions ? 1 : 0), seed, p), true);
      List<String> names = model.shape().featureNames();
      List<StructField> fields = new ArrayList<>();
      for (int j = 0; j < d; j++) {
        fields.add(DataTypes.createStructField(names.isEmpty() ? "x" + j : names.get(j), DataTypes.DoubleType, false));
      }
      session.sc().setJobDescription("odespark sample");
      String path = cfg.output().samplesPath();
      session.spark().createDataFrame(rows, new StructType(fields.toArray(new StructField[0]))).write()
          .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(path);
      LOG.info("wrote {} samples to {}", count, path);
    }
    return 0;
  }

  /** The rows of one partition, drawn a chunk at a time (the partition's samples are never all in memory). */
  private static final class Draws implements Iterator<Row> {
    private final DensityModel density;
    private final double[] theta;
    private final Standardization std;
    private final long n;
    private final long seed;
    private final int partition;
    private final int d;
    private final double[] x;
    private long produced;
    private int inChunk;
    private int chunkRows;
    private long chunk;

    Draws(DensityModel density, double[] theta, Standardization std, long n, long seed, int partition) {
      this.density = density;
      this.theta = theta;
      this.std = std;
      this.n = n;
      this.seed = seed;
      this.partition = partition;
      this.d = density.dimension();
      this.x = new double[(int) Math.max(1, Math.min(n, CHUNK)) * d];
    }

    @Override
    public boolean hasNext() {
      return produced < n;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      if (inChunk == chunkRows) {
        chunkRows = (int) Math.min(CHUNK, n - produced);
        density.sample(theta, chunkRows, SeedSequence.of(seed).derive("sample", partition, chunk++), x);
        if (std != null) {
          std.invert(x, chunkRows);
        }
        inChunk = 0;
      }
      Object[] values = new Object[d];
      for (int j = 0; j < d; j++) {
        values[j] = x[inChunk * d + j];
      }
      inChunk++;
      produced++;
      return RowFactory.create(values);
    }
  }
}
