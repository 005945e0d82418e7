package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.ode.tableau.ButcherTableau;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * Convergence orders measured on problems with known solutions: global error of fixed-step runs as the
 * step halves, the local error of one step, the embedded error estimate, and the dense output.
 */
class ConvergenceOrderTest {

  /** Least-squares slopes over clean asymptotic windows land within this of the theoretical order. */
  private static final double SLOPE_TOLERANCE = 0.3;
  /**
   * Single-step windows are short (a ninth-order local error crosses from 1e-6 to round-off in two
   * halvings) and not fully asymptotic, so a single-step slope must lie in [k − 0.5, k + 1.3] for a
   * theoretical k: still above k − 1, the slope of a method one order lower, and below the next terms.
   */
  private static final double LOCAL_LOW = 0.5;
  private static final double LOCAL_HIGH = 1.3;
  /** Below this, round-off pollutes the errors; every measured error must stay above it. */
  private static final double ROUND_OFF_FLOOR = 1e-13;

  static Stream<Arguments> globalCases() {
    // method, problem, first number of steps, number of doublings. Windows chosen where each method is
    // asymptotic and above round-off (5 halvings; 4 for the fifth-order pairs, whose window is narrower).
    // dopri8's window in double precision is too narrow for a global test; its order is checked per step.
    return Stream.of(
        Arguments.of("euler", TestProblems.riccati(), 64, 5),
        Arguments.of("midpoint", TestProblems.riccati(), 32, 5),
        Arguments.of("rk4", TestProblems.kepler(0.5, 2 * Math.PI), 256, 5),
        Arguments.of("rk38", TestProblems.kepler(0.5, 2 * Math.PI), 256, 5),
        Arguments.of("bosh3", TestProblems.kepler(0.5, 2 * Math.PI), 256, 5),
        Arguments.of("dopri5", TestProblems.kepler(0.3, 2 * Math.PI), 64, 4),
        Arguments.of("tsit5", TestProblems.kepler(0.3, 2 * Math.PI), 64, 4));
  }

  @ParameterizedTest
  @MethodSource("globalCases")
  void globalErrorConvergesAtTheMethodsOrder(String method, TestProblems.Problem p, int n0, int doublings) {
    int order = RungeKuttaMethods.named(method).order();
    double[] h = new double[doublings + 1];
    double[] err = new double[doublings + 1];
    for (int k = 0; k <= doublings; k++) {
      int steps = n0 << k;
      OdeSolver s = OdeSolver.builder(method).controller(FixedSteps.ofCount(steps)).build();
      Trajectory tr = s.solve(p, TimeGrid.of(p.t0, p.t1), p.exactAt(p.t0));
      h[k] = (p.t1 - p.t0) / steps;
      err[k] = TestProblems.finalError(p, tr.finalState(), p.t1);
    }
    assertSlope(method + " global error on " + p, h, err, order - SLOPE_TOLERANCE, order + SLOPE_TOLERANCE);
  }

  static Stream<String> methods() {
    return RungeKuttaMethods.names().stream();
  }

  @ParameterizedTest
  @MethodSource("methods")
  void oneStepErrorAndDenseOutputHaveTheirOrders(String method) {
    ButcherTableau t = RungeKuttaMethods.named(method);
    // Windows per order so that the errors stay above round-off; the eighth-order method needs the
    // harder pericentre passage of a more eccentric orbit to have measurable errors at all.
    boolean eighth = t.order() >= 8;
    TestProblems.Problem p = TestProblems.kepler(eighth ? 0.5 : 0.3, 2 * Math.PI);
    double t0 = eighth ? 0.0 : 1.0;
    double h0 = eighth ? 0.2 : t.order() >= 5 ? 0.2 : 0.4;
    int doublings = eighth ? 2 : t.order() >= 5 ? 3 : 5;
    double[] h = new double[doublings + 1];
    double[] local = new double[doublings + 1];
    double[] dense = new double[doublings + 1];
    for (int k = 0; k <= doublings; k++) {
      h[k] = h0 / (1 << k);
      OdeSolver s = OdeSolver.builder(t).controller(FixedSteps.ofCount(1)).build();
      Trajectory tr = s.solve(p, TimeGrid.of(t0, t0 + 0.5 * h[k], t0 + h[k]), p.exactAt(t0));
      local[k] = TestProblems.finalError(p, tr.finalState(), t0 + h[k]);
      dense[k] = TestProblems.finalError(p, tr.state(1), t0 + 0.5 * h[k]);
    }
    int p1 = t.order() + 1;
    assertSlope(method + " one-step error", h, local, p1 - LOCAL_LOW, p1 + LOCAL_HIGH);
    int q1 = t.interpolant().order() + 1;
    assertSlope(method + " dense output at θ=1/2", h, dense, q1 - LOCAL_LOW, q1 + LOCAL_HIGH);
  }

  @ParameterizedTest
  @MethodSource("methods")
  void embeddedErrorEstimateHasItsOrder(String method) {
    ButcherTableau t = RungeKuttaMethods.named(method);
    if (!t.isAdaptive()) {
      return;
    }
    TestProblems.Problem p = TestProblems.kepler(0.3, 2 * Math.PI);
    double t0 = 1.0;
    RungeKuttaEngine engine = new RungeKuttaEngine(t);
    int doublings = t.order() >= 8 ? 4 : 5;
    double[] h = new double[doublings + 1];
    double[] primary = new double[doublings + 1];
    double[] secondary = new double[doublings + 1];
    double[] combined = new double[doublings + 1];
    SolverWorkspace ws = new SolverWorkspace();
    for (int k = 0; k <= doublings; k++) {
      h[k] = 0.4 / (1 << k);
      ws.prepare(engine.logicalStages(), p.dimension());
      System.arraycopy(p.exactAt(t0), 0, ws.y, 0, p.dimension());
      p.evaluate(t0, ws.y, ws.k[0]);
      // Implicit stages are solved to a Newton tolerance far below the estimates measured.
      engine.step(p, t0, h[k], ws, false, Tolerances.of(1e-13, 1e-13), 64);
      primary[k] = estimateNorm(t.errorWeights(), h[k], ws, p.dimension());
      if (t.secondaryErrorWeights() != null) {
        secondary[k] = estimateNorm(t.secondaryErrorWeights(), h[k], ws, p.dimension());
        // atol = 1, rtol negligible: the engine's combined (DOP853) ratio on unscaled errors.
        combined[k] = engine.errorRatio(Tolerances.of(1e-300, 1), h[k], ws);
      }
    }
    int[] orders = switch (method) {
      case "bosh3" -> new int[] {2};
      case "dopri5", "tsit5", "kvaerno5" -> new int[] {4};
      case "dopri8" -> new int[] {5, 3};
      default -> throw new AssertionError("no embedded order declared for " + method);
    };
    assertSlope(method + " primary error estimate", h, primary, orders[0] + 1 - SLOPE_TOLERANCE,
        orders[0] + 1 + SLOPE_TOLERANCE);
    if (orders.length > 1) {
      assertSlope(method + " secondary error estimate", h, secondary, orders[1] + 1 - SLOPE_TOLERANCE,
          orders[1] + 1 + SLOPE_TOLERANCE);
      // Hairer's combination ‖E₅‖²/‖E₃‖ behaves like h^(2·6−4) = h⁸, hence errorOrder = 7 for control.
      // It is a quotient of the two estimates checked above, so no round-off floor applies to it.
      double slope = TestProblems.slope(h, combined);
      assertTrue(Math.abs(slope - (t.errorOrder() + 1)) <= SLOPE_TOLERANCE,
          method + " combined error ratio: slope " + slope + ", expected " + (t.errorOrder() + 1) + "; ratios="
              + Arrays.toString(combined));
    }
  }

  private static double estimateNorm(double[] e, double h, SolverWorkspace ws, int n) {
    double sum = 0;
    for (int m = 0; m < n; m++) {
      double v = 0;
      for (int i = 0; i < e.length; i++) {
        v += h * e[i] * ws.k[i][m];
      }
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  private static void assertSlope(String what, double[] h, double[] err, double low, double high) {
    for (double e : err) {
      assertTrue(e > ROUND_OFF_FLOOR, what + ": error " + e + " is at round-off level; window too small. errors="
          + Arrays.toString(err));
    }
    double slope = TestProblems.slope(h, err);
    assertTrue(slope >= low && slope <= high, what + ": observed order (slope of log error vs log h) " + slope
        + ", expected within [" + low + ", " + high + "]; errors=" + Arrays.toString(err));
  }
}
