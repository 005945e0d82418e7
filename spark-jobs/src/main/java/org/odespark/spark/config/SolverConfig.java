package org.odespark.spark.config;

import java.io.Serializable;

/**
 * {@code solver.*}: the forward and the adjoint (backward) ODE solves. Method names are those of
 * org.odespark.ode.tableau.RungeKuttaMethods. Immutable.
 *
 * @param method forward method
 * @param rtol forward relative tolerance, in (0, 1)
 * @param atol forward absolute tolerance, in (0, 1)
 * @param stepSize fixed-step methods: step as a fraction of the integration time, in (0, 1]
 * @param maxSteps step limit of one solve, ≥ 1
 * @param backwardMethod adjoint method
 * @param backwardRtol adjoint relative tolerance
 * @param backwardAtol adjoint absolute tolerance
 * @param backwardSeminorm whether the adjoint controls its error on state and adjoint only (Kidger et al. 2021)
 */
public record SolverConfig(String method, double rtol, double atol, double stepSize, long maxSteps,
                           String backwardMethod, double backwardRtol, double backwardAtol,
                           boolean backwardSeminorm) implements Serializable {}
