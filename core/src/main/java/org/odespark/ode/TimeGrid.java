package org.odespark.ode;

import java.util.Arrays;

/**
 * The times t₀, t₁, …, t_N at which a solve reports the state: strictly increasing (forward in time) or
 * strictly decreasing (backward in time), finite, at least two. t₀ is the initial time and t_N the final
 * time; the solver integrates from t₀ to t_N once and reads the intermediate values from each step's
 * continuous extension, so the grid never changes the step sequence. Immutable.
 */
public final class TimeGrid {

  private final double[] times;

  private TimeGrid(double[] times) {
    if (times.length < 2) {
      throw new IllegalArgumentException("a time grid needs at least two times (initial and final), got "
          + times.length);
    }
    for (int i = 0; i < times.length; i++) {
      if (!Double.isFinite(times[i])) {
        throw new IllegalArgumentException("time grid entry " + i + " is not finite: " + times[i]);
      }
    }
    double dir = Math.signum(times[1] - times[0]);
    if (dir == 0) {
      throw new IllegalArgumentException("time grid entries 0 and 1 are equal (" + times[0]
          + "): times must be strictly increasing or strictly decreasing");
    }
    for (int i = 1; i < times.length; i++) {
      if (Math.signum(times[i] - times[i - 1]) != dir) {
        throw new IllegalArgumentException("time grid must be strictly " + (dir > 0 ? "increasing" : "decreasing")
            + " but entry " + i + " (" + times[i] + ") follows " + times[i - 1]);
      }
    }
    this.times = times;
  }

  /** The given times (copied). */
  public static TimeGrid of(double... times) {
    return new TimeGrid(times.clone());
  }

  /** {@code count} equally spaced times from {@code t0} to {@code t1} inclusive (t1 &lt; t0 allowed). */
  public static TimeGrid linspace(double t0, double t1, int count) {
    if (count < 2) {
      throw new IllegalArgumentException("linspace needs count >= 2, got " + count);
    }
    double[] t = new double[count];
    for (int i = 0; i < count; i++) {
      t[i] = t0 + (t1 - t0) * i / (count - 1);
    }
    t[count - 1] = t1;
    return new TimeGrid(t);
  }

  public int size() {
    return times.length;
  }

  public double time(int i) {
    return times[i];
  }

  public double initial() {
    return times[0];
  }

  public double last() {
    return times[times.length - 1];
  }

  /** +1 forward in time, −1 backward. */
  public double direction() {
    return Math.signum(times[1] - times[0]);
  }

  /** Copy of the times. */
  public double[] toArray() {
    return times.clone();
  }

  double[] raw() {
    return times;
  }

  @Override
  public String toString() {
    return times.length <= 6 ? Arrays.toString(times)
        : "[" + times[0] + ", " + times[1] + ", …, " + last() + "] (" + times.length + " times)";
  }
}
