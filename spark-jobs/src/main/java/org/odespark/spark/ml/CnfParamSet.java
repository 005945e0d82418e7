package org.odespark.spark.ml;

import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * The parameters of {@link CnfDensityEstimator} and {@link CnfDensityModel}, declared once: each with its
 * documentation, validator and default (FFJORD's toy settings, see {@code CnfSpec.ffjordToy}). One holder per
 * estimator or model instance, owned by its uid; {@link CnfParams} exposes the parameters to Spark.
 */
public final class CnfParamSet implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  final Param<String> featuresCol;
  final Param<String> logDensityCol;
  final Param<String> weightCol;
  final IntArrayParam hidden;
  final Param<String> layerType;
  final Param<String> activation;
  final IntParam blocks;
  final DoubleParam time;
  final BooleanParam trainTime;
  final Param<String> trace;
  final Param<String> noise;
  final DoubleParam kineticWeight;
  final DoubleParam jacobianWeight;
  final Param<String> method;
  final DoubleParam rtol;
  final DoubleParam atol;
  final DoubleParam adjointRtol;
  final DoubleParam adjointAtol;
  final LongParam maxSteps;
  final Param<String> gradient;
  final BooleanParam seminorm;
  final Param<String> optimizer;
  final DoubleParam learningRate;
  final DoubleParam weightDecay;
  final IntParam maxIter;
  final IntParam batchSize;
  final LongParam seed;
  final IntParam aggregationDepth;

  CnfParamSet(Params owner) {
    String uid = owner.uid();
    featuresCol = new Param<>(uid, "featuresCol", "vector column of the points to model or score");
    logDensityCol = new Param<>(uid, "logDensityCol", "output column: log p(x) in nats");
    weightCol = new Param<>(uid, "weightCol", "numeric column of example weights, or empty for weight 1");
    hidden = new IntArrayParam(owner, "hidden", "hidden widths of each block's MLP, at least one, each >= 1",
        new PositiveWidths());
    layerType = new Param<>(uid, "layerType", "MLP layer type: linear, concat or concatsquash",
        ParamValidators.inArray(List.of("linear", "concat", "concatsquash")));
    activation = new Param<>(uid, "activation", "MLP activation: tanh, softplus, sigmoid, elu or swish",
        ParamValidators.inArray(List.of("tanh", "softplus", "sigmoid", "elu", "swish")));
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
    method = new Param<>(uid, "method", "adaptive ODE method: " + RungeKuttaMethods.adaptiveNames(),
        ParamValidators.inArray(RungeKuttaMethods.adaptiveNames()));
    rtol = new DoubleParam(uid, "rtol", "forward relative tolerance (> 0)", ParamValidators.gt(0));
    atol = new DoubleParam(uid, "atol", "forward absolute tolerance (> 0)", ParamValidators.gt(0));
    adjointRtol = new DoubleParam(uid, "adjointRtol", "adjoint relative tolerance (> 0)", ParamValidators.gt(0));
    adjointAtol = new DoubleParam(uid, "adjointAtol", "adjoint absolute tolerance (> 0)", ParamValidators.gt(0));
    maxSteps = new LongParam(uid, "maxSteps", "step-attempt limit of one solve (>= 1)", ParamValidators.gtEq(1));
    gradient = new Param<>(uid, "gradient", "gradients by the adjoint method or backprop",
        ParamValidators.inArray(List.of("adjoint", "backprop")));
    seminorm = new BooleanParam(uid, "seminorm", "adjoint steps controlled by state and adjoint only");
    optimizer = new Param<>(uid, "optimizer", "adam, adamw or sgd", ParamValidators.inArray(List.of("adam", "adamw",
        "sgd")));
    learningRate = new DoubleParam(uid, "learningRate", "learning rate (> 0)", ParamValidators.gt(0));
    weightDecay = new DoubleParam(uid, "weightDecay", "weight decay (>= 0)", ParamValidators.gtEq(0));
    maxIter = new IntParam(uid, "maxIter", "training iterations (>= 1)", ParamValidators.gtEq(1));
    batchSize = new IntParam(uid, "batchSize", "global minibatch size (>= 1)", ParamValidators.gtEq(1));
    seed = new LongParam(uid, "seed", "seed of initialization, minibatches and probes");
    aggregationDepth = new IntParam(uid, "aggregationDepth", "treeAggregate depth, 0 = chosen from the partitions",
        ParamValidators.gtEq(0));
  }

  /** Validator of {@link #hidden}: a non-empty array of positive widths. */
  private static final class PositiveWidths extends scala.runtime.AbstractFunction1<int[], Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(int[] widths) {
      if (widths.length == 0) {
        return false;
      }
      for (int w : widths) {
        if (w < 1) {
          return false;
        }
      }
      return true;
    }
  }

  /** FFJORD's toy defaults (CnfSpec.ffjordToy) and Spark's column conventions. */
  void setDefaults(Params owner) {
    owner.setDefault(featuresCol, "features");
    owner.setDefault(logDensityCol, "log_density");
    owner.setDefault(weightCol, "");
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
    owner.setDefault(method, "dopri5");
    owner.setDefault(rtol, (Object) 1e-5);
    owner.setDefault(atol, (Object) 1e-5);
    owner.setDefault(adjointRtol, (Object) 1e-5);
    owner.setDefault(adjointAtol, (Object) 1e-5);
    owner.setDefault(maxSteps, (Object) 100_000L);
    owner.setDefault(gradient, "adjoint");
    owner.setDefault(seminorm, (Object) false);
    owner.setDefault(optimizer, "adam");
    owner.setDefault(learningRate, (Object) 1e-3);
    owner.setDefault(weightDecay, (Object) 0.0);
    owner.setDefault(maxIter, (Object) 1000);
    owner.setDefault(batchSize, (Object) 100);
    owner.setDefault(seed, (Object) 0L);
    owner.setDefault(aggregationDepth, (Object) 0);
  }
}
