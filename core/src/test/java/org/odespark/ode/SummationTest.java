package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Round-off when the state is large next to its increments: y' = 1 from y(0) = 2⁴⁰ over 1000 steps of 0.02
 * (dopri5 with maxStep 0.02: about 1000 steps, each increment 82 ulps of y). The exact answers 2⁴⁰ + t are representable.
 */
class SummationTest {

  private static final double Y0 = 0x1p40;
  private static final double ULP = Math.ulp(Y0);

  private static final VectorField ONE = new VectorField() {
    @Override
    public int dimension() {
      return 1;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
      dydt[0] = 1;
    }
  };

  private static double[] solve(boolean compensated, double... times) {
    OdeSolver s = OdeSolver.builder("dopri5").maxStep(0.02).compensated(compensated).build();
    double[] out = new double[times.length];
    SolveStats st = s.solve(ONE, TimeGrid.of(times), new double[] {Y0}, out, new SolverWorkspace(), null);
    // The first steps grow from Hairer's initial guess to the cap: 1003 in all.
    assertTrue(st.acceptedSteps() >= 1000, "the test needs 1000 steps, took " + st.acceptedSteps());
    return out;
  }

  @Test
  void increasesAreSummedOnTheirOwnScale() {
    // Each step rounds y + 0.02 once: 0.08 ulp per step, 80 over 1000 steps (920 when the stage sums were
    // rounded at y's scale term by term).
    double err = Math.abs(solve(false, 0, 20)[1] - (Y0 + 20)) / ULP;
    assertTrue(err <= 90, "error " + err + " ulps");
  }

  @Test
  void compensatedSummationKeepsTheEndStateExact() {
    double[] y = solve(true, 0, 7.3, 20);
    assertEquals(Y0 + 20, y[2], 0.0, "end state, ulps off: " + (y[2] - Y0 - 20) / ULP);
    // Dense output inside a step carries the compensation too: 2⁴⁰ + 7.3 rounded once.
    assertEquals(Y0 + 7.3, y[1], ULP, "dense output");
  }
}
