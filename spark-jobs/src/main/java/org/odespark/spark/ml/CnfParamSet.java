package org.odespark.spark.ml;

import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.odespark.spark.io.ScoringTrace;

/**
 * The parameters of {@link CnfDensityEstimator} and {@link CnfDensityModel}, declared once: each with its
 * documentation, validator and default (FFJORD's toy settings, see {@code CnfSpec.ffjordToy}); those shared
 * with the other estimators come from {@link SharedParamSet}. One holder per estimator or model instance,
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
    blocks = new IntParam(uid, "blocks", "number of CNF blocks (>= 1)", ParamValidators.gtEq(1));
    time = new DoubleParam(uid, "time", "integration time T of each block (> 0), its start value if learned",
        ParamValidators.gt(0));
    trainTime = new BooleanParam(uid, "trainTime", "whether T is learned (FFJORD's train_T)");
    trace = new Param<>(uid, "trace", "divergence: exact or hutchinson", ParamValidators.inArray(List.of("exact",
        "hutchinson")));
    noise = new Param<>(uid, "noise", "Hutchinson probes: rademacher or gaussian",
        ParamValidators.inArray(List.of("rademacher", "gaussian")));
    kineticWeight = new DoubleParam(uid, "kineticWeight", "weight of the kinetic-energy regularizer (>= 0)",
        ParamValidators.gtEq(0));
    jacobianWeight = new DoubleParam(uid, "jacobianWeight", "weight of the Jacobian Frobenius regularizer (>= 0)",
        ParamValidators.gtEq(0));
    seminorm = new BooleanParam(uid, "seminorm", "adjoint steps controlled by state and adjoint only");
    standardize = new BooleanParam(uid, "standardize", "fit z = (x - mean) / std per column and train on z;"
        + " densities and samples stay in x's units (the log-Jacobian is added, samples mapped back)");
    scoreTrace = new Param<>(uid, "scoreTrace", "divergence of transform's log-densities: auto (exact up to "
        + ScoringTrace.EXACT_MAX_DIM + " dimensions, else the trained estimator), exact or model (as trained)",
        ParamValidators.inArray(List.of("auto", "exact", "model")));
  }

  /** FFJORD's toy defaults (CnfSpec.ffjordToy) and Spark's column conventions. */
  @Override
  void setDefaults(Params owner) {
    setSharedDefaults(owner);
    owner.setDefault(logDensityCol, "log_density");
    owner.setDefault(hidden, new int[] {64, 64, 64});
    owner.setDefault(layerType, "concatsquash");
    owner.setDefault(activation, "tanh");
    owner.setDefault(blocks, (Object) 1);
    owner.setDefault(time, (Object) 0.5);
    owner.setDefault(trainTime, (Object) true);
    owner.setDefault(trace, "exact");
    owner.setDefault(noise, "rademacher");
    owner.setDefault(kineticWeight, (Object) 0.0);
    owner.setDefault(jacobianWeight, (Object) 0.0);
    owner.setDefault(rtol, (Object) 1e-5);
    owner.setDefault(atol, (Object) 1e-5);
    owner.setDefault(adjointRtol, (Object) 1e-5);
    owner.setDefault(adjointAtol, (Object) 1e-5);
    owner.setDefault(seminorm, (Object) false);
    owner.setDefault(scoreTrace, ScoringTrace.AUTO.label());
    owner.setDefault(standardize, (Object) false);
    owner.setDefault(batchSize, (Object) 100);
  }
}
