package org.odespark.random;

import java.util.random.RandomGenerator;

/**
 * Standard normal variates by the Box–Muller transform (G. E. P. Box, M. E. Muller, Ann. Math. Statist. 29,
 * 1958) from {@link RandomGenerator#nextDouble()} and {@code StrictMath}: the same bits on every JVM and
 * platform, unlike {@code nextGaussian()}, whose algorithm the JDK may change.
 */
public final class Normals {

  private static final double TWO_PI = 2 * Math.PI;

  private Normals() {}

  /** Two independent standard normal variates into {@code out[p]}, {@code out[p + 1]}. */
  public static void pair(RandomGenerator rng, double[] out, int p) {
    double u1 = 1.0 - rng.nextDouble(); // in (0, 1], so the logarithm is finite
    double u2 = rng.nextDouble();
    double radius = Math.sqrt(-2.0 * StrictMath.log(u1));
    double angle = TWO_PI * u2;
    out[p] = radius * StrictMath.cos(angle);
    out[p + 1] = radius * StrictMath.sin(angle);
  }

  /** Fills {@code out[offset, offset + n)} with independent standard normal variates. */
  public static void fill(RandomGenerator rng, double[] out, int offset, int n) {
    int i = 0;
    for (; i + 1 < n; i += 2) {
      pair(rng, out, offset + i);
    }
    if (i < n) {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      out[offset + i] = Math.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
    }
  }
}
