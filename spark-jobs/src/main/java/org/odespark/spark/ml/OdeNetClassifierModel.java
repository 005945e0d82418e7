package org.odespark.spark.ml;

import java.util.Arrays;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.odespark.classify.OdeNetClassifier;
import org.odespark.classify.OdeNetSpec;
import org.odespark.io.Snapshot;
import org.odespark.spark.config.JobConfig;

/**
 * A trained ODE-Net classifier: {@link #transform} adds {@code predictionCol} (the class index of the largest
 * logit as a double, ties to the lowest index), {@code probabilityCol} (a dense vector, the softmax of the
 * logits) and {@code rawPredictionCol} (the logits, the raw prediction Spark's
 * {@code BinaryClassificationEvaluator} and {@code MulticlassClassificationEvaluator} read); an empty column
 * name leaves that column out. Rows are scored in chunks of reference.conf's {@code score.batch_size} (256) per
 * partition, one ODE solve per chunk; an adaptive solver shares its steps within a chunk, so scores move with
 * the partitioning at the solver's tolerance.
 *
 * <p>Persistence ({@link #write()}, {@link #load}): Spark's standard parameter metadata in
 * {@code <path>/metadata}, and θ in {@code <path>/data/model.odsm}, a model file of the {@code train} job's
 * format (docs/formats.md): θ, the classifier's spec and the job configuration of its parameters
 * ({@code model.type = odenet-classifier}), so that the jobs evaluate it. {@link #load} also reads a
 * {@code train} job's classifier ({@code model.odsm}, or the output directory holding it).
 */
public final class OdeNetClassifierModel extends FittedModel<OdeNetClassifierModel>
    implements OdeNetClassifierParams {

  private static final long serialVersionUID = 1L;
  /** The {@code model.type} of the train job's classifier, which a model file of this model names. */
  static final String MODEL_TYPE = "odenet-classifier";

  private final OdeNetClassifierParamSet params;
  private final int classes;

  OdeNetClassifierModel(String uid, int dimension, int classes, double[] theta) {
    super(uid, dimension, theta);
    this.params = new OdeNetClassifierParamSet(this);
    params.setDefaults(this);
    this.classes = classes;
  }

  @Override
  public OdeNetClassifierParamSet classifierParams() {
    return params;
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /** The classifier this model evaluates. */
  @Override
  public OdeNetSpec spec() {
    return odeNetSpec(dimension(), classes);
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

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    Broadcast<double[]> b = sc.broadcast(theta());
    OdeNetSpec spec = spec();
    int k = classes;
    boolean prediction = !getPredictionCol().isEmpty();
    boolean probability = !getProbabilityCol().isEmpty();
    boolean raw = !getRawPredictionCol().isEmpty();
    int appended = out.size() - dataset.schema().size();
    return ChunkedScoring.append(dataset, out, getFeaturesCol(), dimension(), partition -> {
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
    return copyTo(new OdeNetClassifierModel(uid(), dimension(), classes, theta()), extra);
  }

  public static MLReader<OdeNetClassifierModel> read() {
    return new Reader();
  }

  public static OdeNetClassifierModel load(String path) {
    return read().load(path);
  }

  /**
   * {@inheritDoc} The jobs rebuild the classifier from it; {@link org.odespark.spark.model.TrainedModel} checks
   * that it builds the spec stored beside it.
   */
  @Override
  Snapshot snapshot() {
    JobConfig cfg = ReferenceParams.jobConfig(this, ReferenceParams.CLASSIFIER_MODEL,
        Map.of("model.type", MODEL_TYPE, "model.classifier.classes", classes));
    return new Snapshot(Snapshot.Kind.MODEL, MODEL_TYPE, 0, theta(), null, spec().properties(), cfg.text(),
        cfg.hash(), ModelFiles.unknownData(dimension(), true), null);
  }

  private static final class Reader extends MLReader<OdeNetClassifierModel> {
    @Override
    public OdeNetClassifierModel load(String path) {
      ModelFiles.Loaded loaded = ModelFiles.read(sparkSession(), path, MODEL_TYPE);
      Snapshot s = loaded.snapshot();
      if (s.standardization() != null) {
        throw new IllegalArgumentException(loaded.file() + " was trained on standardized features (data.standardize"
            + " = true), which OdeNetClassifierModel does not apply; evaluate it with the evaluate job, or train"
            + " with data.standardize = false (a StandardScaler stage before the model does the same in a Pipeline)");
      }
      OdeNetSpec stored;
      try {
        stored = OdeNetSpec.fromProperties(s.spec());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(loaded.file() + ": invalid classifier spec: " + e.getMessage(), e);
      }
      OdeNetClassifierModel model = restore(sparkSession(), path, loaded, OdeNetClassifierModel.class,
          "odeNetClassifier", ReferenceParams.CLASSIFIER_MODEL,
          uid -> new OdeNetClassifierModel(uid, stored.inputDim(), stored.classes(), s.theta()));
      if (!loaded.fromSpark()) {
        // The train job's field: one hidden layer as wide as the state, concat layers.
        model.set(model.hidden(), new int[] {model.getWidth()});
        model.set(model.layerType(), "concat");
      }
      ModelFiles.requireBuilds(loaded, model.spec().properties(), model.spec().create().parameterCount());
      return model;
    }
  }
}
