package org.odespark.spark.ml;

import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.odespark.objective.Objective;
import org.odespark.spark.io.TrainingData;

/**
 * What the two estimators ({@link CnfDensityEstimator}, {@link OdeNetClassifierEstimator}) hold and do alike:
 * the uid, the shared setters, Spark's parameter explanation, schema check and copy, and the end of a fit (train with
 * {@link MlTraining}, then the model with the fit's summary, this estimator's parameter values and this
 * estimator as its parent). A subclass says how it reads the dataset and which model it makes.
 *
 * @param <M> the fitted model's type
 * @param <S> the estimator's own type, which the setters return
 */
public abstract class FittingEstimator<M extends FittedModel<M>, S extends FittingEstimator<M, S>>
    extends Estimator<M> implements TrainingSetters<S>, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;

  FittingEstimator(String uid) {
    this.uid = uid;
  }

  @Override
  public final String uid() {
    return uid;
  }

  /** {@inheritDoc} Array values are spelled out (see {@link SharedParams#explain}). */
  @Override
  public String explainParam(Param<?> param) {
    return explain(param);
  }

  /** Checks the input columns and appends the output columns. */
  @Override
  public StructType transformSchema(StructType schema) {
    return validateAndTransformSchema(schema, true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public S copy(ParamMap extra) {
    return (S) defaultCopy(extra);
  }

  /**
   * Trains the spec of {@code data}'s D features on {@code data} (unpersisted afterwards, also on failure) and
   * returns the model that {@code model} makes of the fit, with its summary, this estimator's parameter values
   * and parent.
   */
  final M trained(Dataset<?> dataset, TrainingData data, IntFunction<Objective.Spec> spec, String modelType,
                  Map<String, String> keys, boolean accuracy, Function<MlTraining.Fit, M> model) {
    try {
      MlTraining.Fit fit = MlTraining.train(dataset.sparkSession(), data, spec.apply(data.cols()), this, modelType,
          keys, accuracy);
      M m = model.apply(fit).withSummary(fit.summary());
      copyValues(m, extractParamMap());
      return m.setParent(this);
    } finally {
      data.unpersist();
    }
  }
}
