package org.odespark.ode;

/**
 * What a {@link StepController} remembers between the steps of one solve; one per {@link SolverWorkspace},
 * reset by the controller's {@code initialStep}. Each controller uses the fields it needs.
 */
final class ControllerMemory {

  /** Order q of the method's error estimate (the controllers' exponents use k = q + 1). */
  int errorOrder;
  /** Error ratio of the last accepted step. */
  double previousError;
  /** Error ratio of the accepted step before it. */
  double olderError;
  /** Whether the last trial step was rejected. */
  boolean rejectedLast;
  /** The fixed step magnitude of {@link FixedSteps}. */
  double fixedStep;

  void reset(int order, double initialError) {
    errorOrder = order;
    previousError = initialError;
    olderError = initialError;
    rejectedLast = false;
    fixedStep = Double.NaN;
  }
}
