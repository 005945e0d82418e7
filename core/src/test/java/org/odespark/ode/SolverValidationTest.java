package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid arguments fail fast with a message naming the problem; numerical failures say where and why. */
class SolverValidationTest {

  private static final VectorField DECAY = new VectorField() {
    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
      dydt[0] = -y[0];
      dydt[1] = -y[1];
    }
  };

  private static void assertRejected(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
  }

  @Test
  void tolerancesAreValidated() {
    assertRejected(() -> Tolerances.of(-1e-3, 1e-6), "rtol", "-0.001");
    assertRejected(() -> Tolerances.of(1e-3, Double.NaN), "atol", "NaN");
    assertRejected(() -> Tolerances.of(0, 0), "both be 0");
    assertRejected(() -> Tolerances.perComponent(new double[] {1e-3, 1e-3}, new double[] {1, 1, 1}), "2", "3");
    assertRejected(() -> Tolerances.perComponent(new double[] {1e-3}, new double[] {1e-6, -1}), "atol", "component 1");
    OdeSolver s = OdeSolver.builder("dopri5").tolerances(Tolerances.perComponent(new double[] {1e-3},
        new double[] {1, 1, 1})).build();
    assertRejected(() -> s.solve(DECAY, TimeGrid.of(0, 1), new double[] {1, 1}), "3 entries", "dimension 2");
  }

  @Test
  void seminormIgnoresUncontrolledComponentsButNotTheirNonFiniteValues() {
    Tolerances all = Tolerances.of(1e-6, 1e-6);
    Tolerances first = all.controlling(1);
    double[] e = {1e-6, 1.0};
    double[] y = {0, 0};
    // Norm over component 0 only: 1e-6 / 1e-6 = 1; over both it is dominated by component 1.
    assertEquals(1.0, first.ratio(e, y, y, 2), 1e-12);
    assertTrue(all.ratio(e, y, y, 2) > 1e5);
    assertTrue(Double.isNaN(first.ratio(new double[] {0, Double.NaN}, y, y, 2)));
    assertTrue(Double.isNaN(first.ratio(e, y, new double[] {0, Double.POSITIVE_INFINITY}, 2)));
    assertRejected(() -> all.controlling(0), "at least one component");
  }

  @Test
  void timeGridsAreValidated() {
    assertRejected(() -> TimeGrid.of(), "at least two");
    assertRejected(() -> TimeGrid.of(1.0), "at least two");
    assertRejected(() -> TimeGrid.of(0, 1, 0.5), "strictly increasing", "entry 2");
    assertRejected(() -> TimeGrid.of(1, 0, 0.5), "strictly decreasing", "entry 2");
    assertRejected(() -> TimeGrid.of(0, 0), "equal");
    assertRejected(() -> TimeGrid.of(0, Double.NaN), "not finite");
    assertEquals(-1.0, TimeGrid.linspace(3, 1, 5).direction());
  }

  @Test
  void problemShapesAreValidated() {
    OdeSolver s = OdeSolver.builder("dopri5").build();
    assertRejected(() -> s.solve(DECAY, TimeGrid.of(0, 1), new double[] {1}), "length 1", "dimension 2");
    assertRejected(() -> s.solve(DECAY, TimeGrid.of(0, 1, 2), new double[] {1, 1}, new double[5],
        new SolverWorkspace(), null), "length 5", "6");
  }

  @Test
  void methodAndControllerCombinationsAreValidated() {
    assertRejected(() -> OdeSolver.builder("rk5"), "unknown ODE method 'rk5'", "valid methods");
    assertRejected(() -> OdeSolver.builder("rk4").build(), "rk4", "FixedSteps");
    assertRejected(() -> OdeSolver.builder("euler").controller(PIController.defaults()).build(), "euler",
        "cannot adapt");
    assertRejected(() -> OdeSolver.builder("dopri5").maxSteps(0), "maxSteps");
    assertRejected(() -> OdeSolver.builder("dopri5").firstStep(-1), "firstStep");
    assertRejected(() -> OdeSolver.builder("dopri5").minStep(1).maxStep(0.5).build(), "minStep", "maxStep");
    assertRejected(() -> FixedSteps.ofSize(0), "step size");
    assertRejected(() -> FixedSteps.ofCount(0), "number of fixed steps");
    assertRejected(() -> new PIController(1.5, 0.2, 10, 0), "safety");
    assertRejected(() -> new PIController(0.9, 0.2, 0.5, 0), "maxFactor");
  }

  @Test
  void nonFiniteDerivativeNamesTheComponentAndTime() {
    VectorField poisoned = new VectorField() {
      @Override
      public int dimension() {
        return 5;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        for (int i = 0; i < 5; i++) {
          dydt[i] = -y[i];
        }
        if (t > 0.5) {
          dydt[3] = Math.sqrt(-1 - t);
        }
      }
    };
    for (String method : new String[] {"dopri5", "dopri8", "bosh3"}) {
      SolverException e = assertThrows(SolverException.class, () -> OdeSolver.builder(method).build()
          .solve(poisoned, TimeGrid.of(0, 1), new double[] {1, 1, 1, 1, 1}));
      assertEquals(SolveStatus.NON_FINITE_STATE, e.status(), method + ": " + e.getMessage());
      assertEquals(3, e.component(), e.getMessage());
      assertTrue(e.time() <= 0.5 && e.time() > 0.3, method + " failed at t=" + e.time());
      assertTrue(e.getMessage().contains("component 3") && e.getMessage().contains("NaN"), e.getMessage());
    }
    SolverException fixed = assertThrows(SolverException.class, () -> OdeSolver.builder("rk4")
        .controller(FixedSteps.ofCount(10)).build().solve(poisoned, TimeGrid.of(0, 1), new double[] {1, 1, 1, 1, 1}));
    assertEquals(SolveStatus.NON_FINITE_STATE, fixed.status());
    assertEquals(3, fixed.component());
    assertEquals(0.5, fixed.time(), 1e-12, "the step from t=0.5 is the first to evaluate f at t > 0.5");
  }

  @Test
  void nonFiniteInitialStateIsRejectedBeforeAnyStep() {
    SolverException e = assertThrows(SolverException.class, () -> OdeSolver.builder("dopri5").build()
        .solve(DECAY, TimeGrid.of(0, 1), new double[] {1, Double.POSITIVE_INFINITY}));
    assertEquals(SolveStatus.NON_FINITE_STATE, e.status());
    assertEquals(1, e.component());
    assertEquals(0, e.functionEvaluations());
    assertTrue(e.getMessage().contains("initial state"), e.getMessage());
  }

  @Test
  void finiteTimeBlowUpStopsNearTheSingularity() {
    // y' = y², y(0) = 1: y = 1/(1 − t) blows up at t = 1.
    VectorField blowUp = new VectorField() {
      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = y[0] * y[0];
      }
    };
    SolverException e = assertThrows(SolverException.class, () -> OdeSolver.builder("dopri5")
        .tolerances(1e-6, 1e-6).build().solve(blowUp, TimeGrid.of(0, 2), new double[] {1}));
    assertTrue(e.status() == SolveStatus.STEP_SIZE_UNDERFLOW || e.status() == SolveStatus.NON_FINITE_STATE,
        e.getMessage());
    assertEquals(1.0, e.time(), 1e-3, e.getMessage());
    SolverException min = assertThrows(SolverException.class, () -> OdeSolver.builder("dopri5")
        .tolerances(1e-6, 1e-6).minStep(1e-4).build().solve(blowUp, TimeGrid.of(0, 2), new double[] {1}));
    assertEquals(SolveStatus.STEP_SIZE_UNDERFLOW, min.status());
    assertTrue(min.getMessage().contains("minStep=1.0E-4"), min.getMessage());
    assertTrue(min.time() < 1 && min.time() > 0.9, min.getMessage());
  }
}
