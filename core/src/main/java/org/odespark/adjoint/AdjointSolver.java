package org.odespark.adjoint;

import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.TimeGrid;
import org.odespark.ode.VectorField;

/**
 * The adjoint sensitivity method (Pontryagin et al. 1962; Chen et al., "Neural Ordinary Differential
 * Equations", NeurIPS 2018, Algorithm 1). With a(t) = ∂L/∂z(t), the augmented state s = [z, a, a_θ, a_t] is
 * solved backward from t_N to t₀:
 * <pre>
 *   dz/dt = f(z, t, θ),   da/dt = −aᵀ ∂f/∂z,   da_θ/dt = −aᵀ ∂f/∂θ,   da_t/dt = −aᵀ ∂f/∂t,
 *   s(t_N) = [z(t_N), ∂L/∂z(t_N), 0, −∂L/∂t_N],   ∂L/∂tᵢ = ∂L/∂z(tᵢ)ᵀ f(z(tᵢ), tᵢ).
 * </pre>
 * z is reconstructed by integrating backward, interval by interval; at every output time tᵢ it is reset to
 * the forward value z(tᵢ) (as torchdiffeq does, so errors do not accumulate across intervals), the jump
 * ∂L/∂z(tᵢ) is added to a, and ∂L/∂tᵢ is subtracted from a_t. Then dL/dz(t₀) = a(t₀), dL/dθ = a_θ(t₀),
 * dL/dt₀ = a_t(t₀). Memory: the grid states and a fixed workspace, O(1) in the number of solver steps.
 *
 * <p>The backward solve has its own solver (method, tolerances, limits), defaulting to the forward one.
 * Step-size control covers all augmented components, as torchdiffeq does by default, or with
 * {@code seminorm} only [z, a]: the parameter integral a_θ (|θ| components that nothing depends on) then does
 * not shrink the steps (Kidger, Chen, Lyons, ICML 2021), usually saving backward evaluations at the same
 * accuracy of z and a. Immutable and thread-safe.
 */
public final class AdjointSolver implements GradientSolver {

  private final OdeSolver forwardSolver;
  private final OdeSolver backwardSolver;
  private final boolean seminorm;

  /** Forward and backward with the same solver settings, error control over the whole augmented state. */
  public AdjointSolver(OdeSolver solver) {
    this(solver, solver, false);
  }

  public AdjointSolver(OdeSolver forward, OdeSolver backward) {
    this(forward, backward, false);
  }

  /**
   * @param backward solver for the augmented backward solve; its tolerances must be scalar (the augmented
   *     state has 2n + |θ| + 1 components)
   * @param seminorm control the backward steps by [z, a] only
   */
  public AdjointSolver(OdeSolver forward, OdeSolver backward, boolean seminorm) {
    if (!backward.tolerances().isScalar()) {
      throw new IllegalArgumentException("the adjoint's backward solver needs scalar tolerances (the augmented"
          + " state [z, a, a_θ, a_t] has its own dimension); got " + backward.tolerances());
    }
    this.forwardSolver = forward;
    this.backwardSolver = backward;
    this.seminorm = seminorm;
  }

  public boolean seminorm() {
    return seminorm;
  }

  public OdeSolver forwardSolver() {
    return forwardSolver;
  }

  public OdeSolver backwardSolver() {
    return backwardSolver;
  }

  @Override
  public String name() {
    return "adjoint";
  }

  @Override
  public SolveStats forward(DifferentiableVectorField f, TimeGrid grid, double[] y0, double[] states,
                            GradientWorkspace ws) {
    return forwardSolver.solve(f, grid, y0, states, ws.solver, null);
  }

  @Override
  public SolveStats backward(DifferentiableVectorField f, TimeGrid grid, double[] states, double[] dLdY,
                             double[] y0Bar, double[] thetaBar, double[] timeBar, GradientWorkspace ws) {
    int n = f.dimension();
    int p = f.parameterCount();
    int off = f.parameterOffset();
    int last = grid.size() - 1;
    checkShapes(n, grid.size(), states, dLdY, y0Bar, thetaBar, off + p, timeBar);
    Augmented aug = new Augmented(f, ws);
    double[] s = ws.augmented;
    int aAt = n;
    int thetaAt = 2 * n;
    int timeAt = 2 * n + p;

    System.arraycopy(states, last * n, s, 0, n);
    System.arraycopy(dLdY, last * n, s, aAt, n);
    java.util.Arrays.fill(s, thetaAt, timeAt, 0.0);
    long extraEvaluations = 0;
    double dLdtLast = timeDerivative(f, grid.time(last), states, last, dLdY, ws);
    extraEvaluations++;
    s[timeAt] = -dLdtLast;
    if (timeBar != null) {
      timeBar[last] = dLdtLast;
    }
    OdeSolver solver = seminorm ? seminormSolver(n, ws) : backwardSolver;
    SolveStats stats = SolveStats.ZERO;
    for (int i = last; i >= 1; i--) {
      stats = stats.plus(solver.integrate(aug, grid.time(i), grid.time(i - 1), s, ws.solver, null));
      System.arraycopy(states, (i - 1) * n, s, 0, n);
      for (int m = 0; m < n; m++) {
        s[aAt + m] += dLdY[(i - 1) * n + m];
      }
      if (i - 1 >= 1) {
        double dLdt = timeDerivative(f, grid.time(i - 1), states, i - 1, dLdY, ws);
        extraEvaluations++;
        s[timeAt] -= dLdt;
        if (timeBar != null) {
          timeBar[i - 1] = dLdt;
        }
      }
    }
    System.arraycopy(s, aAt, y0Bar, 0, n);
    for (int j = 0; j < p; j++) {
      thetaBar[off + j] += s[thetaAt + j];
    }
    if (timeBar != null) {
      timeBar[0] = s[timeAt];
    }
    return new SolveStats(stats.functionEvaluations() + extraEvaluations, stats.acceptedSteps(),
        stats.rejectedSteps());
  }

  /** The backward solver with its norm restricted to [z, a] (2n components), built once per workspace. */
  private OdeSolver seminormSolver(int n, GradientWorkspace ws) {
    if (ws.seminormSolver == null || ws.seminormBase != backwardSolver || ws.seminormDimension != n) {
      ws.seminormSolver = backwardSolver.toBuilder().tolerances(backwardSolver.tolerances().controlling(2 * n))
          .build();
      ws.seminormBase = backwardSolver;
      ws.seminormDimension = n;
    }
    return ws.seminormSolver;
  }

  /** ∂L/∂tᵢ = ∂L/∂z(tᵢ)ᵀ f(z(tᵢ), tᵢ). */
  private static double timeDerivative(DifferentiableVectorField f, double t, double[] states, int i,
                                       double[] dLdY, GradientWorkspace ws) {
    int n = f.dimension();
    System.arraycopy(states, i * n, ws.z, 0, n);
    f.evaluate(t, ws.z, ws.f);
    double s = 0;
    for (int m = 0; m < n; m++) {
      s += dLdY[i * n + m] * ws.f[m];
    }
    return s;
  }

  static void checkShapes(int n, int times, double[] states, double[] dLdY, double[] y0Bar, double[] thetaBar,
                          int thetaNeeded, double[] timeBar) {
    if (states.length < times * n || dLdY.length < times * n) {
      throw new IllegalArgumentException("states and dLdY need " + times + " × " + n + " = " + times * n
          + " entries, got " + states.length + " and " + dLdY.length);
    }
    if (y0Bar.length < n) {
      throw new IllegalArgumentException("y0Bar needs " + n + " entries, got " + y0Bar.length);
    }
    if (thetaBar.length < thetaNeeded) {
      throw new IllegalArgumentException("thetaBar needs at least " + thetaNeeded + " entries, got "
          + thetaBar.length);
    }
    if (timeBar != null && timeBar.length < times) {
      throw new IllegalArgumentException("timeBar needs " + times + " entries, got " + timeBar.length);
    }
  }

  /**
   * The augmented backward dynamics d[z, a, a_θ, a_t]/dt = [f, −aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t]: one evaluation
   * of f's vector-Jacobian product per stage.
   */
  private static final class Augmented implements VectorField {
    private final DifferentiableVectorField f;
    private final GradientWorkspace ws;
    private final int n;
    private final int p;
    private final int off;

    Augmented(DifferentiableVectorField f, GradientWorkspace ws) {
      this.f = f;
      this.ws = ws;
      this.n = f.dimension();
      this.p = f.parameterCount();
      this.off = f.parameterOffset();
      // Arrays handed to vector fields have exactly their dimension.
      ws.augmented = GradientWorkspace.exactly(ws.augmented, dimension());
      ws.z = GradientWorkspace.exactly(ws.z, n);
      ws.a = GradientWorkspace.exactly(ws.a, n);
      ws.f = GradientWorkspace.exactly(ws.f, n);
      ws.yBar = GradientWorkspace.exactly(ws.yBar, n);
      ws.thetaScratch = GradientWorkspace.atLeast(ws.thetaScratch, off + p);
    }

    @Override
    public int dimension() {
      return 2 * n + p + 1;
    }

    @Override
    public void evaluate(double t, double[] s, double[] ds) {
      double[] z = ws.z;
      double[] a = ws.a;
      double[] th = ws.thetaScratch;
      System.arraycopy(s, 0, z, 0, n);
      System.arraycopy(s, n, a, 0, n);
      java.util.Arrays.fill(th, off, off + p, 0.0);
      double tBar = f.vjp(t, z, a, ws.f, ws.yBar, th);
      System.arraycopy(ws.f, 0, ds, 0, n);
      for (int m = 0; m < n; m++) {
        ds[n + m] = -ws.yBar[m];
      }
      for (int j = 0; j < p; j++) {
        ds[2 * n + j] = -th[off + j];
      }
      ds[2 * n + p] = -tBar;
    }
  }
}
