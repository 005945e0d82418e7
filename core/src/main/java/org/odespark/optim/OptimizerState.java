package org.odespark.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.odespark.check.Checks;

/**
 * Immutable snapshot of an {@link Optimizer}: its kind, iteration count, dimension, named hyper-parameters,
 * learning-rate schedule and named state arrays ("velocity" for SGD with momentum; "m", "v" for Adam and
 * AdamW). The schedule is part of the state, so a resumed optimizer continues with the identical rate
 * sequence and {@link Optimizer#fromState} needs nothing else. Checkpoints store it in odespark's file format
 * ({@code io.SnapshotFormat}, sections OPTM and OPTA), which rebuilds it with {@link #of}.
 */
public final class OptimizerState {

  private final String kind;
  private final long iteration;
  private final int dimension;
  private final Map<String, Double> hyperParameters;
  private final LearningRateSchedule schedule;
  private final Map<String, double[]> arrays;

  /**
   * Copies every array. Used by the optimizers and the reader.
   *
   * @param arrays named state arrays, each of length {@code dimension}, copied
   */
  OptimizerState(String kind, long iteration, int dimension, Map<String, Double> hyperParameters,
                 LearningRateSchedule schedule, Map<String, double[]> arrays) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(schedule, "schedule");
    Checks.atLeast("iteration", iteration, 0);
    Checks.atLeast("dimension", dimension, 1);
    Map<String, double[]> copies = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      if (e.getValue().length != dimension) {
        throw new IllegalArgumentException("state array '" + e.getKey() + "' has length " + e.getValue().length
            + " but the dimension is " + dimension);
      }
      copies.put(e.getKey(), e.getValue().clone());
    }
    this.kind = kind;
    this.iteration = iteration;
    this.dimension = dimension;
    this.hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
    this.schedule = schedule;
    this.arrays = Collections.unmodifiableMap(copies);
  }

  /**
   * A state read back from a file, validated as an optimizer of its kind would restore it.
   *
   * @param arrays named state arrays, each of length {@code dimension}, copied
   * @throws IllegalArgumentException naming what is wrong: unknown kind, invalid or missing hyper-parameters,
   *     missing, unexpected or mis-sized arrays
   */
  public static OptimizerState of(String kind, long iteration, int dimension, Map<String, Double> hyperParameters,
                                  LearningRateSchedule schedule, Map<String, double[]> arrays) {
    OptimizerKind k = OptimizerKind.named(kind);
    OptimizerState state = new OptimizerState(k.id, iteration, dimension, hyperParameters, schedule, arrays);
    k.validate(state);
    return state;
  }

  /** The optimizer kind: "sgd", "adam" or "adamw" (as {@link Optimizer#name()}). */
  public String kind() {
    return kind;
  }

  /** Steps taken when the snapshot was made. */
  public long iteration() {
    return iteration;
  }

  /** Length of θ and of every state array. */
  public int dimension() {
    return dimension;
  }

  /** The hyper-parameters by name (booleans as 0 or 1), in the optimizer's order; unmodifiable. */
  public Map<String, Double> hyperParameters() {
    return hyperParameters;
  }

  /**
   * One hyper-parameter.
   *
   * @throws IllegalArgumentException if the state has no hyper-parameter of that name
   */
  public double hyperParameter(String name) {
    Double value = hyperParameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("optimizer state of kind '" + kind + "' has no hyper-parameter '"
          + name + "' (has: " + String.join(", ", hyperParameters.keySet()) + ")");
    }
    return value;
  }

  /** The learning-rate schedule the optimizer was built with. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** Names of the state arrays, in the optimizer's order. */
  public List<String> arrayNames() {
    return List.copyOf(arrays.keySet());
  }

  /**
   * A copy of one state array, length {@link #dimension()}.
   *
   * @throws IllegalArgumentException if there is no array of that name
   */
  public double[] array(String name) {
    return arrayView(name).clone();
  }

  /** The stored array itself, for restoring without a second copy; callers must not modify it. */
  double[] arrayView(String name) {
    double[] a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("optimizer state of kind '" + kind + "' has no array '" + name
          + "' (has: " + String.join(", ", arrays.keySet()) + ")");
    }
    return a;
  }

  /**
   * Checks that the hyper-parameter names are exactly {@code expected}.
   *
   * @throws IllegalArgumentException naming the first missing or unexpected name
   */
  void requireHyperParameterNames(Collection<String> expected) {
    requireNames("hyper-parameter", hyperParameters.keySet(), expected);
  }

  /**
   * Checks that the array names are exactly {@code expected}.
   *
   * @throws IllegalArgumentException naming the first missing or unexpected array
   */
  void requireArrayNames(Collection<String> expected) {
    requireNames("array", arrays.keySet(), expected);
  }

  private void requireNames(String what, Collection<String> actual, Collection<String> expected) {
    for (String name : expected) {
      if (!actual.contains(name)) {
        throw new IllegalArgumentException("optimizer state of kind '" + kind + "' lacks " + what + " '" + name
            + "' (expected: " + String.join(", ", expected) + ")");
      }
    }
    for (String name : actual) {
      if (!expected.contains(name)) {
        throw new IllegalArgumentException("optimizer state of kind '" + kind + "' has unexpected " + what + " '"
            + name + "' (expected: " + (expected.isEmpty() ? "none" : String.join(", ", expected)) + ")");
      }
    }
  }

  /**
   * Checks that this state can be restored into an optimizer with the given description.
   *
   * @throws IllegalArgumentException naming the first difference
   */
  void requireCompatible(String optimizerKind, int optimizerDimension, Map<String, Double> optimizerHyper,
                         LearningRateSchedule optimizerSchedule) {
    if (!kind.equals(optimizerKind)) {
      throw new IllegalArgumentException("cannot restore an optimizer state of kind '" + kind
          + "' into an optimizer of kind '" + optimizerKind + "'");
    }
    if (dimension != optimizerDimension) {
      throw new IllegalArgumentException("cannot restore: the state has dimension " + dimension
          + " but the optimizer has dimension " + optimizerDimension);
    }
    requireHyperParameterNames(optimizerHyper.keySet());
    for (Map.Entry<String, Double> e : optimizerHyper.entrySet()) {
      double stored = hyperParameters.get(e.getKey());
      if (Double.compare(stored, e.getValue()) != 0) {
        throw new IllegalArgumentException("cannot restore: hyper-parameter " + e.getKey() + " is " + stored
            + " in the state but " + e.getValue() + " in the optimizer");
      }
    }
    if (!schedule.equals(optimizerSchedule)) {
      throw new IllegalArgumentException("cannot restore: the state's learning-rate schedule " + schedule
          + " differs from the optimizer's " + optimizerSchedule);
    }
  }

  /** Equal kind, iteration, dimension, hyper-parameters, schedule and arrays (bit for bit). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OptimizerState s)) {
      return false;
    }
    if (!kind.equals(s.kind) || iteration != s.iteration || dimension != s.dimension
        || !hyperParameters.equals(s.hyperParameters) || !schedule.equals(s.schedule)
        || !arrays.keySet().equals(s.arrays.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      if (!Arrays.equals(e.getValue(), s.arrays.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(kind, iteration, dimension, hyperParameters, schedule);
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "OptimizerState[" + kind + ", iteration " + iteration + ", dimension " + dimension + ", "
        + hyperParameters + ", schedule " + schedule + ", arrays " + new ArrayList<>(arrays.keySet()) + "]";
  }
}
