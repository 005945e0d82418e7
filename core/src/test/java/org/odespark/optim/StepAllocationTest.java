package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odespark.testing.AllocationMeter;

/** {@link Optimizer#step} allocates nothing: measured with the JVM's per-thread allocation counter. */
class StepAllocationTest {

  private static final int STEPS = 20_000;

  @Test
  void stepsAllocateNothing() {
    LearningRateSchedule schedule = LearningRateSchedule.cosine(1000, 0.1).withWarmup(0, 10);
    Optimizer[] optimizers = {
        new Sgd(64, SgdOptions.defaults().withNesterovMomentum(0.9).withSchedule(schedule)),
        new Adam(64, AdamOptions.defaults().withWeightDecay(1e-3).withSchedule(schedule)),
        new AdamW(64, AdamOptions.adamWDefaults().withSchedule(LearningRateSchedule.stepDecay(0.5, 100)))};
    double[] theta = new double[64];
    double[] g = new double[64];
    for (int i = 0; i < g.length; i++) {
      g[i] = Math.sin(i);
    }
    for (Optimizer o : optimizers) {
      long allocated = AllocationMeter.allocatedBytes(() -> o.step(theta, g), STEPS, STEPS);
      assertTrue(AllocationMeter.allocatesNothingPerCall(allocated, STEPS),
          o.name() + " allocated " + allocated + " bytes in " + STEPS + " steps");
    }
  }
}
