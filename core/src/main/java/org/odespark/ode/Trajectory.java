package org.odespark.ode;

/**
 * The result of a solve on a {@link TimeGrid}: the state at every grid time, flat row-major
 * ((N+1) × n), and the solve's counters. Immutable (accessors copy).
 */
public final class Trajectory {

  private final double[] times;
  private final double[] states;
  private final int dimension;
  private final SolveStats stats;

  Trajectory(double[] times, double[] states, int dimension, SolveStats stats) {
    this.times = times;
    this.states = states;
    this.dimension = dimension;
    this.stats = stats;
  }

  public int size() {
    return times.length;
  }

  public int dimension() {
    return dimension;
  }

  public double time(int i) {
    return times[i];
  }

  /** Component {@code j} of the state at grid time {@code i}. */
  public double value(int i, int j) {
    return states[i * dimension + j];
  }

  /** Copy of the state at grid time {@code i}. */
  public double[] state(int i) {
    double[] y = new double[dimension];
    System.arraycopy(states, i * dimension, y, 0, dimension);
    return y;
  }

  /** Copy of the state at the final time. */
  public double[] finalState() {
    return state(times.length - 1);
  }

  /** Copy of all states, row-major (N+1) × n. */
  public double[] states() {
    return states.clone();
  }

  public SolveStats stats() {
    return stats;
  }
}
