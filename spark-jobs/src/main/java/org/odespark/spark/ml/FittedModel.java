package org.odespark.spark.ml;

import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.odespark.io.Snapshot;
import org.odespark.objective.Objective;
import org.odespark.spark.io.ModelSummary;
import scala.Option;

/**
 * What the two fitted models ({@link CnfDensityModel}, {@link OdeNetClassifierModel}) hold and do alike: the uid,
 * the feature count D, θ, the training summary of a fit, Spark's parameter explanation and schema check, and
 * persistence (Spark's metadata in {@code <path>/metadata}, the model file in {@code <path>/data/model.odsm},
 * the model summary beside it). A subclass says what its spec is, how its model file reads, and how it
 * transforms.
 *
 * @param <M> the model's own type
 */
public abstract class FittedModel<M extends FittedModel<M>> extends Model<M> implements SharedParams, MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final int dimension;
  private final double[] theta;
  private TrainingSummary summary;

  FittedModel(String uid, int dimension, double[] theta) {
    this.uid = uid;
    this.dimension = dimension;
    this.theta = theta.clone();
  }

  @Override
  public final String uid() {
    return uid;
  }

  /** Features per row: the dimension D of the modelled points or of the classified examples. */
  public final int dimension() {
    return dimension;
  }

  /** Copy of the parameters θ. */
  public final double[] parameters() {
    return theta.clone();
  }

  /** θ itself, for the subclass's transforms, copies and model file (never handed out). */
  final double[] theta() {
    return theta;
  }

  /** The objective this model evaluates, built from its parameters. */
  public abstract Objective.Spec spec();

  /** The model file of this model: the train job's format, with the configuration of its parameters. */
  abstract Snapshot snapshot();

  /** Whether this model has a training summary (a fitted model does, a loaded one does not). */
  public final boolean hasSummary() {
    return summary != null;
  }

  /**
   * The summary of the fit that made this model.
   *
   * @throws IllegalStateException if there is none ({@link #hasSummary()} is false: the model was loaded)
   */
  public final TrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("no training summary available for this " + getClass().getSimpleName()
          + " (a loaded model has none)");
    }
    return summary;
  }

  @SuppressWarnings("unchecked")
  final M withSummary(TrainingSummary s) {
    this.summary = s;
    return (M) this;
  }

  /** Spark's {@code copy}: {@code copy} (this model built anew) with this one's summary, parameters and parent. */
  final M copyTo(M copy, ParamMap extra) {
    copy.withSummary(summary);
    return copyValues(copy, extra).setParent(parent());
  }

  @SuppressWarnings("unchecked")
  public final M setFeaturesCol(String v) {
    set(featuresCol(), v);
    return (M) this;
  }

  /** {@inheritDoc} Array values are spelled out (see {@link SharedParams#explain}). */
  @Override
  public final String explainParam(Param<?> param) {
    return explain(param);
  }

  @Override
  public final StructType transformSchema(StructType schema) {
    return validateAndTransformSchema(schema, true);
  }

  @Override
  public final MLWriter write() {
    return new Writer(this);
  }

  /**
   * The model that {@code loaded} holds: with the uid and parameters of Spark's metadata if it is an ML model's
   * directory, else with a new uid and the parameters its job configuration sets ({@code keys}).
   *
   * @param create the model of a uid, with its θ and defaults
   */
  static <M extends FittedModel<M>> M restore(SparkSession spark, String path, ModelFiles.Loaded loaded,
                                              Class<M> type, String uidPrefix, Map<String, String> keys,
                                              Function<String, M> create) {
    if (loaded.fromSpark()) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, spark, type.getName());
      M model = create.apply(metadata.uid());
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
    M model = create.apply(Identifiable.randomUID(uidPrefix));
    try {
      ReferenceParams.setFrom(model, keys, loaded.config());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(loaded.file() + ": " + e.getMessage(), e);
    }
    return model;
  }

  /** Spark's metadata, the model file and the model summary. */
  private static final class Writer extends MLWriter {
    private final FittedModel<?> model;

    Writer(FittedModel<?> model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sparkSession());
      Objective.Spec spec = model.spec();
      ModelFiles.write(sparkSession(), path, model.snapshot(), ModelSummary.of(model.getClass().getSimpleName(),
          model.dimension, spec, spec.create()));
    }
  }
}
