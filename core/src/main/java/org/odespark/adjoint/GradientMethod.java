package org.odespark.adjoint;

import java.util.Locale;

/**
 * How an ODE block is differentiated (diffrax's adjoint choice): {@link #ADJOINT} solves the adjoint ODE
 * backward ({@link AdjointSolver}, memory O(1) in the number of steps), {@link #BACKPROP} differentiates the
 * steps the forward solve took ({@link BackpropSolver}, memory O(steps)), {@link #CHECKPOINT} differentiates
 * them too but keeps the state only at checkpoints and re-solves each segment in the backward pass
 * ({@link CheckpointAdjoint}: backprop's gradient, memory bounded by the checkpoint count, one more forward
 * evaluation per step). docs/benchmarks.md §6 measures the three against a tight reference.
 */
public enum GradientMethod {
  ADJOINT("adjoint"),
  BACKPROP("backprop"),
  CHECKPOINT("checkpoint");

  private final String label;

  GradientMethod(String label) {
    this.label = label;
  }

  /** The configuration name: {@code adjoint} or {@code backprop}. */
  public String label() {
    return label;
  }

  /** The method called {@code name}, case-insensitive. */
  public static GradientMethod named(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (GradientMethod m : values()) {
      if (m.label.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown gradient method '" + name + "'; valid: adjoint, backprop, checkpoint");
  }
}
