/**
 * Ordinary differential equations {@code dy/dt = f(t, y)}: explicit Runge–Kutta methods as data ({@link
 * org.odespark.ode.ButcherTableau}, continuous extensions in {@link org.odespark.ode.Interpolant}), one
 * stepping engine, adaptive step control ({@link org.odespark.ode.PIController} with {@link
 * org.odespark.ode.Tolerances}), output on a {@link org.odespark.ode.TimeGrid} in either direction of time.
 *
 * <p>Entry point: {@link org.odespark.ode.OdeSolver}. Depends on nothing in odespark but {@code text}; in
 * particular not on {@code nn} (vector fields are any {@link org.odespark.ode.VectorField}).
 */
package org.odespark.ode;
