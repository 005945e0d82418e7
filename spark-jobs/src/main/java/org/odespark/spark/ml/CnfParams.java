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

  /** The flow these parameters describe, for D-dimensional points. */
  default CnfSpec cnfSpec(int dim) {
    TraceEstimator estimator = value(trace()).equals("exact") ? TraceEstimator.exact()
        : TraceEstimator.hutchinson(value(noise()).equals("gaussian") ? TraceEstimator.Noise.GAUSSIAN
            : TraceEstimator.Noise.RADEMACHER);
    return new CnfSpec(dim, value(hidden()), Mlp.LayerType.named(value(layerType())),
        Activation.named(value(activation())), (Integer) value(blocks()), (Double) value(time()),
        (Boolean) value(trainTime()), estimator, (Double) value(kineticWeight()), (Double) value(jacobianWeight()),
        value(method()), (Double) value(rtol()), (Double) value(atol()), (Double) value(adjointRtol()),
        (Double) value(adjointAtol()), (Long) value(maxSteps()), value(gradient()), (Boolean) value(seminorm()),
        Double.NaN);
  }

  /** Checks the features column (a vector) and appends the log-density column (double). */
  default StructType validateAndTransformSchema(StructType schema, boolean addOutput) {
    validateInputColumns(schema);
    if (!addOutput) {
      return schema;
    }
    String out = value(logDensityCol());
    SharedParams.requireNewColumn(schema, "logDensityCol", out);
    return schema.add(new StructField(out, DataTypes.DoubleType, false, org.apache.spark.sql.types.Metadata.empty()));
  }
}
