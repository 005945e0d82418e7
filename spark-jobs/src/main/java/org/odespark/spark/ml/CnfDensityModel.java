package org.odespark.spark.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Snapshot;
import org.odespark.io.Standardization;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.io.ScoringTrace;

/**
 * A fitted continuous normalizing flow: {@link #transform} adds a column with log p(x) (nats) of every row's
 * features, {@link #sample} draws points from the model. Rows are scored in chunks of reference.conf's
 * {@code score.batch_size} (256) per partition (one ODE solve per chunk), with the divergence
 * {@code scoreTrace} chooses: by default the exact trace up to {@link ScoringTrace#EXACT_MAX_DIM} dimensions
 * even for a Hutchinson-trained flow, whose per-row estimate is too noisy to rank rows; with Hutchinson's
 * estimator the probes depend on the seed, the partition and the chunk.
 *
 * <p>Persistence ({@link #write()}, {@link #load}): Spark's standard parameter metadata in
 * {@code <path>/metadata}, and θ with its metadata in {@code <path>/data/model.odsm}, the {@code train} job's
 * model file ({@code SnapshotFormat}: θ, the iteration, the configuration of the parameters that are job keys,
 * the data fingerprint and the standardization), so that the jobs ({@code evaluate}, {@code sample},
 * {@code score} with {@code output.dir = <path>/data}) use an ML model as they use their own. {@link #load}
 * also reads a {@code train} job's {@code model.odsm} (the file, or the output directory holding it): its
 * configuration keys become the model's parameters.
 */
public final class CnfDensityModel extends FittedModel<CnfDensityModel> implements CnfParams {

  private static final long serialVersionUID = 1L;
  /** The model type the job configuration names for a flow. */
  static final String MODEL_TYPE = "cnf";

  private final CnfParamSet params;
  private final Standardization standardization;
  private final long iteration;
  private final DataFingerprint data;

  /**
   * @param standardization the map the flow's input went through in training (fitted by the estimator with
   *     {@code standardize}), or null for none
   * @param iteration the training iteration θ belongs to
   * @param data the fingerprint of the training data
   */
  CnfDensityModel(String uid, int dimension, double[] theta, Standardization standardization, long iteration,
                  DataFingerprint data) {
    super(uid, dimension, theta);
    if (standardization != null && standardization.cols() != dimension) {
      throw new IllegalArgumentException("the standardization has " + standardization.cols() + " columns, the model "
          + dimension);
    }
    this.params = new CnfParamSet(this);
    params.setDefaults(this);
    this.standardization = standardization;
    this.iteration = iteration;
    this.data = data;
  }

  @Override
  public CnfParamSet cnfParams() {
    return params;
  }

  /**
   * The standardization z = (x − μ) / s the estimator fitted ({@code standardize}) and this model applies
   * before the flow: log p(x) = log p_z(z) − Σ log s, samples x = μ + s·z; empty if the flow sees the
   * features as they are.
   */
  public Optional<Standardization> standardization() {
    return Optional.ofNullable(standardization);
  }

  /** The flow this model evaluates (on standardized features when {@link #standardization()} is present). */
  @Override
  public CnfSpec spec() {
    return cnfSpec(dimension());
  }

  public CnfDensityModel setScoreTrace(String v) {
    set(scoreTrace(), v);
    return this;
  }

  public CnfDensityModel setLogDensityCol(String v) {
    set(logDensityCol(), v);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    Broadcast<double[]> b = sc.broadcast(theta());
    CnfSpec spec = ScoringTrace.named("scoreTrace", getScoreTrace()).apply(spec());
    long seedValue = getSeed();
    Standardization std = standardization;
    double jacobian = std == null ? 0 : std.logAbsDetJacobian();
    return ChunkedScoring.append(dataset, out, getFeaturesCol(), dimension(), partition -> {
      Cnf cnf = spec.create();
      double[] th = b.value();
      double[] logp = new double[ChunkedScoring.CHUNK];
      return (chunk, chunkIndex) -> {
        Batch z = chunk;
        if (std != null) {
          double[] f = chunk.features().clone();
          std.apply(f, chunk.rows());
          z = new Batch(chunk.rows(), chunk.cols(), f, null, null);
        }
        cnf.logDensity(th, z, SeedSequence.of(seedValue).derive("score", partition, chunkIndex), logp, 0);
        return i -> new Object[] {logp[i] + jacobian};
      };
    });
  }

  /**
   * n points drawn from the model, in a DataFrame with one vector column named by {@code featuresCol},
   * generated on the executors in {@code partitions} parts, each from SeedSequence(seed).derive("sample",
   * part).
   */
  public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed) {
    if (n < 1 || partitions < 1) {
      throw new IllegalArgumentException("sample needs n >= 1 and partitions >= 1, got " + n + ", " + partitions);
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<double[]> b = sc.broadcast(theta());
    CnfSpec spec = spec();
    Standardization std = standardization;
    int d = dimension();
    List<Integer> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(p);
    }
    StructType schema = new StructType(new StructField[] {
        new StructField(getFeaturesCol(), SQLDataTypes.VectorType(), false, Metadata.empty())});
    return spark.createDataFrame(sc.parallelize(parts, partitions).mapPartitionsWithIndex(
        (Integer p, Iterator<Integer> it) -> {
      long count = n / partitions + (p < n % partitions ? 1 : 0);
      List<Row> out = new ArrayList<>();
      if (count > 0) {
        double[] points = new double[(int) count * d];
        spec.create().sample(b.value(), (int) count, SeedSequence.of(seed).derive("sample", p), points);
        if (std != null) {
          std.invert(points, (int) count);
        }
        for (int i = 0; i < count; i++) {
          out.add(RowFactory.create(Vectors.dense(Arrays.copyOfRange(points, i * d, (i + 1) * d))));
        }
      }
      return out.iterator();
    }, true), schema);
  }

  @Override
  public CnfDensityModel copy(ParamMap extra) {
    return copyTo(new CnfDensityModel(uid(), dimension(), theta(), standardization, iteration, data), extra);
  }

  public static MLReader<CnfDensityModel> read() {
    return new Reader();
  }

  public static CnfDensityModel load(String path) {
    return read().load(path);
  }

  @Override
  Snapshot snapshot() {
    JobConfig cfg = ReferenceParams.jobConfig(this, ReferenceParams.CNF_ESTIMATOR);
    return new Snapshot(Snapshot.Kind.MODEL, MODEL_TYPE, iteration, theta(), null, spec().properties(), cfg.text(),
        cfg.hash(), data, standardization);
  }

  private static final class Reader extends MLReader<CnfDensityModel> {
    @Override
    public CnfDensityModel load(String path) {
      ModelFiles.Loaded loaded = ModelFiles.read(sparkSession(), path, MODEL_TYPE);
      Snapshot s = loaded.snapshot();
      if (!loaded.fromSpark() && loaded.config().getBoolean("model.cnf.images")) {
        throw new IllegalArgumentException(loaded.file() + " is an image flow (model.cnf.images = true), which"
            + " CnfDensityModel does not model; use the evaluate, sample and score jobs");
      }
      CnfDensityModel model = restore(sparkSession(), path, loaded, CnfDensityModel.class, "cnfDensity",
          ReferenceParams.CNF_ESTIMATOR, uid -> new CnfDensityModel(uid, s.data().cols(), s.theta(),
              s.standardization(), s.iteration(), s.data()));
      ModelFiles.requireBuilds(loaded, model.spec().properties(), model.spec().create().parameterCount());
      return model;
    }
  }
}
