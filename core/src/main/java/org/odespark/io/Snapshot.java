package org.odespark.io;

import java.util.Arrays;
import java.util.Objects;

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
 * @param optimizerState {@code OptimizerState.toBytes()} for a checkpoint; null for a model
 * @param config the resolved configuration text (HOCON), non-null
 * @param configHash stable hash of the resolved configuration, non-empty, one line
 * @param data fingerprint of the training data, non-null
 * @param standardization the map applied to the features before training, or null for none
 */
public record Snapshot(Kind kind, String modelType, long iteration, double[] theta, byte[] optimizerState,
                       String config, String configHash, DataFingerprint data, Standardization standardization) {

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
    Objects.requireNonNull(data, "data");
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
    }
    if (theta == null || theta.length < 1) {
      throw new IllegalArgumentException("theta must have at least one parameter");
    }
    for (int i = 0; i < theta.length; i++) {
      if (!Double.isFinite(theta[i])) {
        throw new IllegalArgumentException("theta[" + i + "] must be finite, got " + theta[i]);
      }
    }
    if ((kind == Kind.CHECKPOINT) != (optimizerState != null)) {
      throw new IllegalArgumentException(kind == Kind.CHECKPOINT ? "a checkpoint needs the optimizer state"
          : "a model carries no optimizer state");
    }
    if (standardization != null && standardization.cols() != data.cols()) {
      throw new IllegalArgumentException("the standardization has " + standardization.cols()
          + " columns but the data " + data.cols());
    }
    theta = theta.clone();
    optimizerState = optimizerState == null ? null : optimizerState.clone();
  }

  /** The checkpoint's parameters as a model (same θ and provenance, no optimizer state). */
  public Snapshot asModel() {
    return new Snapshot(Kind.MODEL, modelType, iteration, theta, null, config, configHash, data, standardization);
  }

  @Override
  public double[] theta() {
    return theta.clone();
  }

  @Override
  public byte[] optimizerState() {
    return optimizerState == null ? null : optimizerState.clone();
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
        && Arrays.equals(theta, s.theta) && Arrays.equals(optimizerState, s.optimizerState)
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
}
