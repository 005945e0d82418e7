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
 * The parameters every odespark estimator and model declares alike (input columns, the vector field's MLP,
 * the adaptive solver, the gradient method and the distributed training loop), declared once with their
 * documentation and validators. Subclasses ({@link CnfParamSet}, {@link OdeNetClassifierParamSet}) add their
 * own and set the defaults. One holder per estimator or model instance, owned by its uid; {@link SharedParams}
 * exposes the parameters to Spark.
 */
public abstract class SharedParamSet implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  final Param<String> featuresCol;
  final Param<String> weightCol;
  final IntArrayParam hidden;
  final Param<String> layerType;
  final Param<String> activation;
  final Param<String> method;
  final DoubleParam rtol;
  final DoubleParam atol;
  final DoubleParam adjointRtol;
  final DoubleParam adjointAtol;
  final LongParam maxSteps;
  final Param<String> gradient;
  final Param<String> optimizer;
  final DoubleParam learningRate;
  final DoubleParam weightDecay;
  final IntParam maxIter;
  final IntParam batchSize;
  final LongParam seed;
  final IntParam aggregationDepth;
  final DoubleParam beta1;
  final DoubleParam beta2;
  final DoubleParam epsilon;
  final DoubleParam momentum;
  final BooleanParam nesterov;
  final Param<String> lrSchedule;
  final DoubleParam lrDecay;
  final LongParam lrStepSize;
  final DoubleParam lrMinFactor;
  final LongParam warmupIterations;
  final DoubleParam warmupStartFactor;
  final DoubleParam clipNorm;
  final IntParam logEvery;
  final IntParam checkpointInterval;
  final Param<String> checkpointDir;
  final DoubleParam validationFraction;
  final IntParam validationInterval;
  final IntParam validationBatchSize;
  final IntParam earlyStoppingPatience;
  final BooleanParam keepBest;
  final IntParam checkpointKeep;

  /**
   * @param featuresDoc documentation of {@code featuresCol}
   * @param hiddenDoc documentation of {@code hidden}
   */
  SharedParamSet(Params owner, String featuresDoc, String hiddenDoc) {
    String uid = owner.uid();
    featuresCol = new Param<>(uid, "featuresCol", featuresDoc);
    weightCol = new Param<>(uid, "weightCol", "numeric column of example weights, or empty for weight 1");
    hidden = new IntArrayParam(owner, "hidden", hiddenDoc, new PositiveWidths());
    layerType = new Param<>(uid, "layerType", "MLP layer type: linear, concat or concatsquash",
        ParamValidators.inArray(List.of("linear", "concat", "concatsquash")));
    activation = new Param<>(uid, "activation", "MLP activation: tanh, softplus, sigmoid, elu or swish",
        ParamValidators.inArray(List.of("tanh", "softplus", "sigmoid", "elu", "swish")));
    method = new Param<>(uid, "method", "adaptive ODE method: " + RungeKuttaMethods.adaptiveNames(),
        ParamValidators.inArray(RungeKuttaMethods.adaptiveNames()));
    rtol = new DoubleParam(uid, "rtol", "forward relative tolerance (> 0)", ParamValidators.gt(0));
    atol = new DoubleParam(uid, "atol", "forward absolute tolerance (> 0)", ParamValidators.gt(0));
    adjointRtol = new DoubleParam(uid, "adjointRtol", "adjoint relative tolerance (> 0)", ParamValidators.gt(0));
    adjointAtol = new DoubleParam(uid, "adjointAtol", "adjoint absolute tolerance (> 0)", ParamValidators.gt(0));
    maxSteps = new LongParam(uid, "maxSteps", "step-attempt limit of one solve (>= 1)", ParamValidators.gtEq(1));
    gradient = new Param<>(uid, "gradient", "gradients by the adjoint method, backprop or"
        + " checkpointed backprop (adjoint, backprop, checkpoint)",
        ParamValidators.inArray(List.of("adjoint", "backprop", "checkpoint")));
    // The training loop's parameters are configuration keys: documentation, range and default from
    // reference.conf, as for the train job.
    optimizer = ReferenceParams.stringParam(owner, "optimizer", "optimizer.type");
    learningRate = ReferenceParams.doubleParam(owner, "learningRate", "optimizer.learning_rate");
    weightDecay = ReferenceParams.doubleParam(owner, "weightDecay", "optimizer.weight_decay");
    maxIter = ReferenceParams.intParam(owner, "maxIter", "train.iterations");
    batchSize = ReferenceParams.intParam(owner, "batchSize", "train.batch_size");
    seed = ReferenceParams.longParam(owner, "seed", "train.seed");
    aggregationDepth = ReferenceParams.intParam(owner, "aggregationDepth", "train.aggregation_depth");
    beta1 = ReferenceParams.doubleParam(owner, "beta1", "optimizer.beta1");
    beta2 = ReferenceParams.doubleParam(owner, "beta2", "optimizer.beta2");
    epsilon = ReferenceParams.doubleParam(owner, "epsilon", "optimizer.epsilon");
    momentum = ReferenceParams.doubleParam(owner, "momentum", "optimizer.momentum");
    nesterov = ReferenceParams.booleanParam(owner, "nesterov", "optimizer.nesterov");
    lrSchedule = ReferenceParams.stringParam(owner, "lrSchedule", "optimizer.schedule.type");
    lrDecay = ReferenceParams.doubleParam(owner, "lrDecay", "optimizer.schedule.gamma");
    lrStepSize = ReferenceParams.longParam(owner, "lrStepSize", "optimizer.schedule.step_size");
    lrMinFactor = ReferenceParams.doubleParam(owner, "lrMinFactor", "optimizer.schedule.min_factor");
    warmupIterations = ReferenceParams.longParam(owner, "warmupIterations", "optimizer.schedule.warmup_iterations");
    warmupStartFactor = ReferenceParams.doubleParam(owner, "warmupStartFactor",
        "optimizer.schedule.warmup_start_factor");
    clipNorm = ReferenceParams.doubleParam(owner, "clipNorm", "train.clip_norm");
    logEvery = ReferenceParams.intParam(owner, "logEvery", "train.log_every");
    checkpointInterval = ReferenceParams.intParam(owner, "checkpointInterval", "checkpoint.every");
    checkpointDir = ReferenceParams.stringParam(owner, "checkpointDir", "checkpoint.dir");
    checkpointKeep = ReferenceParams.intParam(owner, "checkpointKeep", "checkpoint.keep");
    validationFraction = ReferenceParams.doubleParam(owner, "validationFraction", "validation.fraction");
    validationInterval = ReferenceParams.intParam(owner, "validationInterval", "validation.every");
    validationBatchSize = ReferenceParams.intParam(owner, "validationBatchSize", "validation.batch_size");
    earlyStoppingPatience = ReferenceParams.intParam(owner, "earlyStoppingPatience", "validation.patience");
    keepBest = ReferenceParams.booleanParam(owner, "keepBest", "validation.keep_best");
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

  /** The defaults of the shared parameters that are the same for every model. */
  void setSharedDefaults(Params owner) {
    owner.setDefault(featuresCol, "features");
    owner.setDefault(weightCol, "");
    ReferenceParams.setDefaults(owner, ReferenceParams.TRAINING);
  }

  /** Sets every default of the owner's parameters. */
  abstract void setDefaults(Params owner);
}
