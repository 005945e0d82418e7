package org.odespark.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * odespark's own LXM generator: the same stream as the JDK's L64X128MixRandom (an independent
 * implementation of the same published algorithm and seeding), and usable where the JDK's registry is not.
 */
class L64X128MixTest {

  private static final long[] SEEDS = {0, 1, -1, 42, 0x6a09e667f3bcc909L, Long.MIN_VALUE, Long.MAX_VALUE,
      0x1f73e7550458ad85L, 20261201L};

  @Test
  void drawsTheSameLongsDoublesAndBoundedIntsAsTheJdk() {
    RandomGeneratorFactory<RandomGenerator> jdk = RandomGeneratorFactory.of("L64X128MixRandom");
    int[] bounds = {1, 2, 3, 7, 64, 100, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};
    for (long seed : SEEDS) {
      RandomGenerator ref = jdk.create(seed);
      L64X128Mix ours = new L64X128Mix(seed);
      for (int i = 0; i < 2000; i++) {
        switch (i % 4) {
          case 0 -> assertEquals(ref.nextLong(), ours.nextLong(), "seed " + seed + " draw " + i);
          case 1 -> assertEquals(ref.nextDouble(), ours.nextDouble(), "seed " + seed + " draw " + i);
          case 2 -> assertEquals(ref.nextInt(), ours.nextInt(), "seed " + seed + " draw " + i);
          default -> {
            int bound = bounds[(i / 4) % bounds.length];
            assertEquals(ref.nextInt(bound), ours.nextInt(bound), "seed " + seed + " draw " + i + " bound " + bound);
          }
        }
      }
    }
  }

  /** Pins the first outputs independently of any JDK, so that a change of ours is noticed too. */
  @Test
  void firstOutputsArePinned() {
    assertEquals(0x5ebebf0c528555b5L, new L64X128Mix(SeedSequence.of(42).derive("x", 1, 2)).nextLong());
  }

  @Test
  void boundedDrawsAreInRangeAndRoughlyUniform() {
    L64X128Mix r = new L64X128Mix(7);
    int bound = 10;
    int[] counts = new int[bound];
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      int v = r.nextInt(bound);
      assertTrue(v >= 0 && v < bound, "draw " + v);
      counts[v]++;
    }
    // Each count is Binomial(n, 1/10): sd = sqrt(n·0.09) ≈ 95; 5 sd is a bound a correct draw never reaches.
    for (int c : counts) {
      assertTrue(Math.abs(c - n / bound) < 5 * 95, "count " + c);
    }
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
  }

  @Test
  void gaussianDrawsHaveUnitMoments() {
    L64X128Mix r = new L64X128Mix(11);
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double z = r.nextGaussian();
      sum += z;
      sumSq += z * z;
    }
    // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032; 5 of each.
    assertEquals(0, sum / n, 0.011);
    assertEquals(1, sumSq / n - (sum / n) * (sum / n), 0.016);
  }

  /**
   * The failure that a Spark task thread met: a thread whose context class loader cannot see the JDK's
   * generator registry. Our streams must not care.
   */
  @Test
  void worksOnAThreadWithAForeignContextClassLoader() throws Exception {
    AtomicReference<Object> out = new AtomicReference<>();
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      Thread t = new Thread(() -> {
        try {
          out.set(SeedSequence.of(42).random("x", 1, 2).nextLong());
        } catch (Throwable e) {
          out.set(e);
        }
      });
      t.setContextClassLoader(empty);
      t.start();
      t.join();
    }
    assertEquals(0x5ebebf0c528555b5L, out.get());
  }
}
