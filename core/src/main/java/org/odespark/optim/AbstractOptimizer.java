package org.odespark.optim;

import java.util.Map;
import org.odespark.check.Checks;

/**
 * What every built-in optimizer shares: dimension, base rate and schedule, the iteration counter, argument
 * checks, and snapshot/restore of the named state arrays. Subclasses supply the update and name their
 * arrays. Mutable, one thread.
 */
abstract class AbstractOptimizer implements Optimizer {

  private final OptimizerKind kind;
  private final int dimension;
  private final double baseRate;
  private final LearningRateSchedule schedule;
  private long iteration;

  AbstractOptimizer(OptimizerKind kind, int dimension, double baseRate, LearningRateSchedule schedule) {
    Checks.atLeast("dimension", dimension, 1);
    this.kind = kind;
    this.dimension = dimension;
    this.baseRate = baseRate;
    this.schedule = schedule;
  }

  @Override
  public final long iteration() {
    return iteration;
  }

  @Override
  public final double learningRate() {
    return schedule.rate(iteration, baseRate);
  }

  @Override
  public final int dimension() {
    return dimension;
  }

  @Override
  public final String name() {
    return kind.id;
  }

  /**
   * Checks the arguments of {@link #step}, then returns the rate of this step and advances the counter.
   *
   * @throws IllegalArgumentException if a length differs from the dimension or the arrays alias
   */
  final double beginStep(double[] theta, double[] gradient) {
    if (theta.length != dimension || gradient.length != dimension || theta == gradient) {
      throw new IllegalArgumentException(theta == gradient
          ? "theta and gradient must be different arrays"
          : name() + " optimizer of dimension " + dimension + " got theta of length " + theta.length
              + " and gradient of length " + gradient.length);
    }
    double rate = schedule.rate(iteration, baseRate);
    iteration++;
    return rate;
  }

  /** The hyper-parameters by name, in a fixed order, as they are stored in a state. */
  abstract Map<String, Double> hyperParameters();

  /** The live state arrays by name, in a fixed order (the maps' arrays are the optimizer's own). */
  abstract Map<String, double[]> stateArrays();

  @Override
  public final OptimizerState state() {
    return new OptimizerState(kind.id, iteration, dimension, hyperParameters(), schedule, stateArrays());
  }

  @Override
  public final void restore(OptimizerState state) {
    state.requireCompatible(kind.id, dimension, hyperParameters(), schedule);
    Map<String, double[]> live = stateArrays();
    state.requireArrayNames(live.keySet());
    for (Map.Entry<String, double[]> e : live.entrySet()) {
      System.arraycopy(state.arrayView(e.getKey()), 0, e.getValue(), 0, dimension);
    }
    iteration = state.iteration();
  }

  @Override
  public final Optimizer copy() {
    return kind.create(state());
  }

  @Override
  public String toString() {
    return name() + "(dimension " + dimension + ", iteration " + iteration + ", " + hyperParameters()
        + ", schedule " + schedule + ")";
  }
}
