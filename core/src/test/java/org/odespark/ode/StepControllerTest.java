package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step-size rules of the controllers, step by step from their formulas, and the controllers on whole
 * solves: equal rules give equal step sequences, every controller meets its tolerance.
 */
class StepControllerTest {

  /** The factors are products of a few powers: exact to a few ulps. */
  private static final double EXACT = 1e-14;

  /** A workspace whose controller memory has been started for an estimate of order q = 4 (k = 5). */
  private static SolverWorkspace started(StepController c) {
    SolverWorkspace ws = new SolverWorkspace();
    VectorField decay = new VectorField() {
      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = -y[0];
      }
    };
    OdeSolver solver = OdeSolver.builder("dopri5").controller(c).firstStep(0.1).build();
    ws.prepare(8, 1);
    assertEquals(0.1, c.initialStep(solver, decay, 0, new double[] {1}, new double[] {-1}, 1, ws), 0.0);
    return ws;
  }

  @Test
  void torchdiffeqsIntegralRuleNeverShrinksAnAcceptedStep() {
    StepController c = IController.torchdiffeq();
    SolverWorkspace ws = started(c);
    assertEquals(1.0, c.next(1.0, 0.99, ws), 0.0, "0.9·0.99^(−1/5) < 1 is raised to 1");
    assertEquals(0.9 * Math.pow(0.01, -0.2), c.next(1.0, 0.01, ws), EXACT);
    assertEquals(10.0, c.next(1.0, 0.0, ws), 0.0);
    assertEquals(0.9 * Math.pow(2.0, -0.2), c.next(1.0, 2.0, ws), EXACT);
    assertEquals(0.2, c.next(1.0, 1e6, ws), 0.0);
    assertEquals(0.9 * Math.pow(1e-3, -0.2), c.next(1.0, 1e-3, ws), EXACT, "no hold after a rejection");
  }

  @Test
  void scipysIntegralRuleHoldsTheStepAfterARejection() {
    StepController c = IController.scipy();
    SolverWorkspace ws = started(c);
    assertEquals(0.9 * Math.pow(0.99, -0.2), c.next(1.0, 0.99, ws), EXACT, "accepted steps may shrink");
    assertEquals(0.9 * Math.pow(3.0, -0.2), c.next(1.0, 3.0, ws), EXACT);
    assertEquals(1.0, c.next(1.0, 1e-3, ws), 0.0, "the accepted step after a rejection may not grow");
    assertEquals(0.9 * Math.pow(1e-3, -0.2), c.next(1.0, 1e-3, ws), EXACT);
  }

  @Test
  void hairersPiRuleUsesThePreviousError() {
    PIController c = PIController.defaults();
    SolverWorkspace ws = started(c);
    double alpha = 0.2 - 0.75 * 0.04;
    // err_prev starts at 1e-4, then becomes the last accepted error.
    assertEquals(0.9 * Math.pow(0.5, -alpha) * Math.pow(1e-4, 0.04), c.next(1.0, 0.5, ws), EXACT);
    assertEquals(0.9 * Math.pow(0.2, -alpha) * Math.pow(0.5, 0.04), c.next(1.0, 0.2, ws), EXACT);
    assertEquals(0.9 * Math.pow(1.5, -0.2), c.next(1.0, 1.5, ws), EXACT, "rejection: elementary rule");
    assertEquals(1.0, c.next(1.0, 1e-3, ws), 0.0, "no growth right after a rejection");
  }

  @Test
  void pidRuleFiltersTheLastThreeErrors() {
    PIDController c = PIDController.of(0.3, 0.4, 0.1);
    SolverWorkspace ws = started(c);
    double b1 = (0.3 + 0.4 + 0.1) / 5;
    double b2 = -(0.3 + 0.2) / 5;
    double b3 = 0.1 / 5;
    // δ₀ = 1/0.5, history starts at δ = 1.
    assertEquals(Math.max(1, 0.9 * Math.pow(2.0, b1)), c.next(1.0, 0.5, ws), EXACT);
    assertEquals(0.9 * Math.pow(10.0, b1) * Math.pow(2.0, b2), c.next(1.0, 0.1, ws), EXACT);
    assertEquals(0.9 * Math.pow(40.0, b1) * Math.pow(10.0, b2) * Math.pow(2.0, b3), c.next(1.0, 0.025, ws), EXACT);
    assertEquals(0.9 * Math.pow(4.0, -0.2), c.next(1.0, 4.0, ws), EXACT, "rejection: elementary rule");
    // A rejection leaves the history alone.
    assertEquals(0.9 * Math.pow(40.0, b1) * Math.pow(40.0, b2) * Math.pow(10.0, b3), c.next(1.0, 0.025, ws),
        EXACT);
  }

  @Test
  void pidWithIntegralGainOneIsTorchdiffeqsController() {
    VectorField vdp = TestProblems.vanDerPol(1);
    List<double[]> a = steps(IController.torchdiffeq(), vdp);
    List<double[]> b = steps(PIDController.of(0, 1, 0), vdp);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), 0.0, "step " + i);
    }
  }

  private static List<double[]> steps(StepController c, VectorField f) {
    List<double[]> steps = new ArrayList<>();
    OdeSolver.builder("dopri5").controller(c).tolerances(1e-6, 1e-6).build()
        .solve(f, TimeGrid.of(0, 10), new double[] {2, 0}, new double[4], new SolverWorkspace(),
            s -> steps.add(new double[] {s.startTime(), s.endTime()}));
    return steps;
  }

  @Test
  void everyControllerMeetsTheToleranceOnAClosedFormProblem() {
    TestProblems.Problem p = TestProblems.linear();
    for (StepController c : List.of(PIController.defaults(), IController.torchdiffeq(), IController.scipy(),
        PIDController.of(0.4, 0.3, 0), PIDController.h312())) {
      for (double tol : new double[] {1e-4, 1e-8}) {
        Trajectory tr = OdeSolver.builder("dopri5").controller(c).tolerances(tol, tol).build()
            .solve(p, TimeGrid.linspace(p.t0, p.t1, 21), p.exactAt(p.t0));
        double err = TestProblems.scaledError(p, tr, tol, tol);
        // As AdaptiveSolverTest: within 40 tol on this short problem, and measured at all.
        assertTrue(err <= 40 && err > 0, c + " at " + tol + ": scaled error " + err);
      }
    }
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new IController(0, 0.2, 10, true, false));
    assertThrows(IllegalArgumentException.class, () -> new IController(0.9, 1.2, 10, true, false));
    assertThrows(IllegalArgumentException.class, () -> PIDController.of(0.1, 0, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PIDController.of(Double.NaN, 0.3, 0));
    assertTrue(e.getMessage().contains("p=NaN"), e.getMessage());
  }
}
