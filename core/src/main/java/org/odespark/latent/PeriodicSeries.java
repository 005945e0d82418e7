package org.odespark.latent;

import java.io.Serializable;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;
import org.odespark.random.Normals;
import org.odespark.random.SeedSequence;

/**
 * Irregularly sampled one-dimensional periodic series (the toy data of Rubanova et al., NeurIPS 2019, §4.1,
 * with a random frequency and amplitude per series): x(t) = a sin(2π ν t + ψ) with ν ~ U(νₘᵢₙ, νₘₐₓ),
 * a ~ U(aₘᵢₙ, aₘₐₓ), ψ ~ U(0, 2π), observed at {@code observed} times drawn uniformly from the window
 * [0, 1] (sorted; N(0, noise²) added). With targets, each series also carries the noise-free value at
 * {@code heldOut} further uniform times inside the window (role {@link SeriesLayout#INTERPOLATE}) and at
 * {@code extrapolate} equally spaced times in (1, 1.5] (role {@link SeriesLayout#EXTRAPOLATE}). Series i of
 * a seed comes from the stream {@code SeedSequence(seed).random("periodic", i)} alone. Immutable.
 *
 * @param observed observations per series, ≥ 1
 * @param heldOut interpolation targets per series, ≥ 0
 * @param extrapolate extrapolation targets per series, ≥ 0
 * @param minFrequency smallest ν, &gt; 0
 * @param maxFrequency largest ν, ≥ minFrequency
 * @param minAmplitude smallest a, &gt; 0
 * @param maxAmplitude largest a, ≥ minAmplitude
 * @param noise observation noise standard deviation, ≥ 0
 */
public record PeriodicSeries(int observed, int heldOut, int extrapolate, double minFrequency, double maxFrequency,
                             double minAmplitude, double maxAmplitude, double noise) implements Serializable {

  private static final long serialVersionUID = 1L;

  public PeriodicSeries {
    if (observed < 1 || heldOut < 0 || extrapolate < 0) {
      throw new IllegalArgumentException("need observed >= 1, heldOut >= 0, extrapolate >= 0, got " + observed
          + ", " + heldOut + ", " + extrapolate);
    }
    if (!(minFrequency > 0) || !(maxFrequency >= minFrequency) || Double.isInfinite(maxFrequency)) {
      throw new IllegalArgumentException("frequencies must satisfy 0 < min <= max < ∞, got " + minFrequency + ", "
          + maxFrequency);
    }
    if (!(minAmplitude > 0) || !(maxAmplitude >= minAmplitude) || Double.isInfinite(maxAmplitude)) {
      throw new IllegalArgumentException("amplitudes must satisfy 0 < min <= max < ∞, got " + minAmplitude + ", "
          + maxAmplitude);
    }
    Checks.nonNegativeFinite("noise", noise);
  }

  /** 50 observations, 50 interpolation and 25 extrapolation targets, ν ∈ [0.5, 2], a ∈ [0.5, 1.5], noise 0.05. */
  public static PeriodicSeries defaults() {
    return new PeriodicSeries(50, 50, 25, 0.5, 2, 0.5, 1.5, 0.05);
  }

  public SeriesLayout layout() {
    return new SeriesLayout(observed + heldOut + extrapolate, 1);
  }

  /** Series {@code first} … {@code first + count − 1} of {@code seed}; targets only when {@code withTargets}. */
  public Batch generate(long seed, long first, int count, boolean withTargets) {
    Checks.atLeast("count", count, 1);
    SeriesLayout layout = layout();
    int cols = layout.cols();
    double[] f = new double[Math.multiplyExact(count, cols)];
    SeedSequence seeds = SeedSequence.of(seed);
    double[] obs = new double[observed];
    double[] held = new double[heldOut];
    double[] v = new double[1];
    double[] eps = new double[2];
    for (int i = 0; i < count; i++) {
      RandomGenerator rng = seeds.random("periodic", first + i);
      double nu = minFrequency + (maxFrequency - minFrequency) * rng.nextDouble();
      double a = minAmplitude + (maxAmplitude - minAmplitude) * rng.nextDouble();
      double psi = 2 * Math.PI * rng.nextDouble();
      distinctTimes(rng, obs);
      distinctTimes(rng, held);
      int off = i * cols;
      int slot = 0;
      int h = 0;
      for (int j = 0; j < observed; j++) {
        while (withTargets && h < heldOut && held[h] < obs[j]) {
          v[0] = a * Math.sin(2 * Math.PI * nu * held[h] + psi);
          layout.set(f, off, slot++, held[h++], SeriesLayout.INTERPOLATE, v, 0, null, 0);
        }
        Normals.pair(rng, eps, 0);
        v[0] = a * Math.sin(2 * Math.PI * nu * obs[j] + psi) + noise * eps[0];
        layout.set(f, off, slot++, obs[j], SeriesLayout.OBSERVED, v, 0, null, 0);
      }
      if (withTargets) {
        double lastObserved = obs[observed - 1];
        for (; h < heldOut; h++) {
          v[0] = a * Math.sin(2 * Math.PI * nu * held[h] + psi);
          int role = held[h] <= lastObserved ? SeriesLayout.INTERPOLATE : SeriesLayout.EXTRAPOLATE;
          layout.set(f, off, slot++, held[h], role, v, 0, null, 0);
        }
        for (int j = 1; j <= extrapolate; j++) {
          double t = 1 + 0.5 * j / extrapolate;
          v[0] = a * Math.sin(2 * Math.PI * nu * t + psi);
          layout.set(f, off, slot++, t, SeriesLayout.EXTRAPOLATE, v, 0, null, 0);
        }
      }
      f[off] = slot;
    }
    return new Batch(count, cols, f, null, null);
  }

  /** Sorted uniform times in [0, 1], redrawn until distinct (ties have probability ~0). */
  private static void distinctTimes(RandomGenerator rng, double[] out) {
    boolean distinct;
    do {
      for (int j = 0; j < out.length; j++) {
        out[j] = rng.nextDouble();
      }
      Arrays.sort(out);
      distinct = true;
      for (int j = 1; j < out.length; j++) {
        distinct &= out[j] > out[j - 1];
      }
    } while (!distinct);
  }
}
