package org.odespark.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.latent.LatentOdeSpec;
import org.odespark.latent.PredictionGrid;
import org.odespark.latent.SeriesLayout;
import org.odespark.latent.SeriesObjective;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.spark.io.SeriesBlocks;
import org.odespark.spark.model.LatentOdeFactory;
import org.odespark.spark.model.ModelFactory;
import org.odespark.spark.model.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code predict}: a trained time-series model ({@code model.type = latent-ode}) over the configured series,
 * written as Parquet to {@code predict.output} (default {@code <output.dir>/predictions.parquet}), one row
 * per (series, time, draw): columns {@code series} (the id), {@code time} (in the data's own units, t =
 * t_first + t' · data.series.time_scale), {@code kind} ({@code observed}: the reconstruction at an
 * observation; {@code interpolate} / {@code forecast}: a requested time up to / after the series' last
 * observation, see {@link PredictionGrid}), {@code sample} (−1 for the posterior mean, 0 … predict.samples − 1
 * for posterior draws), then one column per value. Draws of chunk c of partition p use the seed
 * SeedSequence(predict.seed).derive("predict", c, p). Prints one JSON line with the counts.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Reconstructions and forecasts of a latent ODE at requested times, with posterior samples, as Parquet.")
public final class PredictJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);
  /** Series handed to the model at once. */
  static final int CHUNK = 128;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    JobConfig cfg = options.load();
    TrainedModel model = TrainedModel.load(cfg.output().modelPath(), ConfigLoader.standard());
    if (model.factory().kind() != ModelFactory.Kind.SERIES) {
      throw new IllegalArgumentException("predict needs a time-series model; " + cfg.output().modelPath()
          + " holds model.type = " + model.snapshot().modelType() + " (sample and score serve density models)");
    }
    String path = cfg.output().predictionsPath();
    HadoopStorage local = new HadoopStorage(new Configuration());
    if (local.exists(local.qualify(path))) {
      throw new IllegalArgumentException("predict: " + local.qualify(path) + " exists; remove it or set"
          + " predict.output");
    }
    List<String> names = LatentOdeFactory.valueNames(model.shape());
    JobSession.logConfig("predict", cfg);
    try (JobSession session = JobSession.start("predict", cfg)) {
      int partitions = cfg.data().partitions() > 0 ? cfg.data().partitions() : session.sc().defaultParallelism();
      SeriesBlocks.SeriesData data = SeriesBlocks.read(session.spark(), cfg.data(), partitions);
      if (data.layout().dim() != names.size()) {
        throw new IllegalArgumentException("the model was trained on series of " + names.size() + " values "
            + names + ", the data have " + data.layout().dim() + " " + data.valueNames());
      }
      PredictionGrid grid = new PredictionGrid(cfg.output().predictPoints(), cfg.output().predictHorizon());
      LatentOdeSpec spec = LatentOdeFactory.spec(model.trained().model(), grid.layout(data.layout()));
      Broadcast<double[]> theta = session.sc().broadcast(model.theta());
      JavaRDD<Row> rows = data.blocks().mapPartitionsWithIndex(new Partition(spec, theta, grid, data.layout(),
          cfg.output().predictSamples(), cfg.output().predictSeed(), cfg.data().series().timeScale()), true);
      List<StructField> fields = new ArrayList<>(List.of(
          DataTypes.createStructField("series", DataTypes.StringType, false),
          DataTypes.createStructField("time", DataTypes.DoubleType, false),
          DataTypes.createStructField("kind", DataTypes.StringType, false),
          DataTypes.createStructField("sample", DataTypes.IntegerType, false)));
      for (String n : names) {
        fields.add(DataTypes.createStructField(n, DataTypes.DoubleType, false));
      }
      session.sc().setJobDescription("odespark predict");
      session.spark().createDataFrame(rows, new StructType(fields.toArray(new StructField[0]))).write().parquet(path);
      long written = session.spark().read().parquet(path).count();
      theta.destroy();
      String line = String.format(Locale.ROOT, "{\"rows\":%d,\"samples\":%d,\"output\":\"%s\"}", written,
          spec.kind() == LatentOdeSpec.Kind.LATENT_ODE ? cfg.output().predictSamples() : 0, path);
      LOG.info("predict: {}", line);
      System.out.println(line);
    }
    return 0;
  }

  /**
   * The rows of one partition, a chunk of series at a time.
   *
   * @param spec the model to build on each executor
   * @param theta the parameters
   * @param grid the prediction grid
   * @param data the layout of the data's series
   * @param samples the draws per series
   * @param seed the prediction seed
   * @param timeScale the factor from model time back to the data's time
   */
  private record Partition(LatentOdeSpec spec, Broadcast<double[]> theta, PredictionGrid grid, SeriesLayout data,
                           int samples, long seed, double timeScale)
      implements Function2<Integer, Iterator<SeriesBlocks.Block>, Iterator<Row>> {

    @Override
    public Iterator<Row> call(Integer partition, Iterator<SeriesBlocks.Block> blocks) {
      SeriesObjective model = spec.create();
      return new Iterator<>() {
        private SeriesBlocks.Block block;
        private int next;
        private long chunk;
        private Iterator<Row> rows = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!rows.hasNext()) {
            if (block == null || next == block.rows().rows()) {
              if (!blocks.hasNext()) {
                return false;
              }
              block = blocks.next();
              next = 0;
            }
            int n = Math.min(CHUNK, block.rows().rows() - next);
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) {
              indices[i] = next + i;
            }
            rows = rows(block, next, block.rows().gather(indices), chunk++, partition);
            next += n;
          }
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return rows.next();
        }

        private Iterator<Row> rows(SeriesBlocks.Block b, int first, Batch chunkRows, long c, int p) {
          PredictionGrid.Prediction pr = grid.predict(model, theta.value(), data, chunkRows, samples,
              SeedSequence.of(seed).derive("predict", c, p));
          SeriesLayout q = pr.layout();
          double[] f = pr.queries().features();
          int dim = q.dim();
          int block = pr.queries().rows() * q.maxLength() * dim;
          List<Row> out = new ArrayList<>();
          for (int r = 0; r < pr.queries().rows(); r++) {
            String id = b.ids()[first + r];
            double origin = b.origins()[first + r];
            int count = q.count(f, r * q.cols());
            for (int j = 0; j < count; j++) {
              int s = q.slot(r * q.cols(), j);
              String kind = f[s + 1] == SeriesLayout.OBSERVED ? "observed"
                  : f[s + 1] == SeriesLayout.INTERPOLATE ? "interpolate" : "forecast";
              double time = origin + f[s] * timeScale;
              for (int k = -1; k < pr.samples(); k++) {
                Object[] v = new Object[4 + dim];
                v[0] = id;
                v[1] = time;
                v[2] = kind;
                v[3] = k;
                double[] src = k < 0 ? pr.mean() : pr.draws();
                int at = (k < 0 ? 0 : k * block) + (r * q.maxLength() + j) * dim;
                for (int d = 0; d < dim; d++) {
                  v[4 + d] = src[at + d];
                }
                out.add(RowFactory.create(v));
              }
            }
          }
          return out.iterator();
        }
      };
    }
  }
}
