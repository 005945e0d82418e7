package org.odespark.spark.ml;

import java.util.Arrays;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.odespark.classify.OdeNetClassifier;
import org.odespark.classify.OdeNetSpec;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.spark.io.ModelSummary;
import scala.Option;

/**
 * A trained ODE-Net classifier: {@link #transform} adds {@code predictionCol} (the class index of the largest
 * logit as a double, ties to the lowest index), {@code probabilityCol} (a dense vector, the softmax of the
 * logits) and {@code rawPredictionCol} (the logits, the raw prediction Spark's
 * {@code BinaryClassificationEvaluator} and {@code MulticlassClassificationEvaluator} read); an empty column
 * name leaves that column out. Rows are scored in chunks of 1024 per partition, one ODE solve per chunk; an adaptive solver
 * shares its steps within a chunk, so scores move with the partitioning at the solver's tolerance.
 *
 * <p>Persistence ({@link #write()}, {@link #load}): Spark's standard parameter metadata in
 * {@code <path>/metadata}, and θ in {@code <path>/data/odespark-odenet.bin}, the format family of
 * {@link CnfDensityModel}: magic {@code ODSPODE1}, format version (int, 1), input dimension D (int), classes
 * (int), |θ| (int), θ (doubles), then the CRC-32 of all preceding bytes (long); big-endian. Not Java
 * serialization; models saved by format version 1 load in later versions.
 */
public final class OdeNetClassifierModel extends Model<OdeNetClassifierModel>
    implements OdeNetClassifierParams, MLWritable {

  private static final long serialVersionUID = 1L;
  private static final String DATA_FILE = "data/odespark-odenet.bin";
  private static final ParameterFile FILE = new ParameterFile(DATA_FILE, "ODSPODE1", 1, "ODE-Net classifier",
      "dimension", "classes");

  private final String uid;
  private final OdeNetClassifierParamSet params;
  private final int dimension;
  private final int classes;
  private final double[] theta;
  private TrainingSummary summary;

  OdeNetClassifierModel(String uid, int dimension, int classes, double[] theta) {
    this.uid = uid;
    this.params = new OdeNetClassifierParamSet(this);
    params.setDefaults(this);
    this.dimension = dimension;
    this.classes = classes;
    this.theta = theta.clone();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public OdeNetClassifierParamSet classifierParams() {
    return params;
  }

  /** Features per example. */
  public int dimension() {
    return dimension;
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /** Whether this model has a training summary (a fitted model does, a loaded one does not). */
  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The summary of the fit that made this model.
   *
   * @throws IllegalStateException if there is none ({@link #hasSummary()} is false: the model was loaded)
   */
  public TrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("no training summary available for this " + getClass().getSimpleName()
          + " (a loaded model has none)");
    }
    return summary;
  }

  OdeNetClassifierModel withSummary(TrainingSummary s) {
    this.summary = s;
    return this;
  }

  /** Copy of the parameters θ. */
  public double[] parameters() {
    return theta.clone();
  }

  /** The classifier this model evaluates. */
  public OdeNetSpec spec() {
    return odeNetSpec(dimension, classes);
  }

  public OdeNetClassifierModel setFeaturesCol(String v) {
    set(featuresCol(), v);
    return this;
  }

  public OdeNetClassifierModel setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  public OdeNetClassifierModel setProbabilityCol(String v) {
    set(probabilityCol(), v);
    return this;
  }

  public OdeNetClassifierModel setRawPredictionCol(String v) {
    set(rawPredictionCol(), v);
    return this;
  }

  /** {@inheritDoc} Array values are spelled out (see {@link SharedParams#explain}). */
  @Override
  public String explainParam(Param<?> param) {
    return explain(param);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return validateAndTransformSchema(schema, true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    Broadcast<double[]> b = sc.broadcast(theta);
    OdeNetSpec spec = spec();
    int k = classes;
    boolean prediction = !getPredictionCol().isEmpty();
    boolean probability = !getProbabilityCol().isEmpty();
    boolean raw = !getRawPredictionCol().isEmpty();
    int appended = out.size() - dataset.schema().size();
    return ChunkedScoring.append(dataset, out, getFeaturesCol(), dimension, partition -> {
      OdeNetClassifier classifier = spec.create();
      double[] th = b.value();
      double[] logits = new double[ChunkedScoring.CHUNK * k];
      return (chunk, chunkIndex) -> {
        classifier.logits(th, chunk, logits);
        return i -> {
          double[] p = new double[k];
          int best = softmax(logits, i * k, k, p);
          Object[] values = new Object[appended];
          int c = 0;
          if (prediction) {
            values[c++] = (double) best;
          }
          if (probability) {
            values[c++] = Vectors.dense(p);
          }
          if (raw) {
            values[c] = Vectors.dense(Arrays.copyOfRange(logits, i * k, (i + 1) * k));
          }
          return values;
        };
      };
    });
  }

  /**
   * p = softmax(ℓ[from, from + k)) (max-shifted); returns the index of the largest logit, ties to the lowest.
   */
  static int softmax(double[] logits, int from, int k, double[] p) {
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (logits[from + j] > logits[from + best]) {
        best = j;
      }
    }
    double max = logits[from + best];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      p[j] = Math.exp(logits[from + j] - max);
      sum += p[j];
    }
    for (int j = 0; j < k; j++) {
      p[j] /= sum;
    }
    return best;
  }

  @Override
  public OdeNetClassifierModel copy(ParamMap extra) {
    OdeNetClassifierModel copy = new OdeNetClassifierModel(uid, dimension, classes, theta).withSummary(summary);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<OdeNetClassifierModel> read() {
    return new Reader();
  }

  public static OdeNetClassifierModel load(String path) {
    return read().load(path);
  }

  /** Spark's metadata plus odespark's θ file. */
  private static final class Writer extends MLWriter {
    private final OdeNetClassifierModel model;

    Writer(OdeNetClassifierModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sparkSession());
      try {
        ModelSummary.write(new HadoopStorage(sparkSession().sparkContext().hadoopConfiguration()), path,
            ModelSummary.of(model.getClass().getSimpleName(), model.dimension, model.spec(), model.spec().create()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      FILE.write(sparkSession(), path, new int[] {model.dimension, model.classes}, model.theta);
    }
  }

  private static final class Reader extends MLReader<OdeNetClassifierModel> {
    @Override
    public OdeNetClassifierModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sparkSession(), OdeNetClassifierModel.class.getName());
      ParameterFile.Contents contents = FILE.read(sparkSession(), path);
      double[] theta = contents.theta();
      OdeNetClassifierModel model = new OdeNetClassifierModel(metadata.uid(), contents.header()[0],
          contents.header()[1], theta);
      metadata.getAndSetParams(model, Option.empty());
      int expectedCount = model.spec().create().parameterCount();
      if (expectedCount != theta.length) {
        throw new IllegalArgumentException(new Path(path, DATA_FILE) + " holds " + theta.length
            + " parameters but the saved architecture needs " + expectedCount);
      }
      return model;
    }
  }
}
