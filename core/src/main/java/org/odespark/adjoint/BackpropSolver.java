package org.odespark.adjoint;

import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.TimeGrid;

/**
 * Discretize-then-optimize: reverse-mode differentiation through the Runge–Kutta steps the forward solve
 * took. The forward pass integrates interval by interval (so every grid time is a step boundary) and
 * records each accepted step's start time, size and start state: memory O(steps · n). The backward pass
 * walks the steps in reverse, recomputes each step's stages and propagates ȳ through them ({@link
 * StepReverse}); the step sizes are treated as constants (the gradient of the discrete map actually computed). Time
 * cotangents use the exact identities ∂L/∂tᵢ = ∂L/∂y(tᵢ)ᵀ f(tᵢ, y(tᵢ)) for i ≥ 1 and
 * ∂L/∂t₀ = −a(t₀)ᵀ f(t₀, y₀) with a(t₀) the cotangent reaching t₀ through the steps. Used as the second
 * opinion on the adjoint and when memory is no concern. Immutable and thread-safe.
 */
public final class BackpropSolver implements GradientSolver {

  private final OdeSolver solver;
  private final StepReverse reverse;

  public BackpropSolver(OdeSolver solver) {
    this.solver = solver;
    this.reverse = new StepReverse(solver.method());
  }

  public OdeSolver solver() {
    return solver;
  }

  @Override
  public String name() {
    return "backprop";
  }

  @Override
  public SolveStats forward(DifferentiableVectorField f, TimeGrid grid, double[] y0, double[] states,
                            GradientWorkspace ws) {
    return record(solver, f, grid, y0, states, ws, 0);
  }

  /**
   * The forward solve of backprop and the checkpointed adjoint: interval by interval (every grid time a step
   * boundary), every accepted step onto ws.tape, which keeps at most {@code maxStates} start states (0: all).
   */
  static SolveStats record(OdeSolver solver, DifferentiableVectorField f, TimeGrid grid, double[] y0,
                           double[] states, GradientWorkspace ws, int maxStates) {
    int n = f.dimension();
    int intervals = grid.size() - 1;
    if (ws.intervalEnd.length < intervals) {
      ws.intervalEnd = new int[intervals];
    }
    ws.z = GradientWorkspace.exactly(ws.z, n);
    double[] y = ws.z;
    System.arraycopy(y0, 0, y, 0, n);
    System.arraycopy(y0, 0, states, 0, n);
    ws.tape.start(n, maxStates);
    SolveStats stats = SolveStats.ZERO;
    for (int i = 1; i <= intervals; i++) {
      stats = stats.plus(solver.integrate(f, grid.time(i - 1), grid.time(i), y, ws.solver, ws.tape));
      ws.intervalEnd[i - 1] = ws.tape.steps;
      System.arraycopy(y, 0, states, i * n, n);
    }
    return stats;
  }

  @Override
  public SolveStats backward(DifferentiableVectorField f, TimeGrid grid, double[] states, double[] dLdY,
                             double[] y0Bar, double[] thetaBar, double[] timeBar, GradientWorkspace ws) {
    return reverseSteps(reverse, f, grid, states, dLdY, y0Bar, thetaBar, timeBar, ws, null);
  }

  /**
   * Source of the start state of recorded step k for {@link #reverseSteps}: backprop reads its tape, the
   * checkpointed adjoint re-solves the step's segment first.
   */
  interface StepStates {
    /** The array holding step k's start state, made ready; its offset is {@link #offset}. */
    double[] stateOf(int k);

    int offset(int k);

    /** Function evaluations spent re-solving so far. */
    long evaluations();
  }

  /**
   * The reverse pass through the recorded steps, interval by interval, shared by backprop and the checkpointed
   * adjoint. Time cotangents use the exact identities ∂L/∂tᵢ = ∂L/∂y(tᵢ)ᵀ f(tᵢ, y(tᵢ)) for i ≥ 1 and
   * ∂L/∂t₀ = −a(t₀)ᵀ f(t₀, y₀) with a(t₀) the cotangent reaching t₀ through the steps.
   *
   * @param source where step start states come from; null for backprop's tape
   */
  static SolveStats reverseSteps(StepReverse reverse, DifferentiableVectorField f, TimeGrid grid, double[] states,
                                 double[] dLdY, double[] y0Bar, double[] thetaBar, double[] timeBar,
                                 GradientWorkspace ws, StepStates source) {
    int n = f.dimension();
    int last = grid.size() - 1;
    AdjointSolver.checkShapes(n, grid.size(), states, dLdY, y0Bar, thetaBar,
        f.parameterOffset() + f.parameterCount(), timeBar);
    reverse.prepare(ws, n);
    ws.cotangent = GradientWorkspace.exactly(ws.cotangent, n);
    double[] bar = ws.cotangent;
    System.arraycopy(dLdY, last * n, bar, 0, n);
    long evaluations = 0;
    for (int i = last; i >= 1; i--) {
      if (timeBar != null) {
        timeBar[i] = dot(dLdY, i * n, f, grid.time(i), states, i * n, ws);
        evaluations++;
      }
      int first = i >= 2 ? ws.intervalEnd[i - 2] : 0;
      for (int k = ws.intervalEnd[i - 1] - 1; k >= first; k--) {
        double[] y0 = source == null ? ws.tape.states : source.stateOf(k);
        int offset = source == null ? k * n : source.offset(k);
        evaluations += reverse.vjp(f, ws.tape.start[k], ws.tape.size[k], y0, offset, bar, thetaBar, ws);
      }
      if (i - 1 == 0 && timeBar != null) {
        // ∂L/∂t₀ = −a(t₀)ᵀ f(t₀, y₀), before the direct dependence of L on y(t₀) is added.
        timeBar[0] = -dot(bar, 0, f, grid.time(0), states, 0, ws);
        evaluations++;
      }
      for (int m = 0; m < n; m++) {
        bar[m] += dLdY[(i - 1) * n + m];
      }
    }
    System.arraycopy(bar, 0, y0Bar, 0, n);
    return new SolveStats(evaluations + (source == null ? 0 : source.evaluations()), ws.tape.steps, 0);
  }

  /** wᵀ f(t, y) with w and y read at the given offsets. */
  private static double dot(double[] w, int wOff, DifferentiableVectorField f, double t, double[] states,
                            int yOff, GradientWorkspace ws) {
    int n = f.dimension();
    double[] y = ws.stageInputs[0];
    System.arraycopy(states, yOff, y, 0, n);
    f.evaluate(t, y, ws.f);
    double s = 0;
    for (int m = 0; m < n; m++) {
      s += w[wOff + m] * ws.f[m];
    }
    return s;
  }
}
