package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.adjoint.GradientMethod;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.testing.AllocationMeter;

/**
 * The Objective contract's engineering side: same θ, batch and seed give the same bits whatever the aggregator
 * held and whichever batch sizes came before; batches of several sizes reuse cached workspaces, so the
 * steady state allocates no row-sized arrays.
 */
class ClassifierWorkspaceTest {

  static Stream<Objective.Spec> specs() {
    return Stream.of(
        OdeNetSpec.defaults(20, 4).withWidth(16).withAugment(2).withFieldHidden(16),
        OdeNetSpec.defaults(20, 4).withWidth(16).withFieldHidden(16).withGradient(GradientMethod.BACKPROP),
        ResNetSpec.defaults(20, 4).withWidth(16).withBlocks(3).withBlockHidden(16));
  }

  private static double[] theta(Objective o) {
    double[] theta = new double[o.parameterCount()];
    o.initialize(theta, 3);
    return theta;
  }

  @ParameterizedTest
  @MethodSource("specs")
  void sameInputsGiveTheSameBitsWhateverCameBefore(Objective.Spec spec) {
    Objective o = spec.create();
    double[] theta = theta(o);
    SplittableRandom r = new SplittableRandom(1);
    Batch a = Derivatives.randomBatch(r, 32, 20, 4, 1.0);
    Batch b = Derivatives.randomBatch(r, 7, 20, 4, 1.0);
    GradientAggregator first = new GradientAggregator(o.parameterCount());
    o.accumulate(theta, a, 0, first);
    // Other batch sizes in between, and a second objective built from the same spec.
    GradientAggregator noise = new GradientAggregator(o.parameterCount());
    o.accumulate(theta, b, 0, noise);
    o.evaluate(theta, b, 0, noise);
    GradientAggregator again = new GradientAggregator(o.parameterCount());
    o.accumulate(theta.clone(), a, 0, again);
    GradientAggregator fresh = new GradientAggregator(o.parameterCount());
    spec.create().accumulate(theta, a, 0, fresh);
    assertArrayEquals(first.gradientSum(), again.gradientSum());
    assertArrayEquals(first.gradientSum(), fresh.gradientSum());
    assertEquals(first.lossSum(), again.lossSum(), 0.0);
    // Adding into a non-empty aggregator adds exactly the batch's sums, component by component.
    double[] before = noise.gradientSum().clone();
    o.accumulate(theta, a, 0, noise);
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i] + first.gradientSum()[i], noise.gradientSum()[i], 0.0, "component " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void steadyStateAllocatesNoRowSizedArrays(Objective.Spec spec) {
    Objective o = spec.create();
    double[] theta = theta(o);
    SplittableRandom r = new SplittableRandom(2);
    Batch big = Derivatives.randomBatch(r, 256, 20, 4, 1.0);
    Batch small = Derivatives.randomBatch(r, 100, 20, 4, 1.0);
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    Runnable work = () -> {
      o.accumulate(theta, big, 0, agg);
      o.evaluate(theta, small, 0, agg);
      o.accumulate(theta, small, 0, agg);
    };
    long bytes = AllocationMeter.allocatedBytes(work, 30, 20);
    // One 256-row state of the ODE block is 256·18·8 ≈ 37 kB; the solvers' own per-solve records (SolveStats,
    // the adjoint's augmented-field wrapper, the integrate call's two-element time array) are a few hundred
    // bytes. 20 repetitions of three calls must stay below one state's worth.
    assertTrue(bytes < 36_000, spec + ": " + bytes + " bytes allocated in 20 steady-state repetitions");
  }

  @Test
  void rejectsMismatchedInputs() {
    Objective o = OdeNetSpec.defaults(3, 2).withWidth(2).withFieldHidden(4).create();
    double[] theta = theta(o);
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    Batch wrongCols = new Batch(1, 4, new double[4], new int[1], null);
    Batch noLabels = new Batch(1, 3, new double[3], null, null);
    Batch badLabel = new Batch(1, 3, new double[3], new int[] {2}, null);
    assertThrows(IllegalArgumentException.class, () -> o.accumulate(theta, wrongCols, 0, agg));
    assertThrows(IllegalArgumentException.class, () -> o.accumulate(theta, noLabels, 0, agg));
    assertThrows(IllegalArgumentException.class, () -> o.accumulate(theta, badLabel, 0, agg));
    assertThrows(IllegalArgumentException.class, () -> o.accumulate(new double[3], badLabel, 0, agg));
    assertThrows(IllegalArgumentException.class,
        () -> o.accumulate(theta, new Batch(1, 3, new double[3], new int[1], null), 0, new GradientAggregator(5)));
  }
}
