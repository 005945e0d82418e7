package org.odespark.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The parameters of {@link OdeNetClassifierEstimator} and {@link OdeNetClassifierModel}, declared once with
 * their documentation, validators and defaults (reference.conf's {@code model.classifier.*} and
 * {@code solver.*}, {@link ReferenceParams#CLASSIFIER}); those shared with the other estimators come from
 * {@link SharedParamSet}. One holder per instance, owned by its uid; {@link OdeNetClassifierParams} exposes
 * them to Spark.
 */
public final class OdeNetClassifierParamSet extends SharedParamSet {

  private static final long serialVersionUID = 1L;

  final Param<String> labelCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;
  final IntParam numClasses;
  final IntParam width;
  final IntParam augment;
  final DoubleParam endTime;
  final IntParam partitions;

  OdeNetClassifierParamSet(Params owner) {
    super(owner, "vector column of the examples to classify",
        "hidden widths of the vector field's MLP, at least one, each >= 1");
    String uid = owner.uid();
    labelCol = new Param<>(uid, "labelCol", "numeric column of class indices 0, 1, …, numClasses − 1");
    predictionCol = new Param<>(uid, "predictionCol", "output column: the predicted class index (double); empty for"
        + " none");
    probabilityCol = new Param<>(uid, "probabilityCol", "output column: the class probabilities (vector, softmax"
        + " of the logits); empty for none");
    rawPredictionCol = new Param<>(uid, "rawPredictionCol", "output column: the logits (vector, one per class, as"
        + " Spark's evaluators read raw predictions); empty for none");
    numClasses = new IntParam(uid, "numClasses", "number of classes (>= 2), 0 = the largest label + 1 (at least 2)",
        ParamValidators.gtEq(0));
    width = new IntParam(uid, "width", "width of the input projection h0 (>= 1)", ParamValidators.gtEq(1));
    augment = new IntParam(uid, "augment", "zero dimensions appended to h0 (ANODE, >= 0)", ParamValidators.gtEq(0));
    endTime = new DoubleParam(uid, "endTime", "the ODE block integrates over [0, endTime] (> 0)",
        ParamValidators.gt(0));
    partitions = new IntParam(uid, "partitions", "partitions to train on (deterministic repartition of the input),"
        + " 0 = the input's partitioning", ParamValidators.gtEq(0));
  }

  private int defaultWidth(Params owner) {
    return (Integer) owner.getOrDefault(width);
  }

  @Override
  void setDefaults(Params owner) {
    setSharedDefaults(owner);
    owner.setDefault(labelCol, "label");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(rawPredictionCol, "rawPrediction");
    owner.setDefault(numClasses, (Object) 0);
    ReferenceParams.setDefaults(owner, ReferenceParams.CLASSIFIER);
    // The train job's field: one hidden layer as wide as the state, concat layers.
    owner.setDefault(hidden, new int[] {defaultWidth(owner)});
    owner.setDefault(layerType, "concat");
    owner.setDefault(partitions, (Object) 0);
  }
}
