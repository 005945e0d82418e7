/**
 * The built-in explicit Runge–Kutta methods, each a {@link org.odespark.ode.ButcherTableau} constant in its
 * own small file with the paper it comes from: fixed-step {@code euler}, {@code midpoint}, {@code rk4},
 * {@code rk38}; adaptive {@code bosh3}, {@code dopri5} (default), {@code tsit5}, {@code dopri8}. Look them
 * up by name with {@link org.odespark.ode.tableau.RungeKuttaMethods}. Imports only {@code ode}.
 */
package org.odespark.ode.tableau;
