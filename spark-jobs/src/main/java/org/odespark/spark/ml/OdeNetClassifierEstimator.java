package org.odespark.spark.ml;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.odespark.spark.io.TrainingData;

/**
 * A Spark ML Estimator that trains the ODE-Net classifier (core's {@link OdeNetSpec}, optionally augmented)
 * on a vector features column and a numeric label column of class indices 0 … numClasses − 1, by softmax
 * cross-entropy, distributed with the same trainer as the {@code train} job and {@link CnfDensityEstimator}
 * (θ broadcast per iteration, per-partition minibatch gradients, deterministic tree aggregation, optimizer
 * step on the driver). {@link #fit} gives an {@link OdeNetClassifierModel}, which adds the predicted class and
 * the class probabilities.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {
 *     new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw"),
 *     new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true).setWithStd(true),
 *     new OdeNetClassifierEstimator().setWidth(8).setHidden(8).setAugment(1).setMaxIter(200)});
 * PipelineModel m = p.fit(df);
 * m.transform(df).select("label", "prediction", "probability");
 * }</pre>
 *
 * <p>Labels are checked on the executors before training starts: a null, non-integer, negative or (with
 * {@code numClasses} set) too large label is refused with the column, row and value. With {@code numClasses
 * = 0} the model has max(2, largest label + 1) classes. A plain Estimator rather than Spark's
 * {@code ProbabilisticClassifier}: that API scores one row per call, and odespark scores a chunk of rows per
 * ODE solve.
 *
 * <p>The result depends on the partitioning (each partition draws its share of every minibatch and solves it
 * as one ODE state): the same data, partitioning (or {@code partitions}) and parameters give bit-identical
 * models.
 */
public final class OdeNetClassifierEstimator
    extends FittingEstimator<OdeNetClassifierModel, OdeNetClassifierEstimator> implements OdeNetClassifierParams {

  private static final long serialVersionUID = 1L;

  private final OdeNetClassifierParamSet params;

  public OdeNetClassifierEstimator() {
    this(Identifiable.randomUID("odeNetClassifier"));
  }

  public OdeNetClassifierEstimator(String uid) {
    super(uid);
    this.params = new OdeNetClassifierParamSet(this);
    params.setDefaults(this);
  }

  @Override
  public OdeNetClassifierParamSet classifierParams() {
    return params;
  }

  public OdeNetClassifierEstimator setLabelCol(String v) {
    set(labelCol(), v);
    return this;
  }

  public OdeNetClassifierEstimator setPredictionCol(String v) {
    set(predictionCol(), v);
    return this;
  }

  public OdeNetClassifierEstimator setProbabilityCol(String v) {
    set(probabilityCol(), v);
    return this;
  }

  public OdeNetClassifierEstimator setRawPredictionCol(String v) {
    set(rawPredictionCol(), v);
    return this;
  }

  public OdeNetClassifierEstimator setNumClasses(int v) {
    set(numClasses(), v);
    return this;
  }

  public OdeNetClassifierEstimator setWidth(int v) {
    set(width(), v);
    return this;
  }

  public OdeNetClassifierEstimator setAugment(int v) {
    set(augment(), v);
    return this;
  }

  public OdeNetClassifierEstimator setEndTime(double v) {
    set(endTime(), v);
    return this;
  }

  public OdeNetClassifierEstimator setPartitions(int v) {
    set(partitions(), v);
    return this;
  }

  /** Checks the features, label and weight columns and appends the prediction and probability columns. */
  @Override
  public StructType transformSchema(StructType schema) {
    String label = getLabelCol();
    List<String> names = Arrays.asList(schema.fieldNames());
    if (!names.contains(label)) {
      throw new IllegalArgumentException("labelCol = " + label + ": no such column; the columns are " + names);
    }
    if (!(schema.apply(label).dataType() instanceof NumericType)) {
      throw new IllegalArgumentException("labelCol = " + label + " must be numeric (class indices 0, 1, …), got "
          + schema.apply(label).dataType().simpleString() + " (index strings with StringIndexer)");
    }
    return validateAndTransformSchema(schema, true);
  }

  @Override
  public OdeNetClassifierModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> input = DatasetBlocks.repartition(dataset, getPartitions());
    int requested = getNumClasses();
    DatasetBlocks.LabelSummary labels = DatasetBlocks.labels(input, getLabelCol(), requested);
    if (labels.rows() == 0) {
      throw new IllegalArgumentException("the dataset has no rows");
    }
    int classes = requested > 0 ? requested : Math.max(2, labels.maxLabel() + 1);
    if (classes < 2) {
      throw new IllegalArgumentException("numClasses = " + classes + ": a classifier needs at least 2 classes");
    }
    TrainingData data = DatasetBlocks.readLabelled(input, getFeaturesCol(), getLabelCol(), getWeightCol());
    return trained(dataset, data, dim -> odeNetSpec(dim, classes), "odenet-classifier", ReferenceParams.TRAINING, true,
        fit -> new OdeNetClassifierModel(uid(), data.cols(), classes, fit.theta()));
  }

  public static MLReader<OdeNetClassifierEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static OdeNetClassifierEstimator load(String path) {
    return read().load(path);
  }
}
