package org.odespark.spark.ml;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.StructType;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.SolverSpec;

/**
 * The parameters every odespark estimator and model shares (Spark ML's shared-params pattern): each is a
 * public method returning its {@link Param} (how Spark finds them), backed by the instance's
 * {@link SharedParamSet}; plus the checks of the input columns.
 */
public interface SharedParams extends Params {

  /** The instance's parameter objects. */
  SharedParamSet sharedParams();

  default Param<String> featuresCol() {
    return sharedParams().featuresCol;
  }

  default Param<String> weightCol() {
    return sharedParams().weightCol;
  }

  default IntArrayParam hidden() {
    return sharedParams().hidden;
  }

  default Param<String> layerType() {
    return sharedParams().layerType;
  }

  default Param<String> activation() {
    return sharedParams().activation;
  }

  default Param<String> method() {
    return sharedParams().method;
  }

  default DoubleParam rtol() {
    return sharedParams().rtol;
  }

  default DoubleParam atol() {
    return sharedParams().atol;
  }

  default DoubleParam adjointRtol() {
    return sharedParams().adjointRtol;
  }

  default DoubleParam adjointAtol() {
    return sharedParams().adjointAtol;
  }

  default LongParam maxSteps() {
    return sharedParams().maxSteps;
  }

  default Param<String> gradient() {
    return sharedParams().gradient;
  }

  default Param<String> optimizer() {
    return sharedParams().optimizer;
  }

  default DoubleParam learningRate() {
    return sharedParams().learningRate;
  }

  default DoubleParam weightDecay() {
    return sharedParams().weightDecay;
  }

  default IntParam maxIter() {
    return sharedParams().maxIter;
  }

  default IntParam batchSize() {
    return sharedParams().batchSize;
  }

  default LongParam seed() {
    return sharedParams().seed;
  }

  default IntParam aggregationDepth() {
    return sharedParams().aggregationDepth;
  }

  default DoubleParam beta1() {
    return sharedParams().beta1;
  }

  default DoubleParam beta2() {
    return sharedParams().beta2;
  }

  default DoubleParam epsilon() {
    return sharedParams().epsilon;
  }

  default DoubleParam momentum() {
    return sharedParams().momentum;
  }

  default BooleanParam nesterov() {
    return sharedParams().nesterov;
  }

  default Param<String> lrSchedule() {
    return sharedParams().lrSchedule;
  }

  default DoubleParam lrDecay() {
    return sharedParams().lrDecay;
  }

  default LongParam lrStepSize() {
    return sharedParams().lrStepSize;
  }

  default DoubleParam lrMinFactor() {
    return sharedParams().lrMinFactor;
  }

  default LongParam warmupIterations() {
    return sharedParams().warmupIterations;
  }

  default DoubleParam warmupStartFactor() {
    return sharedParams().warmupStartFactor;
  }

  default DoubleParam clipNorm() {
    return sharedParams().clipNorm;
  }

  default IntParam logEvery() {
    return sharedParams().logEvery;
  }

  default IntParam checkpointInterval() {
    return sharedParams().checkpointInterval;
  }

  default Param<String> checkpointDir() {
    return sharedParams().checkpointDir;
  }

  default DoubleParam validationFraction() {
    return sharedParams().validationFraction;
  }

  default IntParam validationBatchSize() {
    return sharedParams().validationBatchSize;
  }

  default IntParam checkpointKeep() {
    return sharedParams().checkpointKeep;
  }

  default IntParam validationInterval() {
    return sharedParams().validationInterval;
  }

  default IntParam earlyStoppingPatience() {
    return sharedParams().earlyStoppingPatience;
  }

  default BooleanParam keepBest() {
    return sharedParams().keepBest;
  }

  default String getFeaturesCol() {
    return getOrDefault(featuresCol());
  }

  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  /** A copy of the hidden widths. */
  default int[] getHidden() {
    return getOrDefault(hidden()).clone();
  }

  default String getLayerType() {
    return getOrDefault(layerType());
  }

  default String getActivation() {
    return getOrDefault(activation());
  }

  default String getMethod() {
    return getOrDefault(method());
  }

  default double getRtol() {
    return (Double) getOrDefault(rtol());
  }

  default double getAtol() {
    return (Double) getOrDefault(atol());
  }

  default double getAdjointRtol() {
    return (Double) getOrDefault(adjointRtol());
  }

  default double getAdjointAtol() {
    return (Double) getOrDefault(adjointAtol());
  }

  default long getMaxSteps() {
    return (Long) getOrDefault(maxSteps());
  }

  default String getGradient() {
    return getOrDefault(gradient());
  }

  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default double getWeightDecay() {
    return (Double) getOrDefault(weightDecay());
  }

  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  default double getBeta1() {
    return (Double) getOrDefault(beta1());
  }

  default double getBeta2() {
    return (Double) getOrDefault(beta2());
  }

  default double getEpsilon() {
    return (Double) getOrDefault(epsilon());
  }

  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  default boolean getNesterov() {
    return (Boolean) getOrDefault(nesterov());
  }

  default String getLrSchedule() {
    return getOrDefault(lrSchedule());
  }

  default double getLrDecay() {
    return (Double) getOrDefault(lrDecay());
  }

  default long getLrStepSize() {
    return (Long) getOrDefault(lrStepSize());
  }

  default double getLrMinFactor() {
    return (Double) getOrDefault(lrMinFactor());
  }

  default long getWarmupIterations() {
    return (Long) getOrDefault(warmupIterations());
  }

  default double getWarmupStartFactor() {
    return (Double) getOrDefault(warmupStartFactor());
  }

  default double getClipNorm() {
    return (Double) getOrDefault(clipNorm());
  }

  default int getLogEvery() {
    return (Integer) getOrDefault(logEvery());
  }

  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  default String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default int getValidationBatchSize() {
    return (Integer) getOrDefault(validationBatchSize());
  }

  default int getCheckpointKeep() {
    return (Integer) getOrDefault(checkpointKeep());
  }

  default int getValidationInterval() {
    return (Integer) getOrDefault(validationInterval());
  }

  default int getEarlyStoppingPatience() {
    return (Integer) getOrDefault(earlyStoppingPatience());
  }

  default boolean getKeepBest() {
    return (Boolean) getOrDefault(keepBest());
  }

  /**
   * How the model's ODE blocks are solved and differentiated, as every estimator reads its parameters:
   * {@code gradient}, {@code method} forward at rtol/atol and backward at adjointRtol/adjointAtol, both
   * limited to {@code maxSteps}.
   *
   * @param seminorm the adjoint's seminorm (a parameter of the estimators that offer it)
   */
  default GradientSpec gradientSpec(boolean seminorm) {
    String m = getMethod();
    return new GradientSpec(GradientMethod.named(getGradient()), new SolverSpec(m, getRtol(), getAtol(), 0,
        getMaxSteps()), new SolverSpec(m, getAdjointRtol(), getAdjointAtol(), 0, getMaxSteps()), seminorm);
  }

  /**
   * Spark's {@code explainParam} line, "name: doc (default: …, current: …)", with array values spelled out
   * ({@code [64, 64, 64]}) where Spark prints the array's identity ({@code [I@1bf6c568}). Every odespark stage
   * overrides {@code explainParam} with this.
   */
  default String explain(Param<?> param) {
    if (!hasParam(param.name()) || getParam(param.name()) != param) {
      throw new IllegalArgumentException("param " + param.name() + " does not belong to " + uid());
    }
    List<String> parts = new java.util.ArrayList<>();
    if (hasDefault(param)) {
      parts.add("default: " + render(getDefault(param).get()));
    }
    if (isSet(param)) {
      parts.add("current: " + render(get(param).get()));
    }
    return param.name() + ": " + param.doc() + " " + (parts.isEmpty() ? "(undefined)" : "(" + String.join(", ", parts)
        + ")");
  }

  /** A parameter value as text: arrays element by element, everything else by its toString. */
  private static String render(Object v) {
    String s = Arrays.deepToString(new Object[] {v});
    return s.substring(1, s.length() - 1);
  }

  /**
   * Checks the input columns and, if {@code addOutput}, that the output columns are new; returns the schema
   * with the output columns added (or the input schema).
   */
  StructType validateAndTransformSchema(StructType schema, boolean addOutput);

  /** Checks that the features column exists and is a vector column, and that the weight column (if set) exists. */
  default void validateInputColumns(StructType schema) {
    String features = getFeaturesCol();
    List<String> names = Arrays.asList(schema.fieldNames());
    if (!names.contains(features)) {
      throw new IllegalArgumentException("featuresCol = " + features + ": no such column; the columns are " + names);
    }
    if (!schema.apply(features).dataType().equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("featuresCol = " + features + " must be a vector column (e.g. from"
          + " VectorAssembler), got " + schema.apply(features).dataType().simpleString());
    }
    String weight = getWeightCol();
    if (!weight.isEmpty() && !names.contains(weight)) {
      throw new IllegalArgumentException("weightCol = " + weight + ": no such column; the columns are " + names);
    }
  }

  /** Checks that {@code column} (the value of {@code param}, an output) is not yet a column of {@code schema}. */
  static void requireNewColumn(StructType schema, String param, String column) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(param + " = " + column + " already names a column");
    }
  }
}
