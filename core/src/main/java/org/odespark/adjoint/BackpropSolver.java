package org.odespark.adjoint;

import java.util.Arrays;
import org.odespark.ode.DenseOutput;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.StepObserver;
import org.odespark.ode.TimeGrid;
import org.odespark.ode.tableau.ButcherTableau;

/**
 * Discretize-then-optimize: reverse-mode differentiation through the Runge–Kutta steps the forward solve
 * took. The forward pass integrates interval by interval (so every grid time is a step boundary) and
 * records each accepted step's start time, size and start state: memory O(steps · n). The backward pass
 * walks the steps in reverse, recomputes each step's stages and propagates ȳ through
 * <pre>
 *   y₁ = y₀ + h Σᵢ bᵢ kᵢ,   kᵢ = f(t + cᵢh, Yᵢ),   Yᵢ = y₀ + h Σⱼ aᵢⱼ kⱼ
 *   k̄ᵢ = h bᵢ ȳ₁ + h Σₗ aₗᵢ Ȳₗ,   Ȳᵢ = k̄ᵢᵀ ∂f/∂y (Yᵢ),   ȳ₀ = ȳ₁ + Σᵢ Ȳᵢ,   θ̄ += Σᵢ k̄ᵢᵀ ∂f/∂θ (Yᵢ)
 * </pre>
 * The step sizes are treated as constants (the gradient of the discrete map actually computed). Time
 * cotangents use the exact identities ∂L/∂tᵢ = ∂L/∂y(tᵢ)ᵀ f(tᵢ, y(tᵢ)) for i ≥ 1 and
 * ∂L/∂t₀ = −a(t₀)ᵀ f(t₀, y₀) with a(t₀) the cotangent reaching t₀ through the steps. Used as the second
 * opinion on the adjoint and when memory is no concern. Immutable and thread-safe.
 */
public final class BackpropSolver implements GradientSolver {

  private final OdeSolver solver;
  private final ButcherTableau tableau;
  private final int stages;
  private final double[] c;
  private final double[] b;
  /** Whether stage i influences y₁ at all (FSAL's last stage does not). */
  private final boolean[] needed;

  public BackpropSolver(OdeSolver solver) {
    this.solver = solver;
    this.tableau = solver.method();
    this.stages = tableau.stages();
    this.c = tableau.c();
    this.b = tableau.b();
    this.needed = new boolean[stages];
    for (int i = stages - 1; i >= 0; i--) {
      needed[i] = b[i] != 0;
      for (int l = i + 1; l < stages && !needed[i]; l++) {
        needed[i] = needed[l] && tableau.a(l, i) != 0;
      }
    }
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
    int n = f.dimension();
    int intervals = grid.size() - 1;
    ws.steps = 0;
    if (ws.intervalEnd.length < intervals) {
      ws.intervalEnd = new int[intervals];
    }
    ws.z = GradientWorkspace.exactly(ws.z, n);
    double[] y = ws.z;
    System.arraycopy(y0, 0, y, 0, n);
    System.arraycopy(y0, 0, states, 0, n);
    Recorder recorder = new Recorder(ws, n);
    SolveStats stats = SolveStats.ZERO;
    for (int i = 1; i <= intervals; i++) {
      stats = stats.plus(solver.integrate(f, grid.time(i - 1), grid.time(i), y, ws.solver, recorder));
      ws.intervalEnd[i - 1] = ws.steps;
      System.arraycopy(y, 0, states, i * n, n);
    }
    return stats;
  }

  @Override
  public SolveStats backward(DifferentiableVectorField f, TimeGrid grid, double[] states, double[] dLdY,
                             double[] y0Bar, double[] thetaBar, double[] timeBar, GradientWorkspace ws) {
    int n = f.dimension();
    int last = grid.size() - 1;
    AdjointSolver.checkShapes(n, grid.size(), states, dLdY, y0Bar, thetaBar,
        f.parameterOffset() + f.parameterCount(), timeBar);
    prepareStages(ws, n);
    ws.cotangent = GradientWorkspace.exactly(ws.cotangent, n);
    ws.f = GradientWorkspace.exactly(ws.f, n);
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
        evaluations += stepVjp(f, k, bar, thetaBar, ws);
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
    return new SolveStats(evaluations, ws.steps, 0);
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

  /**
   * Replaces {@code bar} (ȳ at the end of step k) by ȳ at its start and adds the step's θ̄; returns the
   * evaluations spent (stage recomputation and vector-Jacobian products).
   */
  private int stepVjp(DifferentiableVectorField f, int k, double[] bar, double[] thetaBar, GradientWorkspace ws) {
    int n = f.dimension();
    double t = ws.stepStart[k];
    double h = ws.stepSize[k];
    double[][] in = ws.stageInputs;
    double[][] kk = ws.stageDerivatives;
    double[][] kBar = ws.stageBars;
    int evaluations = 0;
    // Recompute the stages of this step from its recorded start state.
    System.arraycopy(ws.stepState, k * n, in[0], 0, n);
    int lastNeeded = -1;
    for (int i = 0; i < stages; i++) {
      if (needed[i]) {
        lastNeeded = i;
      }
    }
    for (int i = 0; i <= lastNeeded; i++) {
      if (i > 0) {
        System.arraycopy(in[0], 0, in[i], 0, n);
        for (int j = 0; j < i; j++) {
          double coef = h * tableau.a(i, j);
          if (coef != 0) {
            for (int m = 0; m < n; m++) {
              in[i][m] += coef * kk[j][m];
            }
          }
        }
      }
      if (i < lastNeeded) {
        // The last needed stage's derivative value is not used by any later stage.
        f.evaluate(t + c[i] * h, in[i], kk[i]);
        evaluations++;
      }
    }
    for (int i = 0; i <= lastNeeded; i++) {
      double coef = h * b[i];
      for (int m = 0; m < n; m++) {
        kBar[i][m] = coef * bar[m];
      }
    }
    double[] stageBar = ws.f;
    for (int i = lastNeeded; i >= 0; i--) {
      if (!needed[i]) {
        continue;
      }
      f.vjp(t + c[i] * h, in[i], kBar[i], null, stageBar, thetaBar);
      evaluations++;
      for (int m = 0; m < n; m++) {
        bar[m] += stageBar[m];
      }
      for (int j = 0; j < i; j++) {
        double coef = h * tableau.a(i, j);
        if (coef != 0) {
          for (int m = 0; m < n; m++) {
            kBar[j][m] += coef * stageBar[m];
          }
        }
      }
    }
    return evaluations;
  }

  private void prepareStages(GradientWorkspace ws, int n) {
    if (ws.stageInputs.length < stages || ws.stageInputs[0].length != n) {
      ws.stageInputs = new double[stages][n];
      ws.stageDerivatives = new double[stages][n];
      ws.stageBars = new double[stages][n];
    }
  }

  /** Records every accepted step: start time, size, start state. Grows the tape geometrically. */
  private static final class Recorder implements StepObserver {
    private final GradientWorkspace ws;
    private final int n;

    Recorder(GradientWorkspace ws, int n) {
      this.ws = ws;
      this.n = n;
    }

    @Override
    public void onStep(DenseOutput step) {
      int k = ws.steps;
      if (k == ws.stepStart.length) {
        int grown = Math.max(16, 2 * k);
        ws.stepStart = Arrays.copyOf(ws.stepStart, grown);
        ws.stepSize = Arrays.copyOf(ws.stepSize, grown);
      }
      if ((long) (k + 1) * n > ws.stepState.length) {
        long grown = Math.max(16L * n, 2L * ws.stepState.length);
        if (grown > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("backprop tape exceeds " + Integer.MAX_VALUE + " doubles after " + k
              + " steps of dimension " + n + "; use the adjoint method for this problem");
        }
        ws.stepState = Arrays.copyOf(ws.stepState, (int) grown);
      }
      ws.stepStart[k] = step.startTime();
      ws.stepSize[k] = step.endTime() - step.startTime();
      step.startState(ws.stepState, k * n);
      ws.steps = k + 1;
    }
  }
}
