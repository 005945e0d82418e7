package org.odespark.spark.config;

import java.io.Serializable;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.ode.tableau.ButcherTableau;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * {@code solver.*}: the forward and the adjoint (backward) ODE solves. Method names are those of
 * org.odespark.ode.tableau.RungeKuttaMethods. Immutable.
 *
 * @param method forward method
 * @param rtol forward relative tolerance, in (0, 1)
 * @param atol forward absolute tolerance, in (0, 1)
 * @param stepSize fixed-step methods: step as a fraction of the integration time, in (0, 1]
 * @param maxSteps step limit of one solve, ≥ 1
 * @param backwardMethod adjoint method
 * @param backwardRtol adjoint relative tolerance
 * @param backwardAtol adjoint absolute tolerance
 * @param backwardSeminorm whether the adjoint controls its error on state and adjoint only (Kidger et al. 2021)
 */
public record SolverConfig(String method, double rtol, double atol, double stepSize, long maxSteps,
                           String backwardMethod, double backwardRtol, double backwardAtol,
                           boolean backwardSeminorm) implements Serializable {

  /**
   * How every model's ODE blocks are solved and differentiated, the one mapping of {@code solver.*}: an
   * adaptive method (one with an error estimate) runs at its tolerances with {@code solver.max_steps}; a
   * fixed-step one takes round(1 / {@code solver.step_size}) equal steps over the block's interval. The
   * adjoint's backward solve uses {@code solver.backward.*} the same way; backprop ignores it.
   *
   * @param gradientKey the model's gradient key, for messages (e.g. {@code model.cnf.gradient})
   * @param gradient its value: adjoint, backprop or checkpoint
   * @throws IllegalArgumentException naming the key, its value and what is valid
   */
  public GradientSpec gradientSpec(String gradientKey, String gradient) {
    GradientMethod m;
    try {
      m = GradientMethod.named(gradient);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(gradientKey + " = " + gradient + ": " + e.getMessage(), e);
    }
    SolverSpec forward = solver("solver.method", method, rtol, atol);
    SolverSpec backward = solver("solver.backward.method", backwardMethod, backwardRtol, backwardAtol);
    if (m != GradientMethod.ADJOINT && RungeKuttaMethods.named(method).isImplicit()) {
      // Backprop and the checkpointed method reverse the solver's steps, written for explicit stages.
      throw new IllegalArgumentException(gradientKey + " = " + gradient + " with solver.method = " + method
          + ": differentiating the steps of an implicit method is not supported; set " + gradientKey
          + " = adjoint (it accepts implicit methods both ways) or an explicit solver.method");
    }
    return new GradientSpec(m, forward, backward, backwardSeminorm);
  }

  private SolverSpec solver(String key, String name, double relative, double absolute) {
    ButcherTableau t;
    try {
      t = RungeKuttaMethods.named(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " = " + name + ": " + e.getMessage(), e);
    }
    if (t.isAdaptive()) {
      return new SolverSpec(name, relative, absolute, 0, maxSteps);
    }
    if (!(stepSize > 0 && stepSize <= 1)) {
      throw new IllegalArgumentException("solver.step_size = " + stepSize + ": must be in (0, 1] for " + key + " = "
          + name);
    }
    long steps = Math.max(1, Math.round(1 / stepSize));
    if (steps > maxSteps) {
      throw new IllegalArgumentException("solver.step_size = " + stepSize + " gives " + steps + " steps of " + key
          + " = " + name + ", above solver.max_steps = " + maxSteps);
    }
    return new SolverSpec(name, relative, absolute, (int) steps, maxSteps);
  }
}
