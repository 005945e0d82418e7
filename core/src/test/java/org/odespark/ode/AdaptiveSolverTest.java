package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.ode.tableau.ButcherTableau;
import org.odespark.ode.tableau.RungeKuttaMethods;

/** Adaptive solves against closed-form solutions, forward and backward, and the solver's bookkeeping. */
class AdaptiveSolverTest {

  /**
   * Global error bound on short, well-conditioned problems, in units of the tolerance: local error
   * control does not bound global error exactly. The fifth- and eighth-order pairs land within 13 tol;
   * bosh3 reaches 34 on the 6×6 linear system, as scipy 1.10's RK23 does (26–29 tol, same NFE within 5%).
   */
  private static final double SHORT_PROBLEM_MULTIPLE = 40;
  /** Over many periods the phase error accumulates: the bound grows with the number of periods. */
  private static final double MULTIPLE_PER_PERIOD = 20;

  private static final double[] TOLERANCES = {1e-3, 1e-6, 1e-9};

  /** The explicit adaptive methods: their dense output has nearly their order (kvaerno5: ImplicitSolverTest). */
  static List<String> explicitMethods() {
    return RungeKuttaMethods.adaptiveNames().stream().filter(m -> !RungeKuttaMethods.named(m).isImplicit()).toList();
  }

  static Stream<Arguments> accuracyCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String m : explicitMethods()) {
      for (double tol : TOLERANCES) {
        // backward=true integrates from t1 back to t0 starting from the exact y(t1).
        cases.add(Arguments.of(m, TestProblems.linear(), tol, false, SHORT_PROBLEM_MULTIPLE));
        cases.add(Arguments.of(m, TestProblems.linear(), tol, true, SHORT_PROBLEM_MULTIPLE));
        cases.add(Arguments.of(m, TestProblems.gaussianGrowth(), tol, false, SHORT_PROBLEM_MULTIPLE));
        cases.add(Arguments.of(m, TestProblems.gaussianGrowth(), tol, true, SHORT_PROBLEM_MULTIPLE));
        cases.add(Arguments.of(m, TestProblems.logistic(), tol, false, SHORT_PROBLEM_MULTIPLE));
        cases.add(Arguments.of(m, TestProblems.harmonic(1), tol, true, SHORT_PROBLEM_MULTIPLE));
        cases.add(Arguments.of(m, TestProblems.harmonic(20), tol, false, 20 * MULTIPLE_PER_PERIOD));
        cases.add(Arguments.of(m, TestProblems.harmonic(20), tol, true, 20 * MULTIPLE_PER_PERIOD));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} tol={2} backward={3}")
  @MethodSource("accuracyCases")
  void globalErrorStaysWithinAMultipleOfTheTolerance(String method, TestProblems.Problem p, double tol,
                                                       boolean backward, double multiple) {
    OdeSolver s = OdeSolver.builder(method).tolerances(tol, tol).build();
    double from = backward ? p.t1 : p.t0;
    double to = backward ? p.t0 : p.t1;
    Trajectory tr = s.solve(p, TimeGrid.linspace(from, to, 41), p.exactAt(from));
    double err = TestProblems.scaledError(p, tr, tol, tol);
    assertTrue(err <= multiple, method + " on " + p + (backward ? " backward" : "") + " at tol " + tol
        + ": scaled global error " + err + " exceeds " + multiple + " (NFE " + tr.stats().functionEvaluations() + ")");
    assertTrue(err > 0, "an exact result would mean the error is not measured");
  }

  @Test
  void functionEvaluationsDecreaseAsTheToleranceLoosens() {
    for (String m : RungeKuttaMethods.adaptiveNames()) {
      for (TestProblems.Problem p : List.of(TestProblems.linear(), TestProblems.gaussianGrowth(),
          TestProblems.harmonic(5), TestProblems.logistic())) {
        long previous = Long.MAX_VALUE;
        for (double tol : TOLERANCES) {
          Trajectory tr = OdeSolver.builder(m).tolerances(tol, tol).build()
              .solve(p, TimeGrid.of(p.t0, p.t1), p.exactAt(p.t0));
          long nfe = tr.stats().functionEvaluations();
          // TOLERANCES is ordered loose to tight, so NFE must increase along it.
          assertTrue(previous == Long.MAX_VALUE || nfe > previous,
              m + " on " + p + ": NFE " + nfe + " at tol " + tol + " not above " + previous + " at the looser tolerance");
          previous = nfe;
        }
      }
    }
  }

  @Test
  void stiffProblemStopsAtMaxStepsInsteadOfHanging() {
    TestProblems.Problem p = TestProblems.stiff();
    OdeSolver s = OdeSolver.builder("dopri5").tolerances(1e-6, 1e-6).maxSteps(2000).build();
    SolverException e = assertThrows(SolverException.class,
        () -> s.solve(p, TimeGrid.of(0, 1), new double[] {1}));
    assertEquals(SolveStatus.MAX_STEPS_EXCEEDED, e.status());
    assertTrue(e.getMessage().contains("maxSteps=2000"), e.getMessage());
    assertTrue(e.getMessage().contains("stiff"), e.getMessage());
    // Stability limits dopri5 to |h| ≈ 3.3/1e6, so 2000 steps reach only t ≈ 0.007.
    assertTrue(e.time() > 0 && e.time() < 0.05, "t at failure " + e.time());
    assertTrue(Math.abs(e.stepSize()) < 1e-4, "step size at failure " + e.stepSize());
    assertTrue(e.functionEvaluations() >= 6 * 2000, "NFE " + e.functionEvaluations());
  }

  @Test
  void outputGridDoesNotChangeTheStepSequence() {
    VectorField vdp = TestProblems.vanDerPol(1);
    double[] y0 = {2, 0};
    for (String m : RungeKuttaMethods.adaptiveNames()) {
      OdeSolver s = OdeSolver.builder(m).tolerances(1e-6, 1e-6).build();
      Trajectory coarse = s.solve(vdp, TimeGrid.of(0, 10), y0);
      Trajectory fine = s.solve(vdp, TimeGrid.linspace(0, 10, 1001), y0);
      assertArrayEquals(coarse.finalState(), fine.finalState(), 0.0, m + ": final state depends on the grid");
      assertEquals(coarse.stats().acceptedSteps(), fine.stats().acceptedSteps(), m);
      assertEquals(coarse.stats().rejectedSteps(), fine.stats().rejectedSteps(), m);
    }
  }

  @Test
  void fsalAndStageReuseShowInTheEvaluationCount() {
    VectorField vdp = TestProblems.vanDerPol(1);
    double[] y0 = {2, 0};
    for (String m : explicitMethods()) {
      ButcherTableau t = RungeKuttaMethods.named(m);
      SolveStats st = OdeSolver.builder(m).tolerances(1e-6, 1e-6).build()
          .solve(vdp, TimeGrid.of(0, 10), y0).stats();
      long attempts = st.acceptedSteps() + st.rejectedSteps();
      // f(t0, y0) and the initial-step probe, then s−1 new stages per attempt; non-FSAL methods also
      // evaluate f(t, y) at the start of every accepted step after the first.
      long expected = 2 + (t.stages() - 1) * attempts + (t.fsal() ? 0 : st.acceptedSteps() - 1);
      assertEquals(expected, st.functionEvaluations(), m + " " + st);
    }
  }

  @Test
  void denseOutputEvaluationsAreCountedAndComputedOncePerStep() {
    VectorField vdp = TestProblems.vanDerPol(1);
    double[] y0 = {2, 0};
    OdeSolver s = OdeSolver.builder("dopri8").tolerances(1e-6, 1e-6).build();
    SolveStats coarse = s.solve(vdp, TimeGrid.of(0, 10), y0).stats();
    SolveStats fine = s.solve(vdp, TimeGrid.linspace(0, 10, 2001), y0).stats();
    // Every step contains outputs: end derivative (reused as the next k₀) plus 3 extra stages, once each.
    long extra = fine.functionEvaluations() - coarse.functionEvaluations();
    assertEquals(3 * fine.acceptedSteps() + 1, extra, "dense-output evaluations " + fine + " vs " + coarse);
  }

  @Test
  void observerSeesContiguousStepsCoveringTheInterval() {
    List<double[]> steps = new ArrayList<>();
    StepObserver obs = step -> steps.add(new double[] {step.startTime(), step.endTime()});
    TestProblems.Problem p = TestProblems.linear();
    OdeSolver s = OdeSolver.builder("dopri5").tolerances(1e-6, 1e-6).build();
    double[] out = new double[2 * p.dimension()];
    SolveStats st = s.solve(p, TimeGrid.of(p.t1, p.t0), p.exactAt(p.t1), out, new SolverWorkspace(), obs);
    assertEquals(st.acceptedSteps(), steps.size());
    assertEquals(p.t1, steps.get(0)[0], 0.0);
    assertEquals(p.t0, steps.get(steps.size() - 1)[1], 0.0);
    for (int i = 1; i < steps.size(); i++) {
      assertEquals(steps.get(i - 1)[1], steps.get(i)[0], 0.0, "gap before step " + i);
      assertTrue(steps.get(i)[1] < steps.get(i)[0], "backward steps must decrease t");
    }
  }

  @Test
  void observerInterpolationMatchesGridOutput() {
    TestProblems.Problem p = TestProblems.harmonic(1);
    OdeSolver s = OdeSolver.builder("tsit5").tolerances(1e-8, 1e-8).build();
    double probe = 0.37;
    double[] fromObserver = new double[2];
    StepObserver obs = step -> {
      if ((step.startTime() - probe) * (step.endTime() - probe) <= 0) {
        step.interpolate(probe, fromObserver, 0);
      }
    };
    double[] out = new double[3 * 2];
    s.solve(p, TimeGrid.of(0, probe, 1), p.exactAt(0), out, new SolverWorkspace(), obs);
    assertEquals(out[2], fromObserver[0], 0.0);
    assertEquals(out[3], fromObserver[1], 0.0);
  }

  @Test
  void perComponentTolerancesControlEachComponent() {
    // Two uncoupled decays of very different scales: y = (1e6 e^{-t}, 1e-6 e^{-2t}).
    VectorField f = new VectorField() {
      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = -y[0];
        dydt[1] = -2 * y[1];
      }
    };
    double[] atol = {1e-3, 1e-15};
    double rtol = 1e-8;
    Trajectory tr = OdeSolver.builder("dopri5").tolerances(Tolerances.perComponent(new double[] {rtol}, atol))
        .build().solve(f, TimeGrid.linspace(0, 3, 7), new double[] {1e6, 1e-6});
    for (int i = 0; i < tr.size(); i++) {
      double t = tr.time(i);
      double e0 = Math.abs(tr.value(i, 0) - 1e6 * Math.exp(-t)) / (atol[0] + rtol * 1e6 * Math.exp(-t));
      double e1 = Math.abs(tr.value(i, 1) - 1e-6 * Math.exp(-2 * t)) / (atol[1] + rtol * 1e-6 * Math.exp(-2 * t));
      assertTrue(e0 <= SHORT_PROBLEM_MULTIPLE && e1 <= SHORT_PROBLEM_MULTIPLE, "t=" + t + ": " + e0 + ", " + e1);
    }
  }

  @Test
  void integrateInPlaceMatchesSolveAndRoundTrips() {
    TestProblems.Problem p = TestProblems.linear();
    OdeSolver s = OdeSolver.builder("dopri5").tolerances(1e-10, 1e-10).build();
    double[] y = p.exactAt(p.t0);
    SolverWorkspace ws = new SolverWorkspace();
    SolveStats forward = s.integrate(p, p.t0, p.t1, y, ws, null);
    assertArrayEquals(s.solve(p, TimeGrid.of(p.t0, p.t1), p.exactAt(p.t0)).finalState(), y, 0.0);
    s.integrate(p, p.t1, p.t0, y, ws, null);
    double[] y0 = p.exactAt(p.t0);
    for (int i = 0; i < y.length; i++) {
      // Each direction is accurate to ~1e-9 here; the round trip within 1e-8.
      assertEquals(y0[i], y[i], 1e-8, "component " + i + " after 0→5→0");
    }
    assertTrue(forward.acceptedSteps() > 10);
  }

  @Test
  void fixedStepsLandExactlyOnTheGridAndTheEnd() {
    List<Double> ends = new ArrayList<>();
    StepObserver obs = step -> ends.add(step.endTime());
    VectorField f = TestProblems.riccati();
    OdeSolver s = OdeSolver.builder("rk4").controller(FixedSteps.ofSize(0.3)).build();
    SolveStats st = s.solve(f, TimeGrid.of(0, 1), new double[] {0.5}, new double[2], new SolverWorkspace(), obs);
    // 0.3, 0.6, 0.9 and a shortened last step to 1.0; rk4 recomputes f at each step start.
    assertEquals(4, ends.size(), "steps ending at " + ends);
    assertEquals(1.0, ends.get(ends.size() - 1), 0.0);
    assertEquals(0.3, ends.get(0), 1e-15);
    assertEquals(4 * 4, st.functionEvaluations());
  }
}
