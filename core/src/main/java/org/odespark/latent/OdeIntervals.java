package org.odespark.latent;

import java.util.Arrays;
import org.odespark.adjoint.DifferentiableVectorField;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.GradientSolver;
import org.odespark.adjoint.GradientWorkspace;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.SolverWorkspace;
import org.odespark.ode.TimeGrid;

/**
 * A recurrence's ODE pieces: y evolved from one time to the next, interval by interval, each interval kept
 * for its reverse pass. The adjoint keeps only the interval's end points (its backward solve reconstructs
 * the rest); backprop keeps one tape per interval, in a pool of workspaces that grows to the longest sweep.
 * Also the single solves on a whole grid ({@link #solve}, {@link #solveBackward}). Mutable, one thread.
 */
final class OdeIntervals {

  private final OdeSolver solver;
  private final GradientSolver gradientSolver;
  private final boolean adjoint;
  private final SolverWorkspace plain = new SolverWorkspace();
  private final GradientWorkspace adjointForward = new GradientWorkspace();
  private final GradientWorkspace adjointBackward = new GradientWorkspace();
  private GradientWorkspace[] tapes = new GradientWorkspace[0];
  /** The two-point grid of each recorded interval, reused while its end points stay the same. */
  private TimeGrid[] grids = new TimeGrid[0];
  private double[] ends = new double[0];
  private double[] from = new double[0];
  private double[] to = new double[0];
  private double[] states = new double[0];
  private double[] dLdY = new double[0];
  private double[] bar = new double[0];
  private long forwardEvaluations;
  private long backwardEvaluations;

  /**
   * The solvers of {@code spec}, as every model gets them ({@link GradientSpec#create}): the adjoint keeps one
   * workspace, backprop and the checkpointed method one tape per interval.
   */
  OdeIntervals(GradientSpec spec) {
    this.solver = spec.forwardSolver();
    this.adjoint = spec.method() == GradientMethod.ADJOINT;
    this.gradientSolver = spec.create();
  }

  /** Clears the counters (call before each batch). */
  void resetCounters() {
    forwardEvaluations = 0;
    backwardEvaluations = 0;
  }

  long forwardEvaluations() {
    return forwardEvaluations;
  }

  long backwardEvaluations() {
    return backwardEvaluations;
  }

  /**
   * Evolves {@code y} (length n = f.dimension()) in place from ta to tb; with {@code record}, keeps interval
   * {@code k} for {@link #backward}. ta = tb leaves y unchanged and records an empty interval.
   */
  void forward(int k, DifferentiableVectorField f, double ta, double tb, double[] y, boolean record) {
    int n = f.dimension();
    if (record) {
      ensureIntervals(k + 1, n);
      from[k] = ta;
      to[k] = tb;
    }
    if (ta == tb) {
      return;
    }
    if (!record) {
      forwardEvaluations += solver.integrate(f, ta, tb, y, plain, null).functionEvaluations();
      return;
    }
    states = exactly(states, 2 * n);
    SolveStats s = gradientSolver.forward(f, interval(k, ta, tb), y, states, adjoint ? adjointForward : tape(k));
    forwardEvaluations += s.functionEvaluations();
    System.arraycopy(states, n, y, 0, n);
    System.arraycopy(states, 0, ends, k * 2 * n, 2 * n);
  }

  /**
   * The reverse of recorded interval k: {@code yBar} holds ∂L/∂y(tb) on entry and ∂L/∂y(ta) on return;
   * θ̄ += the field's parameter cotangent. The field must be in the state it had during the forward pass
   * (same θ, same mask).
   */
  void backward(int k, DifferentiableVectorField f, double[] yBar, double[] thetaBar) {
    if (from[k] == to[k]) {
      return;
    }
    int n = f.dimension();
    states = exactly(states, 2 * n);
    dLdY = exactly(dLdY, 2 * n);
    bar = exactly(bar, n);
    System.arraycopy(ends, k * 2 * n, states, 0, 2 * n);
    Arrays.fill(dLdY, 0, n, 0.0);
    System.arraycopy(yBar, 0, dLdY, n, n);
    SolveStats s = gradientSolver.backward(f, grids[k], states, dLdY, bar, thetaBar, null,
        adjoint ? adjointBackward : tape(k));
    backwardEvaluations += s.functionEvaluations();
    System.arraycopy(bar, 0, yBar, 0, n);
  }

  /** Solves on {@code grid} from y0 into {@code out} (grid.size()·n); recorded for {@link #solveBackward}. */
  void solve(DifferentiableVectorField f, TimeGrid grid, double[] y0, double[] out, boolean record) {
    SolveStats s = record ? gradientSolver.forward(f, grid, y0, out, adjoint ? adjointForward : tape(0))
        : solver.solve(f, grid, y0, out, plain, null);
    forwardEvaluations += s.functionEvaluations();
  }

  /** The reverse of the last recorded {@link #solve}: y0Bar from ∂L/∂y(gᵢ), θ̄ accumulated. */
  void solveBackward(DifferentiableVectorField f, TimeGrid grid, double[] out, double[] dLdOut, double[] y0Bar,
                     double[] thetaBar) {
    SolveStats s = gradientSolver.backward(f, grid, out, dLdOut, y0Bar, thetaBar, null,
        adjoint ? adjointBackward : tape(0));
    backwardEvaluations += s.functionEvaluations();
  }

  /** The grid [ta, tb] of interval k: the one kept from an earlier sweep when its end points match. */
  private TimeGrid interval(int k, double ta, double tb) {
    if (k >= grids.length) {
      grids = Arrays.copyOf(grids, Math.max(k + 1, 2 * grids.length));
    }
    TimeGrid g = grids[k];
    if (g == null || g.initial() != ta || g.last() != tb) {
      g = TimeGrid.of(ta, tb);
      grids[k] = g;
    }
    return g;
  }

  private GradientWorkspace tape(int k) {
    if (k >= tapes.length) {
      int old = tapes.length;
      tapes = Arrays.copyOf(tapes, Math.max(k + 1, 2 * old));
      for (int i = old; i < tapes.length; i++) {
        tapes[i] = new GradientWorkspace();
      }
    }
    return tapes[k];
  }

  private void ensureIntervals(int count, int n) {
    if (from.length < count) {
      from = Arrays.copyOf(from, Math.max(count, 2 * from.length));
      to = Arrays.copyOf(to, from.length);
    }
    if (ends.length < (long) count * 2 * n) {
      ends = Arrays.copyOf(ends, (int) Math.max((long) count * 2 * n, 2L * ends.length));
    }
  }

  private static double[] exactly(double[] a, int n) {
    return a.length == n ? a : new double[n];
  }
}
