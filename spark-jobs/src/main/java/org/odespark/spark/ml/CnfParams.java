package org.odespark.spark.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;

/**
 * The parameters shared by {@link CnfDensityEstimator} and {@link CnfDensityModel} (Spark ML's shared-params
 * pattern): each is a public method returning its {@link Param} (how Spark finds them), backed by the
 * instance's {@link CnfParamSet}; those every odespark estimator has come from {@link SharedParams}.
 */
public interface CnfParams extends SharedParams {

  /** The instance's parameter objects. */
  CnfParamSet cnfParams();

  @Override
  default SharedParamSet sharedParams() {
    return cnfParams();
  }

  default Param<String> logDensityCol() {
    return cnfParams().logDensityCol;
  }

  default IntParam blocks() {
    return cnfParams().blocks;
  }

  default DoubleParam time() {
    return cnfParams().time;
  }

  default BooleanParam trainTime() {
    return cnfParams().trainTime;
  }

  default Param<String> trace() {
    return cnfParams().trace;
  }

  default Param<String> noise() {
    return cnfParams().noise;
  }

  default DoubleParam kineticWeight() {
    return cnfParams().kineticWeight;
  }

  default DoubleParam jacobianWeight() {
    return cnfParams().jacobianWeight;
  }

  default BooleanParam seminorm() {
    return cnfParams().seminorm;
  }

  default Param<String> scoreTrace() {
    return cnfParams().scoreTrace;
  }

  default BooleanParam standardize() {
    return cnfParams().standardize;
  }

  default boolean getStandardize() {
    return (Boolean) getOrDefault(standardize());
  }

  default String getScoreTrace() {
    return getOrDefault(scoreTrace());
  }

  default String getLogDensityCol() {
    return getOrDefault(logDensityCol());
  }

  default int getBlocks() {
    return (Integer) getOrDefault(blocks());
  }

  default double getTime() {
    return (Double) getOrDefault(time());
  }

  default boolean getTrainTime() {
    return (Boolean) getOrDefault(trainTime());
  }

  default String getTrace() {
    return getOrDefault(trace());
  }

  default String getNoise() {
    return getOrDefault(noise());
  }

  default double getKineticWeight() {
    return (Double) getOrDefault(kineticWeight());
  }

  default double getJacobianWeight() {
    return (Double) getOrDefault(jacobianWeight());
  }

  default boolean getSeminorm() {
    return (Boolean) getOrDefault(seminorm());
  }

  /** The flow these parameters describe, for D-dimensional points. */
  default CnfSpec cnfSpec(int dim) {
    TraceEstimator estimator = getTrace().equals("exact") ? TraceEstimator.exact()
        : TraceEstimator.hutchinson(getNoise().equals("gaussian") ? TraceEstimator.Noise.GAUSSIAN
            : TraceEstimator.Noise.RADEMACHER);
    return CnfSpec.builder(dim).hidden(getHidden()).layerType(Mlp.LayerType.named(getLayerType()))
        .activation(Activation.named(getActivation())).blocks(getBlocks()).time(getTime(), getTrainTime())
        .trace(estimator).regularization(getKineticWeight(), getJacobianWeight()).gradient(gradientSpec(getSeminorm()))
        .build();
  }

  /** Checks the features column (a vector) and appends the log-density column (double). */
  default StructType validateAndTransformSchema(StructType schema, boolean addOutput) {
    validateInputColumns(schema);
    if (!addOutput) {
      return schema;
    }
    String out = getLogDensityCol();
    SharedParams.requireNewColumn(schema, "logDensityCol", out);
    return schema.add(new StructField(out, DataTypes.DoubleType, false, org.apache.spark.sql.types.Metadata.empty()));
  }
}
