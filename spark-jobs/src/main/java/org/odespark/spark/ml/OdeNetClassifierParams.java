package org.odespark.spark.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.classify.GradientMethod;
import org.odespark.classify.OdeNetSpec;
import org.odespark.classify.SolverSpec;
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

  /**
   * The classifier these parameters describe for {@code inputDim} features and {@code classes} classes: input
   * linear to {@code width}, ODE block on width + augment dimensions with an MLP field of {@code hidden} widths,
   * {@code layerType}, {@code activation}, over [0, {@code endTime}], {@code gradient}; forward solves by
   * {@code method} at rtol/atol, the adjoint's backward solves by {@code method} at adjointRtol/adjointAtol,
   * both limited to {@code maxSteps}.
   */
  default OdeNetSpec odeNetSpec(int inputDim, int classes) {
    String m = value(method());
    long limit = (Long) value(maxSteps());
    SolverSpec forward = new SolverSpec(m, (Double) value(rtol()), (Double) value(atol()), 0, limit);
    SolverSpec backward = new SolverSpec(m, (Double) value(adjointRtol()), (Double) value(adjointAtol()), 0, limit);
    return new OdeNetSpec(inputDim, classes, (Integer) value(width()), (Integer) value(augment()), value(hidden()),
        Mlp.LayerType.named(value(layerType())), Activation.named(value(activation())), (Double) value(endTime()),
        GradientMethod.named(value(gradient())), forward, backward);
  }

  /**
   * Checks the input columns; with {@code addOutput} appends the prediction (double) and probability (vector)
   * columns.
   */
  default StructType validateAndTransformSchema(StructType schema, boolean addOutput) {
    validateInputColumns(schema);
    if (!addOutput) {
      return schema;
    }
    String prediction = value(predictionCol());
    String probability = value(probabilityCol());
    SharedParams.requireNewColumn(schema, "predictionCol", prediction);
    SharedParams.requireNewColumn(schema, "probabilityCol", probability);
    if (prediction.equals(probability)) {
      throw new IllegalArgumentException("predictionCol and probabilityCol are both " + prediction);
    }
    return schema.add(new StructField(prediction, DataTypes.DoubleType, false, Metadata.empty()))
        .add(new StructField(probability, SQLDataTypes.VectorType(), false, Metadata.empty()));
  }
}
