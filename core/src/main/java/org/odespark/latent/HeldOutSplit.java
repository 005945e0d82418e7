package org.odespark.latent;

import java.io.Serializable;
import java.util.random.RandomGenerator;

/**
 * Which observations of a recorded series the model sees and which it must predict, so that a data set
 * measures both interpolation and extrapolation: with the times t₀ &lt; t₁ &lt; … &lt; t_{n−1} of one series,
 * <ul>
 *   <li>those after the cut c = t_{n−1} − {@code forecast} · (t_{n−1} − t₀) become {@link
 *       SeriesLayout#EXTRAPOLATE} targets (the end of the series, forecast from its beginning);</li>
 *   <li>of the others, each but t₀ becomes an {@link SeriesLayout#INTERPOLATE} target with probability
 *       {@code interpolate} (one uniform draw per observation, in time order, from the caller's stream);</li>
 *   <li>the rest stay {@link SeriesLayout#OBSERVED}; an interpolation target after the last of them counts
 *       as extrapolation, and t₀ is always observed, so every series keeps an observation.</li>
 * </ul>
 * Immutable.
 *
 * @param interpolate probability of holding out an observation inside the window, in [0, 1)
 * @param forecast fraction of the time span held out at the end, in [0, 1)
 */
public record HeldOutSplit(double interpolate, double forecast) implements Serializable {

  private static final long serialVersionUID = 1L;

  public HeldOutSplit {
    if (!(interpolate >= 0 && interpolate < 1)) {
      throw new IllegalArgumentException("interpolate must be in [0, 1), got " + interpolate);
    }
    if (!(forecast >= 0 && forecast < 1)) {
      throw new IllegalArgumentException("forecast must be in [0, 1), got " + forecast);
    }
  }

  /** Nothing held out: every observation is observed. */
  public static HeldOutSplit none() {
    return new HeldOutSplit(0, 0);
  }

  /**
   * Writes the role of each of the n observations.
   *
   * @param t n strictly increasing times, not modified
   * @param rng the series' own stream (drawn from only when {@code interpolate} &gt; 0)
   * @param roles receives n roles; modified
   */
  public void assign(double[] t, int n, RandomGenerator rng, int[] roles) {
    double cut = t[n - 1] - forecast * (t[n - 1] - t[0]);
    int lastObserved = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && forecast > 0 && t[i] > cut) {
        roles[i] = SeriesLayout.EXTRAPOLATE;
      } else if (i > 0 && interpolate > 0 && rng.nextDouble() < interpolate) {
        roles[i] = SeriesLayout.INTERPOLATE;
      } else {
        roles[i] = SeriesLayout.OBSERVED;
        lastObserved = i;
      }
    }
    for (int i = lastObserved + 1; i < n; i++) {
      roles[i] = SeriesLayout.EXTRAPOLATE;
    }
  }
}
