package org.odespark.spark.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
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
 * instance's {@link CnfParamSet}.
 */
public interface CnfParams extends Params {

  /** The instance's parameter objects. */
  CnfParamSet cnfParams();

  default Param<String> featuresCol() {
    return cnfParams().featuresCol;
  }

  default Param<String> logDensityCol() {
    return cnfParams().logDensityCol;
  }

  default Param<String> weightCol() {
    return cnfParams().weightCol;
  }

  default IntArrayParam hidden() {
    return cnfParams().hidden;
  }

  default Param<String> layerType() {
    return cnfParams().layerType;
  }

  default Param<String> activation() {
    return cnfParams().activation;
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

  default Param<String> method() {
    return cnfParams().method;
  }

  default DoubleParam rtol() {
    return cnfParams().rtol;
  }

  default DoubleParam atol() {
    return cnfParams().atol;
  }

  default DoubleParam adjointRtol() {
    return cnfParams().adjointRtol;
  }

  default DoubleParam adjointAtol() {
    return cnfParams().adjointAtol;
  }

  default LongParam maxSteps() {
    return cnfParams().maxSteps;
  }

  default Param<String> gradient() {
    return cnfParams().gradient;
  }

  default BooleanParam seminorm() {
    return cnfParams().seminorm;
  }

  default Param<String> optimizer() {
    return cnfParams().optimizer;
  }

  default DoubleParam learningRate() {
    return cnfParams().learningRate;
  }

  default DoubleParam weightDecay() {
    return cnfParams().weightDecay;
  }

  default IntParam maxIter() {
    return cnfParams().maxIter;
  }

  default IntParam batchSize() {
    return cnfParams().batchSize;
  }

  default LongParam seed() {
    return cnfParams().seed;
  }

  default IntParam aggregationDepth() {
    return cnfParams().aggregationDepth;
  }

  /** The value (or default) of a parameter. */
  default <T> T value(Param<T> p) {
    return getOrDefault(p);
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
    String features = value(featuresCol());
    java.util.List<String> names = java.util.Arrays.asList(schema.fieldNames());
    if (!names.contains(features)) {
      throw new IllegalArgumentException("featuresCol = " + features + ": no such column; the columns are " + names);
    }
    if (!schema.apply(features).dataType().equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("featuresCol = " + features + " must be a vector column (e.g. from"
          + " VectorAssembler), got " + schema.apply(features).dataType().simpleString());
    }
    String weight = value(weightCol());
    if (!weight.isEmpty() && !names.contains(weight)) {
      throw new IllegalArgumentException("weightCol = " + weight + ": no such column; the columns are " + names);
    }
    if (!addOutput) {
      return schema;
    }
    String out = value(logDensityCol());
    if (names.contains(out)) {
      throw new IllegalArgumentException("logDensityCol = " + out + " already exists in the input");
    }
    return schema.add(new StructField(out, DataTypes.DoubleType, false, org.apache.spark.sql.types.Metadata.empty()));
  }
}
