package org.odespark.spark.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.classify.OdeNetSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;

/**
 * The parameters of {@link OdeNetClassifierEstimator} and {@link OdeNetClassifierModel} (Spark ML's
 * shared-params pattern), backed by the instance's {@link OdeNetClassifierParamSet}; those every odespark
 * estimator has come from {@link SharedParams}.
 */
public interface OdeNetClassifierParams extends SharedParams {

  /** The instance's parameter objects. */
  OdeNetClassifierParamSet classifierParams();

  @Override
  default SharedParamSet sharedParams() {
    return classifierParams();
  }

  default Param<String> labelCol() {
    return classifierParams().labelCol;
  }

  default Param<String> predictionCol() {
    return classifierParams().predictionCol;
  }

  default Param<String> probabilityCol() {
    return classifierParams().probabilityCol;
  }

  default IntParam numClasses() {
    return classifierParams().numClasses;
  }

  default IntParam width() {
    return classifierParams().width;
  }

  default IntParam augment() {
    return classifierParams().augment;
  }

  default DoubleParam endTime() {
    return classifierParams().endTime;
  }

  default IntParam partitions() {
    return classifierParams().partitions;
  }

  default Param<String> rawPredictionCol() {
    return classifierParams().rawPredictionCol;
  }

  default String getLabelCol() {
    return getOrDefault(labelCol());
  }

  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  default String getProbabilityCol() {
    return getOrDefault(probabilityCol());
  }

  default String getRawPredictionCol() {
    return getOrDefault(rawPredictionCol());
  }

  default int getNumClasses() {
    return (Integer) getOrDefault(numClasses());
  }

  default int getWidth() {
    return (Integer) getOrDefault(width());
  }

  default int getAugment() {
    return (Integer) getOrDefault(augment());
  }

  default double getEndTime() {
    return (Double) getOrDefault(endTime());
  }

  default int getPartitions() {
    return (Integer) getOrDefault(partitions());
  }

  /**
   * The classifier these parameters describe for {@code inputDim} features and {@code classes} classes: input
   * linear to {@code width}, ODE block on width + augment dimensions with an MLP field of {@code hidden} widths,
   * {@code layerType}, {@code activation}, over [0, {@code endTime}], {@code gradient}; forward solves by
   * {@code method} at rtol/atol, the adjoint's backward solves by {@code method} at adjointRtol/adjointAtol,
   * both limited to {@code maxSteps}.
   */
  default OdeNetSpec odeNetSpec(int inputDim, int classes) {
    return new OdeNetSpec(inputDim, classes, getWidth(), getAugment(), getHidden(),
        Mlp.LayerType.named(getLayerType()), Activation.named(getActivation()), getEndTime(), gradientSpec(false));
  }

  /**
   * Checks the input columns; with {@code addOutput} appends the prediction (double), probability (vector) and
   * raw prediction (vector of logits) columns, those whose name is not empty, in that order.
   */
  default StructType validateAndTransformSchema(StructType schema, boolean addOutput) {
    validateInputColumns(schema);
    if (!addOutput) {
      return schema;
    }
    String[] params = {"predictionCol", "probabilityCol", "rawPredictionCol"};
    String[] names = {getPredictionCol(), getProbabilityCol(), getRawPredictionCol()};
    StructType out = schema;
    for (int i = 0; i < names.length; i++) {
      if (names[i].isEmpty()) {
        continue;
      }
      SharedParams.requireNewColumn(out, params[i], names[i]);
      out = out.add(new StructField(names[i], i == 0 ? DataTypes.DoubleType : SQLDataTypes.VectorType(), false,
          Metadata.empty()));
    }
    if (out == schema) {
      throw new IllegalArgumentException("predictionCol, probabilityCol and rawPredictionCol are all empty: the"
          + " model would add nothing");
    }
    return out;
  }
}
