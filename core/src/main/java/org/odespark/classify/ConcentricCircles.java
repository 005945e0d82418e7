package org.odespark.classify;

import java.util.random.RandomGenerator;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;

/**
 * Two nested classes in the plane (Dupont, Doucet, Teh, "Augmented Neural ODEs", NeurIPS 2019, §4.1, the
 * function g in two dimensions): class 0 uniform on the disk ‖x‖ &lt; {@code innerRadius}, class 1 uniform on
 * the annulus {@code ringInner} ≤ ‖x‖ ≤ {@code ringOuter}. No continuous invertible map of the plane
 * followed by a linear read-out separates them: the read-out's half-plane pulls back to a region that reaches
 * to infinity, so it must cross the ring that encloses the disk. The defaults are radius 1 and ring [2, 3].
 *
 * <p>Rows alternate between the classes (even rows class 0); radii are drawn so that points are uniform in
 * area (r = √(a² + u (b² − a²))) and angles uniform. Stateless; the generator is the caller's.
 */
public final class ConcentricCircles {

  public static final double INNER_RADIUS = 1.0;
  public static final double RING_INNER = 2.0;
  public static final double RING_OUTER = 3.0;

  private ConcentricCircles() {}

  /** {@code n} labelled points with the default radii. */
  public static Batch sample(int n, RandomGenerator rng) {
    return sample(n, INNER_RADIUS, RING_INNER, RING_OUTER, rng);
  }

  /**
   * {@code n} labelled points, 2 columns, labels 0 (disk) and 1 (ring), no weights.
   *
   * @throws IllegalArgumentException unless n ≥ 1 and 0 &lt; innerRadius &lt; ringInner &lt; ringOuter
   */
  public static Batch sample(int n, double innerRadius, double ringInner, double ringOuter, RandomGenerator rng) {
    Checks.atLeast("n", n, 1);
    if (!(innerRadius > 0 && innerRadius < ringInner && ringInner < ringOuter) || Double.isInfinite(ringOuter)) {
      throw new IllegalArgumentException("radii must satisfy 0 < innerRadius < ringInner < ringOuter < ∞, got "
          + innerRadius + ", " + ringInner + ", " + ringOuter);
    }
    double[] x = new double[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      double a = label == 0 ? 0 : ringInner;
      double b = label == 0 ? innerRadius : ringOuter;
      double r = Math.sqrt(a * a + rng.nextDouble() * (b * b - a * a));
      double phi = 2 * Math.PI * rng.nextDouble();
      x[2 * i] = r * StrictMath.cos(phi);
      x[2 * i + 1] = r * StrictMath.sin(phi);
      labels[i] = label;
    }
    return new Batch(n, 2, x, labels, null);
  }
}
