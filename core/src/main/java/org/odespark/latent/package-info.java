/**
 * Models of irregularly sampled time series, as training {@link org.odespark.objective.Objective}s: the latent
 * ODE (Chen, Rubanova, Bettencourt, Duvenaud, "Neural Ordinary Differential Equations", NeurIPS 2018, §5;
 * Rubanova, Chen, Duvenaud, "Latent ODEs for irregularly-sampled time series", NeurIPS 2019) with an RNN or
 * ODE-RNN encoder, and two baselines in the same code: the RNN with the time gap as input and the ODE-RNN
 * without the VAE. Series travel as rows of a {@link org.odespark.objective.Batch} in a {@link
 * org.odespark.latent.SeriesLayout}; a minibatch is solved once on the sorted union of its times. Entry
 * point: {@link org.odespark.latent.LatentOdeSpec} ({@code builder(…).build().create()}); generators:
 * {@link org.odespark.latent.Spirals} and {@link org.odespark.latent.PeriodicSeries}.
 *
 * <p>Depends on {@code adjoint}, {@code ode}, {@code nn}, {@code objective} (the Objective contract),
 * {@code random} (seeded streams) and {@code classify} (the solver and gradient-method specs); nothing depends
 * on it but jobs.
 */
package org.odespark.latent;
