package org.odespark.spark.io;

import java.util.Locale;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.spark.config.ModelConfig;

/**
 * Which divergence scores a trained flow (the {@code evaluate} and {@code score} jobs, {@code
 * CnfDensityModel.transform}). Hutchinson's estimate is unbiased but noisy per row (about a nat at D = 2 to
 * several at D = 64, {@code docs/benchmarks.md}), which makes per-row log-densities useless as anomaly
 * scores; the exact trace costs D Jacobian-vector rows instead of one. {@link #AUTO} takes the exact trace
 * up to {@link #EXACT_MAX_DIM} dimensions, where it is still cheaper than averaging enough Hutchinson probes
 * to bring the noise below 0.1 nats, and the trained estimator above.
 */
public enum ScoringTrace {
  /** The exact trace for D ≤ {@link #EXACT_MAX_DIM}, the model's own estimator above. */
  AUTO,
  /** The exact trace at any D. */
  EXACT,
  /** The estimator the model was trained with. */
  MODEL;

  /** The largest dimension {@link #AUTO} scores with the exact trace (the measured crossover). */
  public static final int EXACT_MAX_DIM = 64;

  /** The choice named {@code auto}, {@code exact} or {@code model}; IllegalArgumentException naming {@code key}. */
  public static ScoringTrace named(String key, String name) {
    for (ScoringTrace t : values()) {
      if (t.label().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(key + " = " + name + ": expected auto, exact or model");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether D-dimensional points are scored with the exact trace under this choice. */
  public boolean exactAt(int dim) {
    return this == EXACT || (this == AUTO && dim <= EXACT_MAX_DIM);
  }

  /** {@code spec} with the trace this choice scores it with. */
  public CnfSpec apply(CnfSpec spec) {
    return exactAt(spec.dim()) ? spec.toBuilder().trace(TraceEstimator.exact()).build() : spec;
  }

  /** A trained model's configuration with the trace this choice scores it with (only flows have a trace). */
  public ModelConfig apply(ModelConfig model, int dim) {
    if (!model.type().equals("cnf") || !exactAt(dim) || model.cnf().trace().equals("exact")) {
      return model;
    }
    return new ModelConfig(model.type(), model.cnf().withTrace("exact"), model.classifier(), model.latent(),
        model.solver());
  }
}
