package org.odespark.ode;

/**
 * Chooses step sizes. Two kinds: {@link FixedSteps} (a uniform grid of steps, no error estimate) and
 * {@link PIController} (adaptive, from the embedded error estimate). The solver's stepping code is the same
 * for both (one {@link RungeKuttaEngine}); only this object differs.
 */
public sealed interface StepController permits FixedSteps, PIController {

  /** True when the controller needs the method's embedded error estimate. */
  boolean isAdaptive();
}
