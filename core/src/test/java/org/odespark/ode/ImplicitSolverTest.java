package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * kvaerno5 (ESDIRK 5(4), Newton stages): accurate on non-stiff problems with closed forms, and on stiff ones
 * against scipy's Radau where dopri5 runs out of steps; the dense-LU, matrix-free GMRES, JVP and
 * finite-difference paths of the Newton iteration agree.
 */
class ImplicitSolverTest {

  @Test
  void endStatesOfClosedFormProblemsTrackTheTolerance() {
    for (TestProblems.Problem p : new TestProblems.Problem[] {TestProblems.linear(), TestProblems.gaussianGrowth(),
        TestProblems.logistic(), TestProblems.kepler(0.5, 2 * Math.PI)}) {
      for (double tol : new double[] {1e-4, 1e-7, 1e-10}) {
        double[] y = OdeSolver.builder("kvaerno5").tolerances(tol, tol).build()
            .solve(p, TimeGrid.of(p.t0, p.t1), p.exactAt(p.t0)).finalState();
        double err = StiffProblems.scaledError(y, p.exactAt(p.t1), tol, tol);
        // As for the explicit pairs (AdaptiveSolverTest): global error within 40 tol. On Kepler's eccentric orbit
        // the phase error accumulates and kvaerno5's stiffly accurate order-4 estimate underrates the local error
        // (measured 82 tol at 1e-4, 615 at 1e-10, against dopri5's 223 at worst): 1000 there.
        double bound = p.name.startsWith("kepler") ? 1000 : 40;
        assertTrue(err <= bound && err > 0, p + " at " + tol + ": scaled end error " + err);
      }
    }
  }

  @Test
  void robertsonIsSolvedInFewStepsWhereDopri5RunsOut() {
    double rtol = 1e-6;
    double atol = 1e-10;
    double[] y0 = {1, 0, 0};
    for (double tEnd : new double[] {40, 1e5}) {
      Trajectory tr = OdeSolver.builder("kvaerno5").tolerances(rtol, atol).build()
          .solve(StiffProblems.robertson(true), TimeGrid.of(0, tEnd), y0);
      double err = StiffProblems.scaledError(tr.finalState(), StiffProblems.reference("robertson", tEnd), rtol, atol);
      // A stiff solve's global error is a few tol (measured 2.6 and 6.1); 40 as for the non-stiff problems.
      assertTrue(err <= 40, "Robertson at " + tEnd + ": scaled error " + err + " " + tr.stats());
      assertTrue(tr.stats().acceptedSteps() < 400, "kvaerno5 took " + tr.stats());
    }
    // dopri5 is limited by stability to steps of ~1e-3 (|λ| up to 1e4): 40 time units need far more.
    SolverException e = assertThrows(SolverException.class, () -> OdeSolver.builder("dopri5").tolerances(rtol, atol)
        .maxSteps(5000).build().solve(StiffProblems.robertson(false), TimeGrid.of(0, 40), y0));
    assertEquals(SolveStatus.MAX_STEPS_EXCEEDED, e.status());
  }

  @Test
  void vanDerPolAtMu1000MatchesRadau() {
    double tol = 1e-6;
    Trajectory tr = OdeSolver.builder("kvaerno5").tolerances(tol, tol).build()
        .solve(StiffProblems.vanDerPol(1000, false), TimeGrid.of(0, 3000), new double[] {2, 0});
    double err = StiffProblems.scaledError(tr.finalState(), StiffProblems.reference("vanderpol1000", 3000.0), tol,
        tol);
    // Two relaxation jumps amplify the phase error: allowed 200 tol over two periods' worth.
    assertTrue(err <= 200, "Van der Pol: scaled error " + err + " " + tr.stats());
    assertTrue(tr.stats().acceptedSteps() < 3000, tr.stats().toString());
  }

  @Test
  void newtonPathsAgree() {
    double rtol = 1e-7;
    double atol = 1e-11;
    double[] y0 = {1, 0, 0};
    TimeGrid grid = TimeGrid.of(0, 40);
    double[] ref = StiffProblems.reference("robertson", 40.0);
    SolveStats jvp = null;
    for (boolean withJvp : new boolean[] {true, false}) {
      for (int denseLimit : new int[] {64, 0}) {
        Trajectory tr = OdeSolver.builder("kvaerno5").tolerances(rtol, atol).denseLimit(denseLimit).build()
            .solve(StiffProblems.robertson(withJvp), grid, y0);
        double err = StiffProblems.scaledError(tr.finalState(), ref, rtol, atol);
        String what = (withJvp ? "JVP" : "differences") + (denseLimit > 0 ? ", dense LU" : ", GMRES");
        assertTrue(err <= 40, what + ": scaled error " + err + " " + tr.stats());
        assertEquals(withJvp, tr.stats().jacobianProducts() > 0, what + ": " + tr.stats());
        if (withJvp && denseLimit > 0) {
          jvp = tr.stats();
        }
      }
    }
    // The dense path builds J from 3 JVPs per step attempt.
    assertEquals(3 * (jvp.acceptedSteps() + jvp.rejectedSteps()), jvp.jacobianProducts(), jvp.toString());
  }

  @Test
  void compensatedSummationIsRefusedForImplicitMethods() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OdeSolver.builder("kvaerno5").compensated(true).build());
    assertTrue(e.getMessage().contains("explicit"), e.getMessage());
  }
}
