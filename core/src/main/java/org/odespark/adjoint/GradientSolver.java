package org.odespark.adjoint;

import org.odespark.ode.SolveStats;
import org.odespark.ode.TimeGrid;

/**
 * Gradients of a loss L(y(t₀), y(t₁), …, y(t_N)) of an ODE solution with respect to the initial state, the
 * vector field's parameters and the grid times. Two strategies, chosen per solve (diffrax's adjoint
 * choice): {@link AdjointSolver} (optimize-then-discretize: the adjoint ODE solved backward, memory O(1) in
 * the number of steps) and {@link BackpropSolver} (discretize-then-optimize: reverse mode through the
 * solver's own steps, memory O(steps)). Both run a forward pass that keeps what their backward pass needs
 * in a {@link GradientWorkspace}; the caller computes ∂L/∂y(tᵢ) from the forward states in between.
 *
 * <p>Implementations are immutable and thread-safe; workspaces are per thread.
 */
public interface GradientSolver {

  /**
   * Solves forward from y₀ on the grid and writes y(tᵢ) into {@code states} (row i at i·n).
   *
   * @param y0 initial state at grid time 0, length n, not modified
   * @param states output, (N+1)·n, overwritten
   * @return the forward solve's counters
   */
  SolveStats forward(DifferentiableVectorField f, TimeGrid grid, double[] y0, double[] states, GradientWorkspace ws);

  /**
   * The backward pass of the last {@link #forward} on {@code ws} (same field, grid and states).
   *
   * @param states the forward states, not modified
   * @param dLdY ∂L/∂y(tᵢ) for every grid time, (N+1)·n, not modified
   * @param y0Bar receives dL/dy₀, length n
   * @param thetaBar model-wide parameter cotangent; dL/dθ is added (+=) on the field's slice
   * @param timeBar receives dL/dtᵢ for every grid time (length N+1), or null
   * @return the backward pass's counters (its evaluations of f and of vector-Jacobian products)
   */
  SolveStats backward(DifferentiableVectorField f, TimeGrid grid, double[] states, double[] dLdY, double[] y0Bar,
                      double[] thetaBar, double[] timeBar, GradientWorkspace ws);

  /** Short name for logs and configuration: {@code adjoint} or {@code backprop}. */
  String name();
}
