package org.odespark.spark.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The parameters of {@link CnfDensityEstimator} and {@link CnfDensityModel}, declared once: each with its
 * documentation, validator and default; those that are configuration keys of the {@code train} job take all
 * three from reference.conf ({@link ReferenceParams#CNF}), those shared with the other estimators come from
 * {@link SharedParamSet}. One holder per estimator or model instance,
 * owned by its uid; {@link CnfParams} exposes the parameters to Spark.
 */
public final class CnfParamSet extends SharedParamSet {

  private static final long serialVersionUID = 1L;

  final Param<String> logDensityCol;
  final IntParam blocks;
  final DoubleParam time;
  final BooleanParam trainTime;
  final Param<String> trace;
  final Param<String> noise;
  final DoubleParam kineticWeight;
  final DoubleParam jacobianWeight;
  final BooleanParam seminorm;
  final Param<String> scoreTrace;
  final BooleanParam standardize;

  CnfParamSet(Params owner) {
    super(owner, "vector column of the points to model or score",
        "hidden widths of each block's MLP, at least one, each >= 1");
    String uid = owner.uid();
    logDensityCol = new Param<>(uid, "logDensityCol", "output column: log p(x) in nats");
    blocks = ReferenceParams.intParam(owner, "blocks", "model.cnf.blocks");
    time = ReferenceParams.doubleParam(owner, "time", "model.cnf.time");
    trainTime = ReferenceParams.booleanParam(owner, "trainTime", "model.cnf.train_time");
    trace = ReferenceParams.stringParam(owner, "trace", "model.cnf.trace");
    noise = ReferenceParams.stringParam(owner, "noise", "model.cnf.noise");
    kineticWeight = ReferenceParams.doubleParam(owner, "kineticWeight", "model.cnf.kinetic_weight");
    jacobianWeight = ReferenceParams.doubleParam(owner, "jacobianWeight", "model.cnf.jacobian_weight");
    seminorm = ReferenceParams.booleanParam(owner, "seminorm", "solver.backward.seminorm");
    standardize = ReferenceParams.booleanParam(owner, "standardize", "data.standardize");
    scoreTrace = ReferenceParams.stringParam(owner, "scoreTrace", "score.trace");
  }

  /**
   * reference.conf's defaults ({@code model.cnf.*}, {@code solver.*}, {@code train.*}, {@code optimizer.*},
   * {@code validation.*}, {@code checkpoint.*}, {@code data.standardize}, {@code score.trace}: the train job's)
   * and Spark's column conventions.
   */
  @Override
  void setDefaults(Params owner) {
    setSharedDefaults(owner);
    owner.setDefault(logDensityCol, "log_density");
    ReferenceParams.setDefaults(owner, ReferenceParams.CNF);
  }
}
