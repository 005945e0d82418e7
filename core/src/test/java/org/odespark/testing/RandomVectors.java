package org.odespark.testing;

import java.util.SplittableRandom;

/** Random test data. */
public final class RandomVectors {

  private RandomVectors() {}

  /**
   * n numbers uniform in [−scale, scale): scale·(2u − 1) for successive u = {@code r.nextDouble()}, so n draws
   * from r in order (with scale = 1 exactly 2u − 1).
   */
  public static double[] uniform(SplittableRandom r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * (2 * r.nextDouble() - 1);
    }
    return v;
  }
}
