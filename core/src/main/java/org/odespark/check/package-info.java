/**
 * The argument checks that specs, models and optimizers share, each with its one message: a leaf every
 * package but {@code ode} and {@code nn} may use.
 */
package org.odespark.check;
