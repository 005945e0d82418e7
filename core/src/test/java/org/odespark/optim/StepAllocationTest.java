package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link Optimizer#step} allocates nothing: measured with the JVM's per-thread allocation counter. */
class StepAllocationTest {

  private static final int STEPS = 20_000;

  @Test
  void stepsAllocateNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
        "per-thread allocation counter not available on this JVM");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
        "per-thread allocation counter disabled");
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
    long thread = Thread.currentThread().getId();
    for (Optimizer o : optimizers) {
      for (int k = 0; k < STEPS; k++) {
        o.step(theta, g);
      }
      long before = threads.getThreadAllocatedBytes(thread);
      for (int k = 0; k < STEPS; k++) {
        o.step(theta, g);
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      // Even the smallest object per step would be 16 bytes × 20 000; the margin absorbs the counter's own
      // bookkeeping and one-off allocations by the JIT's deoptimisation.
      assertTrue(allocated < STEPS, o.name() + " allocated " + allocated + " bytes in " + STEPS + " steps");
    }
  }
}
