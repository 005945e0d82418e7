/**
 * Classifiers as training {@link org.odespark.objective.Objective}s: the ODE-Net of Chen et al. (NeurIPS 2018,
 * §7.1), optionally augmented (ANODE, Dupont et al., NeurIPS 2019), and the ResNet it replaces, both as
 * input projection → feature map → linear read-out → softmax cross-entropy, with all parameters in one flat θ.
 * Entry points: {@link org.odespark.classify.OdeNetSpec} and {@link org.odespark.classify.ResNetSpec}, whose
 * {@code create()} builds the objective.
 *
 * <p>Depends on {@code adjoint}, {@code ode}, {@code nn}, {@code data} and {@code train} (the Objective
 * contract); nothing depends on it but examples and jobs.
 */
package org.odespark.classify;
