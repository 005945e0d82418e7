package org.odespark.ode;

/**
 * Scratch memory of a solve: stage derivatives, state buffers, the step controller's memory ({@link
 * StepController} objects are immutable; what they remember between steps is kept here) and the counters.
 * Sized on first use for a method and a dimension, so repeated solves of the same problem (one per training
 * iteration, one per output interval of the adjoint) allocate nothing. Buffers handed to a
 * {@link VectorField} have exactly its dimension: a different dimension reallocates them.
 *
 * <p>Not thread-safe: one workspace per thread.
 */
public final class SolverWorkspace {

  int n;
  double[] y = new double[0];
  double[] yNew = new double[0];
  double[] yStage = new double[0];
  double[] err = new double[0];
  double[] err2 = new double[0];
  /** Compensated summation: the step's increment h Σ bᵢkᵢ and the compensations of y and of y₁. */
  double[] increment = new double[0];
  double[] compensation = new double[0];
  double[] compensationNew = new double[0];
  boolean compensated;
  /** Newton iterations of implicit stages: their scratch, and the base B of the stage being solved. */
  NewtonStages newton;
  double[] stageBase = new double[0];

  /** Logical stages of the current method: s stages, the end derivative, extra dense-output stages. */
  double[][] k = new double[0][];
  double[] weights = new double[0];
  final ControllerMemory control = new ControllerMemory();

  // Counters of the solve in progress.
  long nfe;
  long accepted;
  long rejected;
  long jvps;

  // The accepted step in progress, for dense output.
  VectorField field;
  double stepStart;
  double stepEnd;
  double stepSize;
  boolean endDerivativeReady;
  boolean extraStagesReady;
  RungeKuttaEngine engine;
  final StepView view = new StepView();

  /** An empty workspace; it sizes itself on first use. */
  public SolverWorkspace() {}

  /** Makes room for {@code stages} logical stages of dimension {@code dim}. */
  void prepare(int stages, int dim) {
    if (y.length != dim) {
      y = new double[dim];
      yNew = new double[dim];
      yStage = new double[dim];
      err = new double[dim];
      err2 = new double[dim];
      k = new double[0][];
      increment = new double[0];
      stageBase = new double[dim];
      compensation = new double[0];
      compensationNew = new double[0];
    }
    if (k.length < stages) {
      double[][] grown = new double[stages][];
      System.arraycopy(k, 0, grown, 0, k.length);
      for (int i = k.length; i < stages; i++) {
        grown[i] = new double[y.length];
      }
      k = grown;
      weights = new double[stages];
    }
    n = dim;
    nfe = 0;
    accepted = 0;
    rejected = 0;
    jvps = 0;
  }

  /** Makes room for the compensated summation of y and zeroes its compensation. */
  void prepareCompensation() {
    if (compensation.length != n) {
      increment = new double[n];
      compensation = new double[n];
      compensationNew = new double[n];
    }
    java.util.Arrays.fill(compensation, 0.0);
  }

  SolveStats stats() {
    return new SolveStats(nfe, accepted, rejected, jvps);
  }

  /** The {@link DenseOutput} of the step being reported. */
  final class StepView implements DenseOutput {

    @Override
    public double startTime() {
      return stepStart;
    }

    @Override
    public double endTime() {
      return stepEnd;
    }

    @Override
    public int dimension() {
      return n;
    }

    @Override
    public void interpolate(double t, double[] out, int offset) {
      engine.interpolate(SolverWorkspace.this, (t - stepStart) / stepSize, out, offset);
    }

    @Override
    public void startState(double[] out, int offset) {
      System.arraycopy(y, 0, out, offset, n);
    }
  }
}
