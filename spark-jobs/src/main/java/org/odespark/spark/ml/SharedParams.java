package org.odespark.spark.ml;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.StructType;

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

  /** The value (or default) of a parameter. */
  default <T> T value(Param<T> p) {
    return getOrDefault(p);
  }

  /** Checks that the features column exists and is a vector column, and that the weight column (if set) exists. */
  default void validateInputColumns(StructType schema) {
    String features = value(featuresCol());
    List<String> names = Arrays.asList(schema.fieldNames());
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
  }

  /** Checks that {@code column} (the value of {@code param}) is not in the input, where an output goes. */
  static void requireNewColumn(StructType schema, String param, String column) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(param + " = " + column + " already exists in the input");
    }
  }
}
