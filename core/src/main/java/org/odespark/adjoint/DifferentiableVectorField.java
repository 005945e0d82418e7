package org.odespark.adjoint;

import org.odespark.ode.VectorField;

/**
 * A vector field {@code dy/dt = f(y, t, θ)} that can also give vector-Jacobian products, which is what the
 * adjoint method and backpropagation through the solver need. Implement this to train a hand-written model
 * (a physical model with a neural correction, say): {@link #evaluate} and {@link #vjp}, optionally
 * {@link #jvp} (used by the implicit methods' Newton iterations).
 *
 * <p>The field's parameters are the slice θ[{@link #parameterOffset()}, offset + {@link #parameterCount()})
 * of the model's flat parameter array; the field reads θ itself (it was given θ when constructed) and writes
 * parameter cotangents at the same absolute indices. Contracts as for {@link VectorField}: no allocation,
 * arrays of exactly the dimension, any t in either direction.
 */
public interface DifferentiableVectorField extends VectorField {

  /** Offset of this field's parameters in the model's θ. */
  int parameterOffset();

  /** Number of parameters of this field (may be 0). */
  int parameterCount();

  /**
   * Vector-Jacobian product at (t, y): {@code yBar = aᵀ ∂f/∂y}, {@code thetaBar[offset + i] += aᵀ ∂f/∂θᵢ},
   * returns {@code aᵀ ∂f/∂t}. Also writes f(t, y) into {@code f} when it is non-null (the adjoint needs both
   * and most fields get f on the way).
   *
   * @param y state, not modified
   * @param a cotangent, not modified
   * @param f receives f(t, y), or null
   * @param yBar receives aᵀ ∂f/∂y, overwritten
   * @param thetaBar model-wide parameter cotangent, accumulated on this field's slice only
   */
  double vjp(double t, double[] y, double[] a, double[] f, double[] yBar, double[] thetaBar);
}
