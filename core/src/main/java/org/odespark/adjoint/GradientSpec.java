package org.odespark.adjoint;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.odespark.ode.OdeSolver;

/**
 * How an ODE block of a model is solved and differentiated: the gradient method, the forward solver, the
 * adjoint's backward solver and whether the backward steps control their error on the state and adjoint only
 * (the seminorm of Kidger, Chen, Lyons, "Hey, that's not an ODE", ICML 2021). The one path from a model's
 * description to its {@link OdeSolver} and {@link GradientSolver}, shared by the CNF and the classifiers.
 * Immutable, serializable.
 *
 * @param method adjoint (backsolve, O(1) memory) or backprop (through the forward steps)
 * @param forward the forward solver, also used by solves that need no gradient
 * @param backward the adjoint's backward solver (unused by backprop, which reuses the forward steps)
 * @param seminorm adjoint only: control the backward steps' error on [z, a], not on the parameter integral
 */
public record GradientSpec(GradientMethod method, SolverSpec forward, SolverSpec backward, boolean seminorm)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public GradientSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(backward, "backward");
  }

  /** {@code method} with {@code solver} forward and backward, full error norm. */
  public static GradientSpec of(GradientMethod method, SolverSpec solver) {
    return new GradientSpec(method, solver, solver, false);
  }

  /** The forward solver. */
  public OdeSolver forwardSolver() {
    return forward.build();
  }

  /**
   * The gradient solver: an {@link AdjointSolver} (with the backward solver), a {@link BackpropSolver} or a
   * {@link CheckpointAdjoint} ({@link CheckpointAdjoint#DEFAULT_CHECKPOINTS} checkpoints) over
   * {@link #forwardSolver()}.
   */
  public GradientSolver create() {
    return switch (method) {
      case ADJOINT -> new AdjointSolver(forward.build(), backward.build(), seminorm);
      case BACKPROP -> new BackpropSolver(forward.build());
      case CHECKPOINT -> new CheckpointAdjoint(forward.build());
    };
  }

  public GradientSpec withMethod(GradientMethod m) {
    return new GradientSpec(m, forward, backward, seminorm);
  }

  public GradientSpec withForward(SolverSpec s) {
    return new GradientSpec(method, s, backward, seminorm);
  }

  public GradientSpec withBackward(SolverSpec s) {
    return new GradientSpec(method, forward, s, seminorm);
  }

  public GradientSpec withSeminorm(boolean s) {
    return new GradientSpec(method, forward, backward, s);
  }

  /**
   * The text form (a model file's SPEC section): gradient, seminorm, and forward.* and backward.* as
   * {@link SolverSpec#putProperties} writes them.
   */
  public void putProperties(Map<String, String> into) {
    into.put("gradient", method.label());
    into.put("seminorm", Boolean.toString(seminorm));
    forward.putProperties("forward", into);
    backward.putProperties("backward", into);
  }

  /**
   * The spec of a text form written by {@link #putProperties}.
   *
   * @throws IllegalArgumentException naming a missing key or an invalid value
   */
  public static GradientSpec fromProperties(Map<String, String> p) {
    String seminorm = property(p, "seminorm");
    if (!seminorm.equals("true") && !seminorm.equals("false")) {
      throw new IllegalArgumentException("seminorm must be true or false, got '" + seminorm + "'");
    }
    return new GradientSpec(GradientMethod.named(property(p, "gradient")), SolverSpec.fromProperties("forward", p),
        SolverSpec.fromProperties("backward", p), seminorm.equals("true"));
  }

  /**
   * The value of {@code key}, which a text form must have.
   *
   * @throws IllegalArgumentException naming the key when it is missing
   */
  public static String property(Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null) {
      throw new IllegalArgumentException("the spec lacks '" + key + "'");
    }
    return v;
  }

  @Override
  public String toString() {
    return method.label() + ", forward " + forward + (method == GradientMethod.ADJOINT ? ", backward " + backward
        + (seminorm ? " (seminorm)" : "") : "");
  }
}
