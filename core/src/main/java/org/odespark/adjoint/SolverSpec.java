package org.odespark.adjoint;

import java.io.Serializable;
import org.odespark.check.Checks;
import org.odespark.ode.FixedSteps;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * The serializable description of an {@link OdeSolver}: a Runge–Kutta method by name, scalar tolerances, and
 * either adaptive steps ({@code fixedSteps = 0}, PI control on the method's embedded error estimate) or a
 * fixed number of equal steps over the interval. {@link OdeSolver} itself is not serializable, so specs
 * carry this and build the solver where it runs.
 *
 * @param method a name from {@link RungeKuttaMethods#names()}, e.g. {@code dopri5}
 * @param rtol relative tolerance, &gt; 0 and finite (ignored with fixed steps)
 * @param atol absolute tolerance, &gt; 0 and finite (ignored with fixed steps)
 * @param fixedSteps 0 for adaptive steps, else the number of equal steps (≥ 1)
 * @param maxSteps limit on step attempts per solve, ≥ 1 ({@link OdeSolver#DEFAULT_MAX_STEPS} by default)
 */
public record SolverSpec(String method, double rtol, double atol, int fixedSteps, long maxSteps)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public SolverSpec {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null; valid: " + RungeKuttaMethods.names());
    }
    Checks.positiveFinite("rtol", rtol);
    Checks.positiveFinite("atol", atol);
    if (fixedSteps < 0) {
      throw new IllegalArgumentException("fixedSteps must be >= 0 (0 = adaptive), got " + fixedSteps);
    }
    Checks.atLeast("maxSteps", maxSteps, 1);
    // Method name, adaptivity and limits are checked by the solver builder, once, here.
    build(method, rtol, atol, fixedSteps, maxSteps);
  }

  /** dopri5 at rtol = atol = 1e-5, adaptive: conf/reference.conf's {@code solver.*} (DefaultsAgreeTest). */
  public static SolverSpec defaults() {
    return adaptive(RungeKuttaMethods.DEFAULT, 1e-5, 1e-5);
  }

  /** Adaptive steps of {@code method} at the given tolerances. */
  public static SolverSpec adaptive(String method, double rtol, double atol) {
    return new SolverSpec(method, rtol, atol, 0, OdeSolver.DEFAULT_MAX_STEPS);
  }

  /** {@code steps} equal steps of {@code method} over the interval (no error control). */
  public static SolverSpec fixed(String method, int steps) {
    Checks.atLeast("fixed steps", steps, 1);
    return new SolverSpec(method, 1e-3, 1e-3, steps, OdeSolver.DEFAULT_MAX_STEPS);
  }

  public SolverSpec withTolerances(double r, double a) {
    return new SolverSpec(method, r, a, fixedSteps, maxSteps);
  }

  public SolverSpec withMaxSteps(long m) {
    return new SolverSpec(method, rtol, atol, fixedSteps, m);
  }

  public boolean isAdaptive() {
    return fixedSteps == 0;
  }

  /** The solver this describes. */
  public OdeSolver build() {
    return build(method, rtol, atol, fixedSteps, maxSteps);
  }

  private static OdeSolver build(String method, double rtol, double atol, int fixedSteps, long maxSteps) {
    OdeSolver.Builder b = OdeSolver.builder(method).tolerances(rtol, atol).maxSteps(maxSteps);
    if (fixedSteps > 0) {
      b.controller(FixedSteps.ofCount(fixedSteps));
    }
    return b.build();
  }

  /** The text form under {@code prefix}: prefix.method, .rtol, .atol, .fixed_steps, .max_steps. */
  public void putProperties(String prefix, java.util.Map<String, String> into) {
    into.put(prefix + ".method", method);
    into.put(prefix + ".rtol", Double.toString(rtol));
    into.put(prefix + ".atol", Double.toString(atol));
    into.put(prefix + ".fixed_steps", Integer.toString(fixedSteps));
    into.put(prefix + ".max_steps", Long.toString(maxSteps));
  }

  /**
   * The solver of a text form written by {@link #putProperties}.
   *
   * @throws IllegalArgumentException naming a missing key or an invalid value
   */
  public static SolverSpec fromProperties(String prefix, java.util.Map<String, String> p) {
    return new SolverSpec(GradientSpec.property(p, prefix + ".method"),
        Double.parseDouble(GradientSpec.property(p, prefix + ".rtol")),
        Double.parseDouble(GradientSpec.property(p, prefix + ".atol")),
        Integer.parseInt(GradientSpec.property(p, prefix + ".fixed_steps")),
        Long.parseLong(GradientSpec.property(p, prefix + ".max_steps")));
  }

  @Override
  public String toString() {
    return method + (isAdaptive() ? " rtol=" + rtol + " atol=" + atol : " " + fixedSteps + " fixed steps");
  }
}
