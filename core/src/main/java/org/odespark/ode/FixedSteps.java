package org.odespark.ode;

/**
 * A uniform grid of steps t₀ + k·h (the last step ends exactly at the final time, shortened if needed);
 * every step is accepted and no error is estimated. Either a step size or a number of steps over the
 * whole interval. Immutable.
 */
public record FixedSteps(double stepSize, int count) implements StepController {

  public FixedSteps {
    if (count == 0 && (!(stepSize > 0) || Double.isInfinite(stepSize))) {
      throw new IllegalArgumentException("fixed step size must be > 0 and finite, got " + stepSize);
    }
    if (count < 0) {
      throw new IllegalArgumentException("number of fixed steps must be >= 1, got " + count);
    }
  }

  /** Steps of size h (the last one shortened to end exactly at the final time). */
  public static FixedSteps ofSize(double h) {
    return new FixedSteps(h, 0);
  }

  /** n equal steps over the whole integration interval. */
  public static FixedSteps ofCount(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("number of fixed steps must be >= 1, got " + n);
    }
    return new FixedSteps(Double.NaN, n);
  }

  @Override
  public boolean isAdaptive() {
    return false;
  }

  /** Step magnitude for an interval of length {@code span} (> 0). */
  double step(double span) {
    return count > 0 ? span / count : stepSize;
  }

  /** Number of steps needed to cover {@code span}. */
  long steps(double span) {
    if (count > 0) {
      return count;
    }
    // A last step shorter than 1e-9 of h would only add round-off; fold it into the previous one.
    return Math.max(1, (long) Math.ceil(span / stepSize - 1e-9));
  }
}
