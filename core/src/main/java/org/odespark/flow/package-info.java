/**
 * Continuous normalizing flows (Chen et al. 2018; FFJORD, Grathwohl et al. 2019): the augmented CNF dynamics
 * {@link org.odespark.flow.CnfField} with the exact or Hutchinson divergence ({@link
 * org.odespark.flow.TraceEstimator}) and the kinetic and Jacobian regularizers of Finlay et al. 2020, and the
 * density model {@link org.odespark.flow.Cnf} (a stack of blocks with learnable end times: log-density, score,
 * sampling, maximum-likelihood gradient as an {@link org.odespark.objective.Objective}), described by a
 * serializable {@link org.odespark.flow.CnfSpec}. A block's vector field is any {@link org.odespark.flow.FlowField}
 * ({@link org.odespark.flow.MlpField} for the spec's MLPs; {@link org.odespark.flow.Cnf#overFields} for the
 * user's own).
 *
 * <p>Depends on {@code adjoint}, {@code ode}, {@code nn}, {@code data} and {@code train}.
 */
package org.odespark.flow;
