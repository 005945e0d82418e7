package org.odespark.ode;

/**
 * A view of one accepted step [t₀, t₁] and its continuous extension, handed to {@link StepObserver}s. Valid
 * only during the {@code onStep} call; do not keep it.
 */
public interface DenseOutput {

  /** Time at the start of the step. */
  double startTime();

  /** Time at the end of the step (less than the start when integrating backward). */
  double endTime();

  int dimension();

  /**
   * Writes the interpolated state y(t), t between start and end time, into {@code out[offset ..
   * offset+n)}. May cost function evaluations the first time it is called for a step (end derivative or
   * extra stages; they count in the solve's NFE).
   */
  void interpolate(double t, double[] out, int offset);

  /** Writes the state at the start of the step. */
  void startState(double[] out, int offset);
}
