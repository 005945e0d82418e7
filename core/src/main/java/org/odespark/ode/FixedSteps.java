package org.odespark.ode;

/**
 * A uniform grid of steps t₀ + k·h (the last step ends exactly at the final time, shortened if needed; a
 * remainder below 10⁻⁹ h is folded into the step before); every step is accepted and no error is estimated. Either a step size or a number of steps over the
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

  /** The step magnitude: {@code stepSize}, or the interval divided by {@code count}. */
  @Override
  public double initialStep(OdeSolver solver, VectorField f, double t0, double[] y0, double[] f0, double tEnd,
                            SolverWorkspace ws) {
    double h = count > 0 ? Math.abs(tEnd - t0) / count : stepSize;
    ws.control.reset(0, 0);
    ws.control.fixedStep = h;
    return h;
  }

  /** The same magnitude again (the solver shortens the last step to end exactly at the final time). */
  @Override
  public double next(double h, double err, SolverWorkspace ws) {
    return ws.control.fixedStep;
  }
}
