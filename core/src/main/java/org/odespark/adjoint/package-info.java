/**
 * Gradients through ODE solutions: a {@link org.odespark.adjoint.DifferentiableVectorField} (forward plus
 * vector-Jacobian product; {@link org.odespark.adjoint.NeuralVectorField} for an MLP on a minibatch) and two
 * strategies behind {@link org.odespark.adjoint.GradientSolver}: the adjoint method ({@link
 * org.odespark.adjoint.AdjointSolver}, Chen et al. 2018, O(1) memory in the number of steps, optional seminorm
 * error control) and backpropagation through the solver's steps ({@link org.odespark.adjoint.BackpropSolver},
 * O(steps) memory), both giving dL/dy₀, dL/dθ and dL/dtᵢ for losses on any number of output times.
 *
 * <p>Depends on {@code ode} and {@code nn}.
 */
package org.odespark.adjoint;
