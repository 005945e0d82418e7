package org.odespark.data;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/** Bytes allocated by the current thread while running some code, from HotSpot's per-thread counter. */
final class AllocationMeter {

  /**
   * Below this many bytes for a whole measured loop, the code allocates nothing: the counter read itself may
   * allocate a few bytes, while one allocation per call over thousands of calls is tens of kilobytes.
   */
  static final long NOTHING = 1024;

  private AllocationMeter() {}

  /**
   * Runs {@code work} {@code warmup} times (so that the JIT has compiled it), then {@code repetitions}
   * times, and returns the bytes allocated during the second loop. Skips the test on JVMs without the
   * counter.
   */
  static long allocatedBytes(Runnable work, int warmup, int repetitions) {
    Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs HotSpot's per-thread allocation counter");
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
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
