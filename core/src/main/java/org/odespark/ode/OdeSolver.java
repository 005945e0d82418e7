package org.odespark.ode;

import org.odespark.ode.tableau.ButcherTableau;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * Solves initial value problems {@code dy/dt = f(t, y), y(t₀) = y₀} with an explicit Runge–Kutta method.
 *
 * <p>Four independent choices, combined here: the method ({@link ButcherTableau}, e.g. {@code dopri5}), the
 * step controller ({@link PIController} for embedded pairs, {@link FixedSteps} for a uniform grid), the
 * {@link Tolerances}, and the limits ({@code maxSteps}, {@code firstStep}, {@code minStep}, {@code
 * maxStep}). The output times are a {@link TimeGrid}, increasing or decreasing: integrating backward in
 * time is the same call with a decreasing grid.
 *
 * <pre>{@code
 * OdeSolver solver = OdeSolver.builder("dopri5").tolerances(1e-6, 1e-9).build();
 * Trajectory tr = solver.solve(field, TimeGrid.linspace(0, 10, 101), y0);
 * }</pre>
 *
 * <p>Immutable and thread-safe; each concurrent solve needs its own {@link SolverWorkspace}.
 */
public final class OdeSolver {

  /** Default for {@code maxSteps}: attempts (accepted plus rejected), as in Hairer's codes. */
  public static final long DEFAULT_MAX_STEPS = 100_000;

  private final RungeKuttaEngine engine;
  private final StepController controller;
  private final Tolerances tolerances;
  private final long maxSteps;
  private final double firstStep;
  private final double minStep;
  private final double maxStep;
  private final boolean compensated;
  private final int denseLimit;

  private OdeSolver(Builder b) {
    this.engine = new RungeKuttaEngine(b.method);
    this.controller = b.controller != null ? b.controller
        : b.method.isAdaptive() ? PIController.defaults() : null;
    if (controller == null) {
      throw new IllegalArgumentException("method " + b.method.name()
          + " has no error estimate: give a step size with controller(FixedSteps.ofSize(h)) or"
          + " FixedSteps.ofCount(n)");
    }
    if (controller.isAdaptive() && !b.method.isAdaptive()) {
      throw new IllegalArgumentException("method " + b.method.name()
          + " has no embedded error estimate and cannot adapt its step; use FixedSteps or one of "
          + RungeKuttaMethods.adaptiveNames());
    }
    this.tolerances = b.tolerances;
    this.maxSteps = b.maxSteps;
    this.firstStep = b.firstStep;
    this.minStep = b.minStep;
    this.maxStep = b.maxStep;
    this.compensated = b.compensated;
    this.denseLimit = b.denseLimit;
  }

  /** A builder for the named method (see {@link RungeKuttaMethods#names()}). */
  public static Builder builder(String method) {
    return new Builder(RungeKuttaMethods.named(method));
  }

  public static Builder builder(ButcherTableau method) {
    return new Builder(method);
  }

  /** A builder preloaded with this solver's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(engine.tableau());
    b.controller = controller;
    b.tolerances = tolerances;
    b.maxSteps = maxSteps;
    b.firstStep = firstStep;
    b.minStep = minStep;
    b.maxStep = maxStep;
    b.compensated = compensated;
    b.denseLimit = denseLimit;
    return b;
  }

  public ButcherTableau method() {
    return engine.tableau();
  }

  public StepController controller() {
    return controller;
  }

  public Tolerances tolerances() {
    return tolerances;
  }

  public long maxSteps() {
    return maxSteps;
  }

  /** Magnitude of the first step, or NaN for automatic selection. */
  public double firstStep() {
    return firstStep;
  }

  public double minStep() {
    return minStep;
  }

  public double maxStep() {
    return maxStep;
  }

  /** Whether y is carried across steps by compensated (Kahan) summation. */
  public boolean compensated() {
    return compensated;
  }

  /** Largest state dimension for which implicit methods factor a dense Jacobian (above: matrix-free GMRES). */
  public int denseLimit() {
    return denseLimit;
  }

  /** Solves on {@code grid} from {@code y0}; allocates the output and a workspace. */
  public Trajectory solve(VectorField f, TimeGrid grid, double[] y0) {
    int n = f.dimension();
    double[] out = new double[grid.size() * n];
    SolveStats stats = solve(f, grid, y0, out, new SolverWorkspace(), null);
    return new Trajectory(grid.toArray(), out, n, stats);
  }

  /**
   * Solves on {@code grid} from {@code y0}, writing the state at grid time i into
   * {@code out[i·n .. (i+1)·n)}. Allocates nothing once {@code workspace} has been used for this method
   * and dimension.
   *
   * @param y0 initial state at {@code grid.initial()}, length n = f.dimension(), not modified
   * @param out output, length ≥ grid.size()·n, overwritten
   * @param observer called after each accepted step, or null
   * @throws SolverException on step-size underflow, too many steps, or non-finite values
   */
  public SolveStats solve(VectorField f, TimeGrid grid, double[] y0, double[] out, SolverWorkspace workspace,
                          StepObserver observer) {
    int n = checkProblem(f, y0);
    if (out.length < grid.size() * n) {
      throw new IllegalArgumentException("output array has length " + out.length + " but " + grid.size()
          + " times × dimension " + n + " = " + grid.size() * n + " are needed");
    }
    workspace.prepare(engine.logicalStages(), n);
    return engine.run(this, f, grid.raw(), y0, out, null, workspace, observer);
  }

  /**
   * Integrates in place from t0 to t1 (either direction): {@code y} holds y(t0) on entry and y(t1) on
   * return. The building block of the adjoint's interval-by-interval backward solves.
   *
   * @param y state, length n, modified
   */
  public SolveStats integrate(VectorField f, double t0, double t1, double[] y, SolverWorkspace workspace,
                              StepObserver observer) {
    int n = checkProblem(f, y);
    if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
      throw new IllegalArgumentException("integration bounds must be finite, got t0=" + t0 + ", t1=" + t1);
    }
    if (t0 == t1) {
      return SolveStats.ZERO;
    }
    workspace.prepare(engine.logicalStages(), n);
    return engine.run(this, f, new double[] {t0, t1}, y, null, y, workspace, observer);
  }

  private int checkProblem(VectorField f, double[] y0) {
    int n = f.dimension();
    if (n < 1) {
      throw new IllegalArgumentException("vector field dimension must be >= 1, got " + n);
    }
    if (y0.length != n) {
      throw new IllegalArgumentException("initial state has length " + y0.length
          + " but the vector field has dimension " + n);
    }
    tolerances.checkDimension(n);
    return n;
  }

  @Override
  public String toString() {
    return "OdeSolver[" + engine.tableau().name() + ", " + controller + ", " + tolerances + "]";
  }

  /** Settings of an {@link OdeSolver}; every setter validates its argument. */
  public static final class Builder {
    private final ButcherTableau method;
    private StepController controller;
    private Tolerances tolerances = Tolerances.of(1e-6, 1e-9);
    private long maxSteps = DEFAULT_MAX_STEPS;
    private double firstStep = Double.NaN;
    private double minStep = 0;
    private double maxStep = Double.POSITIVE_INFINITY;
    private boolean compensated;
    private int denseLimit = 64;

    private Builder(ButcherTableau method) {
      if (method == null) {
        throw new IllegalArgumentException("method must not be null");
      }
      this.method = method;
    }

    public Builder controller(StepController c) {
      if (c == null) {
        throw new IllegalArgumentException("controller must not be null");
      }
      this.controller = c;
      return this;
    }

    /** Scalar tolerances (defaults rtol = 1e-6, atol = 1e-9). */
    public Builder tolerances(double rtol, double atol) {
      this.tolerances = Tolerances.of(rtol, atol);
      return this;
    }

    public Builder tolerances(Tolerances t) {
      if (t == null) {
        throw new IllegalArgumentException("tolerances must not be null");
      }
      this.tolerances = t;
      return this;
    }

    /** Maximum number of step attempts (accepted plus rejected) before {@link SolveStatus#MAX_STEPS_EXCEEDED}. */
    public Builder maxSteps(long m) {
      if (m < 1) {
        throw new IllegalArgumentException("maxSteps must be >= 1, got " + m);
      }
      this.maxSteps = m;
      return this;
    }

    /** Magnitude of the first step of an adaptive solve (default: Hairer's automatic selection). */
    public Builder firstStep(double h) {
      if (!(h > 0) || Double.isInfinite(h)) {
        throw new IllegalArgumentException("firstStep must be > 0 and finite, got " + h);
      }
      this.firstStep = h;
      return this;
    }

    /** Smallest step magnitude an adaptive solve may take before {@link SolveStatus#STEP_SIZE_UNDERFLOW}. */
    public Builder minStep(double h) {
      if (!(h >= 0) || Double.isInfinite(h)) {
        throw new IllegalArgumentException("minStep must be >= 0 and finite, got " + h);
      }
      this.minStep = h;
      return this;
    }

    /** Largest step magnitude of an adaptive solve. */
    public Builder maxStep(double h) {
      if (!(h > 0)) {
        throw new IllegalArgumentException("maxStep must be > 0, got " + h);
      }
      this.maxStep = h;
      return this;
    }

    /**
     * Carry y across steps by compensated (Kahan) summation, y_{n+1} = y_n + h Σ bᵢkᵢ with the rounding error
     * of every addition fed into the next: round-off then stops growing with the number of steps, which
     * matters when the state is large next to its increments over many steps (an orbit over a long time, a
     * log-density accumulator). One extra pass over y per step (see docs/benchmarks.md); off by default.
     */
    public Builder compensated(boolean c) {
      this.compensated = c;
      return this;
    }

    /**
     * Implicit methods (kvaerno5) solve their stages by Newton's method with a dense LU of I − hγJ for states
     * of at most n components (default 64) and matrix-free GMRES above; 0 always uses GMRES.
     */
    public Builder denseLimit(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("denseLimit must be >= 0, got " + n);
      }
      this.denseLimit = n;
      return this;
    }

    public OdeSolver build() {
      if (compensated && method.isImplicit()) {
        throw new IllegalArgumentException("compensated summation applies to explicit methods; " + method.name()
            + " solves its last stage for y1 directly");
      }
      if (minStep > maxStep) {
        throw new IllegalArgumentException("minStep (" + minStep + ") must not exceed maxStep (" + maxStep + ")");
      }
      if (!Double.isNaN(firstStep) && (firstStep < minStep || firstStep > maxStep)) {
        throw new IllegalArgumentException("firstStep (" + firstStep + ") must lie in [minStep, maxStep] = ["
            + minStep + ", " + maxStep + "]");
      }
      return new OdeSolver(this);
    }
  }
}
