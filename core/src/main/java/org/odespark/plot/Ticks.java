package org.odespark.plot;

import java.util.Locale;

/**
 * "Nice" axis tick values: multiples of 1, 2 or 5 × 10ᵏ inside an interval, about one per 70 pixels, with
 * the fewest decimals that tell them apart (P. S. Heckbert, "Nice numbers for graph labels", Graphics Gems,
 * 1990). Stateless.
 */
final class Ticks {

  private static final double PIXELS_PER_TICK = 70;
  private static final double[] NICE = {1, 2, 5};

  private Ticks() {}

  /**
   * Tick values in [lo, hi] (lo < hi, both finite) for an axis {@code pixels} long, ascending: the step is
   * the nice number nearest (span / ⌊pixels / 70⌋), made smaller until at least three ticks fit.
   */
  static double[] nice(double lo, double hi, int pixels) {
    int target = Math.max(2, (int) (pixels / PIXELS_PER_TICK));
    double raw = (hi - lo) / target;
    int exponent = (int) Math.floor(Math.log10(raw));
    double fraction = raw / Math.pow(10, exponent);
    // index into the nice mantissas 1, 2, 5 (then 10 = 1 of the next decade)
    int mantissa = fraction < 1.5 ? 0 : fraction < 3.5 ? 1 : fraction < 7.5 ? 2 : 3;
    if (mantissa == 3) {
      mantissa = 0;
      exponent++;
    }
    while (true) {
      double step = NICE[mantissa] * Math.pow(10, exponent);
      long first = (long) Math.ceil(lo / step - 1e-9);
      long last = (long) Math.floor(hi / step + 1e-9);
      if (last - first + 1 >= 3) {
        double[] ticks = new double[(int) (last - first + 1)];
        for (int k = 0; k < ticks.length; k++) {
          ticks[k] = (first + k) * step;
        }
        return ticks;
      }
      if (--mantissa < 0) {
        mantissa = 2;
        exponent--;
      }
    }
  }

  /** Decimals needed to print every tick of {@link #nice} exactly (0 for integer steps); needs ≥ 2 ticks. */
  static int decimals(double[] ticks) {
    double step = ticks[1] - ticks[0];
    return Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
  }

  /** The tick label with fixed decimals; never prints "-0". */
  static String label(double value, int decimals) {
    String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
    return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
  }
}
