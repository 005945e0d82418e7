package org.odespark.latent;

import java.io.Serializable;
import java.util.random.RandomGenerator;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;
import org.odespark.random.Normals;
import org.odespark.random.SeedSequence;

/**
 * Two-dimensional spirals after Chen et al. (NeurIPS 2018, §5.1): every series follows the Archimedean
 * spiral r = b·φ from its own starting angle φ₀, either counter-clockwise and outward (φ = φ₀ + ωt) or
 * clockwise and inward (φ = φ₀ − ωt), with equal probability:
 * <pre>
 *   x(t) = b φ(t) (cos φ(t), sin φ(t)),   b = 0.3,   ω = π per unit time,
 *   φ₀ ~ U(π, 4π) (counter-clockwise),   φ₀ ~ U(3π, 6π) (clockwise, so φ stays ≥ π up to t = 2),
 * </pre>
 * at {@code points} equally spaced times t_j = j / (points − 1) of the window [0, 1], of which {@code
 * observed} distinct ones, drawn at random, are observed with N(0, noise²) added to both coordinates. With
 * targets, each series also carries the noise-free spiral at all {@code points} window times (role {@link
 * SeriesLayout#INTERPOLATE}: reconstruction and interpolation) and at {@code extrapolate} further times
 * 1 + j / (points − 1), j = 1 … extrapolate (role {@link SeriesLayout#EXTRAPOLATE}). Series i of a seed is
 * drawn from the stream {@code SeedSequence(seed).random("spirals", i)} alone, so any partition can make its
 * own range of series and the data does not depend on the partitioning. Immutable.
 *
 * @param points window times per series, ≥ 2
 * @param observed observed times per series, in [1, points]
 * @param extrapolate extrapolation targets per series, ≥ 0
 * @param noise observation noise standard deviation, ≥ 0
 */
public record Spirals(int points, int observed, int extrapolate, double noise) implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final double B = 0.3;
  private static final double OMEGA = Math.PI;

  public Spirals {
    Checks.atLeast("points", points, 2);
    if (observed < 1 || observed > points) {
      throw new IllegalArgumentException("observed must be in [1, points = " + points + "], got " + observed);
    }
    Checks.atLeast("extrapolate", extrapolate, 0);
    Checks.nonNegativeFinite("noise", noise);
  }

  /** Chen et al.'s setting: 100 window times, {@code observed} of them observed, 100 beyond, noise 0.1. */
  public static Spirals of(int observed) {
    return new Spirals(100, observed, 100, 0.1);
  }

  /** The row layout of these series, with room for the targets: observed + points + extrapolate slots of 2. */
  public SeriesLayout layout() {
    return new SeriesLayout(observed + points + extrapolate, 2);
  }

  /**
   * Series {@code first} … {@code first + count − 1} of {@code seed}.
   *
   * @param withTargets whether the rows carry the noise-free targets (for evaluation)
   */
  public Batch generate(long seed, long first, int count, boolean withTargets) {
    Checks.atLeast("count", count, 1);
    SeriesLayout layout = layout();
    int cols = layout.cols();
    double[] f = new double[Math.multiplyExact(count, cols)];
    SeedSequence seeds = SeedSequence.of(seed);
    boolean[] chosen = new boolean[points];
    double[] xy = new double[2];
    double[] eps = new double[2];
    for (int i = 0; i < count; i++) {
      RandomGenerator rng = seeds.random("spirals", first + i);
      boolean ccw = rng.nextDouble() < 0.5;
      double phi0 = ccw ? Math.PI * (1 + 3 * rng.nextDouble()) : Math.PI * (3 + 3 * rng.nextDouble());
      double dir = ccw ? 1 : -1;
      // A uniformly random subset of `observed` window indices (selection sampling, Knuth TAOCP 3.4.2 S).
      java.util.Arrays.fill(chosen, false);
      int needed = observed;
      for (int j = 0; j < points; j++) {
        if (rng.nextDouble() * (points - j) < needed) {
          chosen[j] = true;
          needed--;
        }
      }
      int off = i * cols;
      int slot = 0;
      for (int j = 0; j < points; j++) {
        double t = (double) j / (points - 1);
        point(phi0 + dir * OMEGA * t, xy);
        if (chosen[j]) {
          Normals.pair(rng, eps, 0);
          double[] noisy = {xy[0] + noise * eps[0], xy[1] + noise * eps[1]};
          layout.set(f, off, slot++, t, SeriesLayout.OBSERVED, noisy, 0, null, 0);
        }
        if (withTargets) {
          layout.set(f, off, slot++, t, SeriesLayout.INTERPOLATE, xy, 0, null, 0);
        }
      }
      if (withTargets) {
        for (int j = 1; j <= extrapolate; j++) {
          double t = 1 + (double) j / (points - 1);
          point(phi0 + dir * OMEGA * t, xy);
          layout.set(f, off, slot++, t, SeriesLayout.EXTRAPOLATE, xy, 0, null, 0);
        }
      }
      f[off] = slot;
    }
    return new Batch(count, cols, f, null, null);
  }

  private static void point(double phi, double[] out) {
    out[0] = B * phi * Math.cos(phi);
    out[1] = B * phi * Math.sin(phi);
  }
}
