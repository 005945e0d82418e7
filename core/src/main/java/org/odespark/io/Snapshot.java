package org.odespark.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.odespark.check.Checks;
import org.odespark.optim.OptimizerState;

/**
 * The content of a checkpoint or a model file: θ and everything needed to continue training from it or to
 * use it ({@link SnapshotFormat} gives the bytes).
 *
 * <p>Immutable: the constructor and the accessors copy the arrays.
 *
 * @param kind checkpoint (resumable: carries the optimizer state) or model (θ only)
 * @param modelType the configuration's {@code model.type}, e.g. "cnf"; non-empty, one line
 * @param iteration optimizer steps taken to reach θ, ≥ 0
 * @param theta the parameters θ, at least one, all finite
 * @param optimizer the optimizer's state for a checkpoint; null for a model
 * @param spec the model's description as key = value pairs (the objective spec's {@code properties()}: type,
 *     architecture, solvers), in order; empty when unknown (files of version 1)
 * @param config the configuration it was trained with, as plain text (never parsed with includes or
 *     substitutions), non-null
 * @param configHash stable hash of the resolved configuration, non-empty, one line
 * @param data fingerprint of the training data, non-null
 * @param standardization the map applied to the features before training, or null for none
 */
public record Snapshot(Kind kind, String modelType, long iteration, double[] theta, OptimizerState optimizer,
                       Map<String, String> spec, String config, String configHash, DataFingerprint data,
                       Standardization standardization) {

  /** What the file is for. */
  public enum Kind {
    /** Resumable training state: θ and the optimizer state. */
    CHECKPOINT(1),
    /** A trained model: θ without the optimizer state. */
    MODEL(2);

    final int code;

    Kind(int code) {
      this.code = code;
    }

    static Kind ofCode(int code) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      return null;
    }
  }

  public Snapshot {
    Objects.requireNonNull(kind, "kind");
    requireLine("modelType", modelType);
    requireLine("configHash", configHash);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(data, "data");
    Checks.atLeast("iteration", iteration, 0);
    if (theta == null || theta.length < 1) {
      throw new IllegalArgumentException("theta must have at least one parameter");
    }
    for (int i = 0; i < theta.length; i++) {
      if (!Double.isFinite(theta[i])) {
        throw new IllegalArgumentException("theta[" + i + "] must be finite, got " + theta[i]);
      }
    }
    if ((kind == Kind.CHECKPOINT) != (optimizer != null)) {
      throw new IllegalArgumentException(kind == Kind.CHECKPOINT ? "a checkpoint needs the optimizer state"
          : "a model carries no optimizer state");
    }
    if (optimizer != null && optimizer.dimension() != theta.length) {
      throw new IllegalArgumentException("the optimizer state has dimension " + optimizer.dimension() + " but θ has "
          + theta.length + " parameters");
    }
    for (Map.Entry<String, String> e : spec.entrySet()) {
      requireLine("a spec key", e.getKey());
      if (e.getKey().contains("=") || e.getValue().contains("\n") || e.getValue().contains("\r")) {
        throw new IllegalArgumentException("spec entries are key = value on one line without '=' in the key, got "
            + e.getKey() + " = " + e.getValue());
      }
    }
    spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
    if (standardization != null && standardization.cols() != data.cols()) {
      throw new IllegalArgumentException("the standardization has " + standardization.cols()
          + " columns but the data " + data.cols());
    }
    theta = theta.clone();
  }

  /** A model: θ and its provenance, no optimizer state. */
  public static Snapshot model(String modelType, long iteration, double[] theta, Map<String, String> spec,
                               String config, String configHash, DataFingerprint data, Standardization std) {
    return new Snapshot(Kind.MODEL, modelType, iteration, theta, null, spec, config, configHash, data, std);
  }

  /** The checkpoint's parameters as a model (same θ and provenance, no optimizer state). */
  public Snapshot asModel() {
    return model(modelType, iteration, theta, spec, config, configHash, data, standardization);
  }

  @Override
  public double[] theta() {
    return theta.clone();
  }

  /** Number of parameters |θ|. */
  public int parameterCount() {
    return theta.length;
  }

  private static void requireLine(String name, String value) {
    if (value == null || value.isEmpty() || value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException(name + " must be a non-empty single line, got " + value);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s && kind == s.kind && modelType.equals(s.modelType) && iteration == s.iteration
        && Arrays.equals(theta, s.theta) && Objects.equals(optimizer, s.optimizer) && spec.equals(s.spec)
        && config.equals(s.config) && configHash.equals(s.configHash) && data.equals(s.data)
        && Objects.equals(standardization, s.standardization);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, modelType, iteration, Arrays.hashCode(theta), configHash);
  }

  @Override
  public String toString() {
    return "Snapshot[" + kind + ", " + modelType + ", iteration " + iteration + ", " + theta.length
        + " parameters, config " + configHash + "]";
  }

  /**
   * Where a stored spec and the one rebuilt from a file's configuration part, for messages: the first key
   * (in the stored order, then the rebuilt one's) whose values differ, e.g. {@code "rtol: stored 1.0E-5, built
   * 0.001"}; empty if the two are equal.
   */
  public static String specDifference(Map<String, String> stored, Map<String, String> built) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(stored.keySet());
    keys.addAll(built.keySet());
    for (String k : keys) {
      String a = stored.get(k);
      String b = built.get(k);
      if (a == null ? b != null : !a.equals(b)) {
        return k + ": stored " + (a == null ? "(none)" : a) + ", built " + (b == null ? "(none)" : b);
      }
    }
    return "";
  }
}
