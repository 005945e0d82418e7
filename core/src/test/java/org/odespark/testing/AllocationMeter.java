package org.odespark.testing;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/** Bytes allocated by the current thread while running some code, from HotSpot's per-thread counter. */
public final class AllocationMeter {

  /**
   * True when a measured loop of {@code repetitions} calls allocated less than one byte per call: the
   * smallest object is 16 bytes, so any allocation per call shows as ≥ 16 bytes per call, while one-off
   * allocations (the counter read, the JIT deoptimising under load) stay far below one byte per call.
   */
  public static boolean allocatesNothingPerCall(long allocated, int repetitions) {
    return allocated < repetitions;
  }

  private AllocationMeter() {}

  /**
   * Runs {@code work} {@code warmup} times (so that the JIT has compiled it), then {@code repetitions}
   * times, and returns the bytes allocated during the second loop. Skips the test on JVMs without the
   * counter.
   */
  public static long allocatedBytes(Runnable work, int warmup, int repetitions) {
    Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs HotSpot's per-thread allocation counter");
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
        "the per-thread allocation counter is disabled");
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    long before = bean.getThreadAllocatedBytes(thread);
    for (int i = 0; i < repetitions; i++) {
      work.run();
    }
    return bean.getThreadAllocatedBytes(thread) - before;
  }
}
