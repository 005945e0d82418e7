package org.odespark.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.ode.FixedSteps;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolverWorkspace;
import org.odespark.ode.TimeGrid;
import org.odespark.testing.Close;
import org.odespark.testing.FiniteDifferences;
import org.odespark.testing.RandomVectors;

/**
 * dL/dy₀, dL/dθ and dL/dtᵢ three ways: the adjoint method, backpropagation through the solver, and central
 * finite differences of re-solved losses, on random small Neural ODEs with every layer type and activation,
 * forward and reversed time, a loss term at every output time (including t₀).
 */
class GradientCheckTest {

  /** The bar: agreement within 1e-6 relative at rtol = atol ≤ 1e-10. */
  private static final double AGREEMENT = 1e-6;
  private static final double TOL = 1e-11;
  /**
   * Backprop differentiates the discrete forward solve exactly, so an adaptive backprop gradient carries
   * the forward solution's error. With ELU an adaptive step crossing a kink of σ' loses order; measured at
   * tol 1e-11, adaptive backprop and the adjoint then differ by up to 1.2e-5 relative on small components
   * (the adjoint alone converges to the same value at every tolerance, and both exact checks above hold at
   * 1e-6 for ELU too). Between those two, ELU gets 1e-4.
   */
  private static final double ELU_ADAPTIVE_AGREEMENT = 1e-4;
  /**
   * The adaptive solves' tolerance for ELU: at 1e-11 the adjoint's error on the small components sits at the
   * 1e-6 bar (9.4e-7 relative to the differences, 1.02e-6 after a change of the layers' rounding order), set
   * by the steps across the kinks rather than by the layers' arithmetic; one decade tighter keeps it clear of
   * the bar, still within the rtol = atol ≤ 1e-10.
   */
  private static final double ELU_TOL = 1e-12;

  /**
   * Finite differences need a loss that is a smooth function of its inputs. An adaptive reference solve is
   * not: its step sequence changes with the perturbation, which leaves ~1e-13 of noise in L, amplified by
   * 1/h, and with ELU (σ' has kinks, so an adaptive solver loses order near them) far more. The reference is
   * therefore dopri8 with a fixed grid of steps fine enough that its discretization error is negligible;
   * central differences with h = 1e-5 then have truncation ~1e-10 and round-off ~1e-11.
   */
  private static final double FD_STEP = 1e-5;
  private static final int REFERENCE_STEPS = 400;
  private static final int ROWS = 3;
  private static final int DIM = 2;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Mlp.LayerType type : Mlp.LayerType.values()) {
      for (Activation act : Activation.values()) {
        cases.add(Arguments.of(type, act, false));
      }
      cases.add(Arguments.of(type, Activation.TANH, true));
      cases.add(Arguments.of(type, Activation.SOFTPLUS, true));
    }
    return cases.stream();
  }

  /** L = Σᵢ ⟨cᵢ, y(tᵢ)⟩ + ½‖y(t_N)‖². */
  private record Loss(double[] c) {
    double value(double[] states, int times) {
      int n = ROWS * DIM;
      double v = 0;
      for (int i = 0; i < times * n; i++) {
        v += c[i] * states[i];
      }
      for (int m = 0; m < n; m++) {
        double y = states[(times - 1) * n + m];
        v += 0.5 * y * y;
      }
      return v;
    }

    double[] gradient(double[] states, int times) {
      int n = ROWS * DIM;
      double[] g = c.clone();
      for (int m = 0; m < n; m++) {
        g[(times - 1) * n + m] += states[(times - 1) * n + m];
      }
      return g;
    }
  }

  private static final class Problem {
    final ParameterLayout layout;
    final Mlp mlp;
    final double[] theta;
    final double[] y0;
    final double[] times;
    final Loss loss;

    Problem(Mlp.LayerType type, Activation act, boolean backward) {
      ParameterLayout.Builder b = new ParameterLayout.Builder();
      // A parameter block before the field checks that the field's offset is honoured.
      b.add("unused", 1, 3);
      mlp = new Mlp(DIM, new int[] {6, 5}, DIM, type, act, b, "f");
      layout = b.build();
      theta = new double[layout.size()];
      SplittableRandom r = new SplittableRandom(type.ordinal() * 31L + act.ordinal());
      mlp.initialize(theta, r);
      y0 = RandomVectors.uniform(r, ROWS * DIM, 1);
      times = backward ? new double[] {1.0, 0.55, 0.2, -0.3} : new double[] {0.1, 0.45, 0.8, 1.2};
      loss = new Loss(RandomVectors.uniform(r, times.length * ROWS * DIM, 1));
    }

    /** L for the given parameters, initial state and grid: dopri8 on a fixed fine grid (a smooth map). */
    double lossAt(double[] th, double[] y, double[] ts) {
      NeuralVectorField f = new NeuralVectorField(mlp, th, ROWS);
      double[] states = new double[ts.length * ROWS * DIM];
      OdeSolver.builder("dopri8").controller(FixedSteps.ofCount(REFERENCE_STEPS)).build()
          .solve(f, TimeGrid.of(ts), y, states, new SolverWorkspace(), null);
      return loss.value(states, ts.length);
    }
  }

  private record Result(double[] y0Bar, double[] thetaBar, double[] timeBar) {}

  private static Result gradient(GradientSolver solver, Problem p) {
    NeuralVectorField f = new NeuralVectorField(p.mlp, p.theta, ROWS);
    TimeGrid grid = TimeGrid.of(p.times);
    int n = ROWS * DIM;
    double[] states = new double[p.times.length * n];
    GradientWorkspace ws = new GradientWorkspace();
    solver.forward(f, grid, p.y0, states, ws);
    double[] dLdY = p.loss.gradient(states, p.times.length);
    double[] y0Bar = new double[n];
    double[] thetaBar = new double[p.theta.length];
    double[] timeBar = new double[p.times.length];
    solver.backward(f, grid, states, dLdY, y0Bar, thetaBar, timeBar, ws);
    for (int i = 0; i < 3; i++) {
      assertTrue(thetaBar[i] == 0, "the field must not touch parameters outside its slice");
    }
    return new Result(y0Bar, thetaBar, timeBar);
  }

  /** Central differences of L in y₀, in θ outside the unused block (θ̄ 0 there) and in the output times. */
  private static Result finiteDifferences(Problem p) {
    double h = FD_STEP;
    double[] y0Bar = FiniteDifferences.gradient(y -> p.lossAt(p.theta, y, p.times), p.y0, h);
    double[] thetaBar =
        FiniteDifferences.gradient(th -> p.lossAt(th, p.y0, p.times), p.theta, h, 3, p.theta.length);
    double[] timeBar = FiniteDifferences.gradient(ts -> p.lossAt(p.theta, p.y0, ts), p.times, h);
    return new Result(y0Bar, thetaBar, timeBar);
  }

  @ParameterizedTest(name = "{0} {1} backward={2}")
  @MethodSource("cases")
  void adjointBackpropAndFiniteDifferencesAgree(Mlp.LayerType type, Activation act, boolean backwardInTime) {
    Problem p = new Problem(type, act, backwardInTime);
    double tol = act == Activation.ELU ? ELU_TOL : TOL;
    OdeSolver adaptive = OdeSolver.builder("dopri5").tolerances(tol, tol).build();
    OdeSolver reference = OdeSolver.builder("dopri8").controller(FixedSteps.ofCount(REFERENCE_STEPS)).build();
    Result adjoint = gradient(new AdjointSolver(adaptive), p);
    Result backprop = gradient(new BackpropSolver(adaptive), p);
    // Backprop through the reference's own fixed steps is the exact derivative of the map that the
    // finite differences sample: it must match them to the differences' own accuracy.
    Result backpropReference = gradient(new BackpropSolver(reference), p);
    Result fd = finiteDifferences(p);
    String what = type + "/" + act + (backwardInTime ? " reversed time" : "");
    compare(what + " adjoint vs finite differences", fd, adjoint, AGREEMENT);
    compare(what + " backprop (reference steps) vs finite differences", fd, backpropReference, AGREEMENT);
    compare(what + " adaptive backprop vs adjoint", adjoint, backprop,
        act == Activation.ELU ? ELU_ADAPTIVE_AGREEMENT : AGREEMENT);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(Mlp.LayerType.class)
  void seminormAdjointAgreesAndNeedsNoMoreBackwardEvaluations(Mlp.LayerType type) {
    Problem p = new Problem(type, Activation.TANH, false);
    OdeSolver adaptive = OdeSolver.builder("dopri5").tolerances(TOL, TOL).build();
    Result fd = finiteDifferences(p);
    Result semi = gradient(new AdjointSolver(adaptive, adaptive, true), p);
    compare(type + " seminorm adjoint vs finite differences", fd, semi, AGREEMENT);
    long full = backwardEvaluations(new AdjointSolver(adaptive), p);
    long reduced = backwardEvaluations(new AdjointSolver(adaptive, adaptive, true), p);
    assertTrue(reduced <= full, type + ": seminorm used " + reduced + " backward evaluations, full norm " + full);
  }

  /**
   * The checkpointed adjoint differentiates the same discrete solve as backprop, re-solving each segment from
   * its checkpoint: the gradients agree to round-off (the re-solved states differ from the recorded ones in
   * the last bits only; 1e-10 relative leaves room for that and fails on a wrong segment or a missed step),
   * whatever the number of checkpoints, while the states kept stay within C + 2S/C rows.
   */
  @ParameterizedTest(name = "{0} backward={1}")
  @MethodSource("checkpointCases")
  void checkpointedAdjointIsBackpropWithBoundedMemory(Mlp.LayerType type, boolean backwardInTime) {
    Problem p = new Problem(type, Activation.TANH, backwardInTime);
    OdeSolver adaptive = OdeSolver.builder("dopri5").tolerances(TOL, TOL).build();
    Result backprop = gradient(new BackpropSolver(adaptive), p);
    for (int checkpoints : new int[] {1, 3, 64}) {
      CheckpointAdjoint solver = new CheckpointAdjoint(adaptive, checkpoints);
      compare(type + " checkpoints=" + checkpoints + " vs backprop", backprop, gradient(solver, p), 1e-10);
      NeuralVectorField f = new NeuralVectorField(p.mlp, p.theta, ROWS);
      GradientWorkspace ws = new GradientWorkspace();
      double[] states = new double[p.times.length * ROWS * DIM];
      long steps = solver.forward(f, TimeGrid.of(p.times), p.y0, states, ws).acceptedSteps();
      solver.backward(f, TimeGrid.of(p.times), states, p.loss.gradient(states, p.times.length),
          new double[ROWS * DIM], new double[p.theta.length], null, ws);
      long rows = ws.recordedDoubles() / (ROWS * DIM);
      assertTrue(steps > 20, "the test needs many steps, got " + steps);
      assertTrue(rows <= checkpoints + 2 * steps / checkpoints + 2, checkpoints + " checkpoints over " + steps
          + " steps kept " + rows + " state rows");
    }
  }

  /**
   * The adjoint with an implicit method both ways: kvaerno5 forward (Newton with the MLP's JVP, dense LU) and
   * backward (the augmented field has no JVP: difference quotients, GMRES above 64 components) gives the
   * gradient of explicit backprop at a tight tolerance. kvaerno5 at 1e-9 with Newton at 3% of the tolerance
   * reaches about 1e-7 relative; 1e-5 fails on any wrong sign or stage.
   */
  @org.junit.jupiter.api.Test
  void adjointWithAnImplicitMethodBothWays() {
    Problem p = new Problem(Mlp.LayerType.CONCAT_SQUASH, Activation.TANH, false);
    OdeSolver implicit = OdeSolver.builder("kvaerno5").tolerances(1e-9, 1e-9).build();
    Result expected = gradient(new BackpropSolver(OdeSolver.builder("dopri5").tolerances(TOL, TOL).build()), p);
    compare("kvaerno5 adjoint vs backprop", expected, gradient(new AdjointSolver(implicit), p), 1e-5);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new BackpropSolver(implicit));
    assertTrue(e.getMessage().contains("AdjointSolver"), e.getMessage());
  }

  static Stream<Arguments> checkpointCases() {
    return Stream.of(Arguments.of(Mlp.LayerType.CONCAT_SQUASH, false), Arguments.of(Mlp.LayerType.CONCAT, true));
  }

  private static long backwardEvaluations(GradientSolver solver, Problem p) {
    NeuralVectorField f = new NeuralVectorField(p.mlp, p.theta, ROWS);
    TimeGrid grid = TimeGrid.of(p.times);
    double[] states = new double[p.times.length * ROWS * DIM];
    GradientWorkspace ws = new GradientWorkspace();
    solver.forward(f, grid, p.y0, states, ws);
    return solver.backward(f, grid, states, p.loss.gradient(states, p.times.length), new double[ROWS * DIM],
        new double[p.theta.length], null, ws).functionEvaluations();
  }

  private static void compare(String what, Result expected, Result actual, double tolerance) {
    Close.assertClose(what + ": dL/dy0", expected.y0Bar, actual.y0Bar, tolerance, 1e-3);
    Close.assertClose(what + ": dL/dθ", expected.thetaBar, actual.thetaBar, tolerance, 1e-3);
    Close.assertClose(what + ": dL/dt", expected.timeBar, actual.timeBar, tolerance, 1e-3);
  }
}
