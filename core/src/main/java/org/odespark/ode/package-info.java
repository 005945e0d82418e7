/**
 * Ordinary differential equations {@code dy/dt = f(t, y)}: one stepping engine for the methods of {@link
 * org.odespark.ode.tableau} (Runge–Kutta methods as data), step-size controllers as objects ({@link
 * org.odespark.ode.StepController}: {@link org.odespark.ode.PIController}, {@link
 * org.odespark.ode.FixedSteps}) with {@link org.odespark.ode.Tolerances}, output on a {@link
 * org.odespark.ode.TimeGrid} in either direction of time.
 *
 * <p>Entry point: {@link org.odespark.ode.OdeSolver}. Depends on nothing in odespark but its own
 * sub-package {@code ode.tableau} (which depends on nothing); in particular not on {@code nn} (vector fields
 * are any {@link org.odespark.ode.VectorField}).
 */
package org.odespark.ode;
