package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.SolverSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;

/**
 * ∂(Σ w CE)/∂θ of the whole classifier (input linear, augmented ODE block, read-out, cross-entropy) three
 * ways: central finite differences, the adjoint, and backpropagation through the solver, on a tiny random
 * problem with non-uniform weights, for every layer type of the vector field.
 */
class OdeNetGradientTest {

  private static final int ROWS = 5;
  private static final int INPUT = 3;
  private static final int CLASSES = 3;
  /**
   * Finite differences need a loss that is a smooth function of θ; an adaptive solve is not (its step sequence
   * jumps with θ). dopri8 on 200 fixed steps over [0, 1] has a discretization error far below the FD error;
   * central differences at h = 1e-5 then have truncation ~1e-10 and round-off ~1e-11 relative.
   */
  private static final SolverSpec REFERENCE = SolverSpec.fixed("dopri8", 200);
  private static final double FD_STEP = 1e-5;
  /** The adjoint and adaptive backprop solve to 1e-11; the bar is 1e-6 relative agreement. */
  private static final SolverSpec TIGHT = SolverSpec.adaptive("dopri5", 1e-11, 1e-11);
  private static final double AGREEMENT = 1e-6;
  /**
   * Backprop on the reference's own fixed steps is the exact gradient of the same discrete map the finite
   * differences see, so only the FD error (~1e-10) separates them.
   */
  private static final double EXACT = 1e-8;

  private static OdeNetSpec spec(Mlp.LayerType type) {
    // width 2 with one augmented dimension: the ODE state is 3 per row, the adjoint's ∂L/∂z(0) is cut to 2.
    return OdeNetSpec.defaults(INPUT, CLASSES).withWidth(2).withAugment(1).withFieldHidden(4, 3)
        .withLayerType(type).withActivation(Activation.SOFTPLUS).withEndTime(0.8);
  }

  private static Batch batch() {
    return Derivatives.randomBatch(new SplittableRandom(17), ROWS, INPUT, CLASSES, 1.5);
  }

  private static double[] theta(OdeNetClassifier o, Mlp.LayerType type) {
    double[] theta = new double[o.parameterCount()];
    o.initialize(theta, 40 + type.ordinal());
    // Scale the field up so the ODE block is far from the identity and its derivative matters.
    var field = o.layout().blocks().stream().filter(b -> b.name().startsWith("field.")).toList();
    for (var b : field) {
      for (int i = b.offset(); i < b.offset() + b.size(); i++) {
        theta[i] *= 2.5;
      }
    }
    return theta;
  }

  @ParameterizedTest
  @EnumSource(Mlp.LayerType.class)
  void adjointAndBackpropAgreeWithFiniteDifferences(Mlp.LayerType type) {
    Batch batch = batch();
    OdeNetClassifier reference = spec(type).withSolver(REFERENCE).withGradient(GradientMethod.BACKPROP).create();
    double[] theta = theta(reference, type);
    double[] fd = Derivatives.finiteDifferences(reference, theta, batch, FD_STEP);

    double[] exact = Derivatives.gradient(reference, theta, batch);
    Derivatives.assertClose(type + ": backprop on the reference's steps vs finite differences", fd, exact, EXACT);

    double[] adjoint = Derivatives.gradient(
        spec(type).withSolver(TIGHT).withGradient(GradientMethod.ADJOINT).create(), theta, batch);
    Derivatives.assertClose(type + ": adjoint vs finite differences", fd, adjoint, AGREEMENT);

    double[] backprop = Derivatives.gradient(
        spec(type).withSolver(TIGHT).withGradient(GradientMethod.BACKPROP).create(), theta, batch);
    Derivatives.assertClose(type + ": adaptive backprop vs finite differences", fd, backprop, AGREEMENT);
    Derivatives.assertClose(type + ": adjoint vs adaptive backprop", backprop, adjoint, AGREEMENT);

    double[] checkpoint = Derivatives.gradient(
        spec(type).withSolver(TIGHT).withGradient(GradientMethod.CHECKPOINT).create(), theta, batch);
    Derivatives.assertClose(type + ": checkpointed vs adaptive backprop (the same steps)", backprop, checkpoint,
        1e-10);
  }

  @ParameterizedTest
  @EnumSource(GradientMethod.class)
  void accumulateAndEvaluateReportTheSameLossAndCounts(GradientMethod method) {
    Batch batch = batch();
    OdeNetClassifier o = spec(Mlp.LayerType.CONCAT).withGradient(method).create();
    double[] theta = theta(o, Mlp.LayerType.CONCAT);
    GradientAggregator train = new GradientAggregator(o.parameterCount());
    GradientAggregator eval = new GradientAggregator(o.parameterCount());
    o.accumulate(theta, batch, 0, train);
    o.evaluate(theta, batch, 0, eval);
    // The same forward solve in both (bitwise: same solver, same state).
    assertEquals(eval.lossSum(), train.lossSum(), 0.0);
    assertEquals(batch.weightSum(), train.weightSum(), 0.0);
    assertEquals(ROWS, train.examples());
    assertEquals(1, train.solves());
    assertEquals(eval.nfeForward(), train.nfeForward());
    assertEquals(0, eval.nfeBackward());
    assertEquals(eval.metric(GradientAggregator.Metric.CORRECT), train.metric(GradientAggregator.Metric.CORRECT));
  }
}
