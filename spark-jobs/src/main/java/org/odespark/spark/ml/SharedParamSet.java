package org.odespark.spark.ml;

import java.util.List;
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
    gradient = new Param<>(uid, "gradient", "gradients by the adjoint method or backprop",
        ParamValidators.inArray(List.of("adjoint", "backprop")));
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

  /** The defaults of the shared parameters that are the same for every model. */
  void setSharedDefaults(Params owner) {
    owner.setDefault(featuresCol, "features");
    owner.setDefault(weightCol, "");
    owner.setDefault(method, "dopri5");
    owner.setDefault(maxSteps, (Object) 100_000L);
    owner.setDefault(gradient, "adjoint");
    owner.setDefault(optimizer, "adam");
    owner.setDefault(learningRate, (Object) 1e-3);
    owner.setDefault(weightDecay, (Object) 0.0);
    owner.setDefault(maxIter, (Object) 1000);
    owner.setDefault(seed, (Object) 0L);
    owner.setDefault(aggregationDepth, (Object) 0);
  }

  /** Sets every default of the owner's parameters. */
  abstract void setDefaults(Params owner);
}
