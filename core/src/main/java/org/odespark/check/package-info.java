/**
 * The argument checks that specs, models, data, training and optimizers share, each with its one message: a
 * leaf (PackageDependencyTest says who may use it; {@code ode} and {@code nn} import nothing of ours and keep
 * their own checks).
 */
package org.odespark.check;
