/**
 * Runge–Kutta methods as data: {@link org.odespark.ode.tableau.ButcherTableau} (the Butcher array, the
 * embedded error estimate, checked on construction) with its continuous extension ({@link
 * org.odespark.ode.tableau.Interpolant}), and the built-in methods, each a constant in its own small file
 * with the paper it comes from: fixed-step {@code euler}, {@code midpoint}, {@code rk4}, {@code rk38};
 * adaptive {@code bosh3}, {@code dopri5} (default), {@code tsit5}, {@code dopri8}. Look them up by name with
 * {@link org.odespark.ode.tableau.RungeKuttaMethods}.
 *
 * <p>A leaf: imports nothing of odespark (not even {@code ode}, which uses it).
 */
package org.odespark.ode.tableau;
