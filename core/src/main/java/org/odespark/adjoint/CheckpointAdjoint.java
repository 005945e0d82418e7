package org.odespark.adjoint;

import org.odespark.check.Checks;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.TimeGrid;

/**
 * Backpropagation through the solver's steps with checkpoints (Griewank, "Achieving logarithmic growth of
 * temporal and spatial complexity in reverse automatic differentiation", 1992; diffrax's
 * {@code RecursiveCheckpointAdjoint}, SciMLSensitivity's checkpointing): the forward pass records every
 * accepted step's time and size (two numbers per step) but the state only at C evenly spread checkpoints;
 * the backward pass walks the segments between checkpoints in reverse, re-solves each one forward from its
 * checkpoint with the recorded steps, and backpropagates through it exactly as {@link BackpropSolver} does.
 * The gradient is backprop's (the derivative of the discrete solve, to round-off), its memory is
 * (C + S/C)·n doubles for S steps instead of S·n, and its price is one more forward evaluation of every
 * step. When the checkpoints fill up, every other one is dropped and the spacing doubles, so C bounds the
 * memory whatever the number of steps (segments of up to 2S/C steps).
 *
 * <p>Against the adjoint ({@link AdjointSolver}): no backward solve of z, so no drift of the reconstructed
 * state on long or chaotic solves, at the cost of memory growing as √S when C is chosen near √S.
 * Immutable and thread-safe.
 */
public final class CheckpointAdjoint implements GradientSolver {

  /** Default number of checkpoints. */
  public static final int DEFAULT_CHECKPOINTS = 16;

  private final OdeSolver solver;
  private final StepReverse reverse;
  private final int checkpoints;

  public CheckpointAdjoint(OdeSolver solver) {
    this(solver, DEFAULT_CHECKPOINTS);
  }

  /**
   * @param checkpoints most states kept by the forward pass (≥ 1)
   */
  public CheckpointAdjoint(OdeSolver solver, int checkpoints) {
    Checks.atLeast("checkpoints", checkpoints, 1);
    this.solver = solver;
    this.reverse = new StepReverse(solver.method());
    this.checkpoints = checkpoints;
  }

  public OdeSolver solver() {
    return solver;
  }

  public int checkpoints() {
    return checkpoints;
  }

  @Override
  public String name() {
    return "checkpoint";
  }

  @Override
  public SolveStats forward(DifferentiableVectorField f, TimeGrid grid, double[] y0, double[] states,
                            GradientWorkspace ws) {
    ws.segmentFirst = -1;
    return BackpropSolver.record(solver, f, grid, y0, states, ws, checkpoints);
  }

  @Override
  public SolveStats backward(DifferentiableVectorField f, TimeGrid grid, double[] states, double[] dLdY,
                             double[] y0Bar, double[] thetaBar, double[] timeBar, GradientWorkspace ws) {
    int n = f.dimension();
    ws.segmentFirst = -1;
    int stride = ws.tape.stride;
    ws.segment = GradientWorkspace.atLeast(ws.segment, stride * n);
    Segments segments = new Segments(f, ws, n);
    return BackpropSolver.reverseSteps(reverse, f, grid, states, dLdY, y0Bar, thetaBar, timeBar, ws, segments);
  }

  /** Re-solves the segment holding a step from its checkpoint, keeping the segment's start states. */
  private final class Segments implements BackpropSolver.StepStates {
    private final DifferentiableVectorField f;
    private final GradientWorkspace ws;
    private final int n;
    private long evaluations;

    Segments(DifferentiableVectorField f, GradientWorkspace ws, int n) {
      this.f = f;
      this.ws = ws;
      this.n = n;
    }

    @Override
    public double[] stateOf(int k) {
      StepTape tape = ws.tape;
      int first = k - k % tape.stride;
      if (first != ws.segmentFirst) {
        int end = Math.min(first + tape.stride, tape.steps);
        System.arraycopy(tape.states, tape.row(first) * n, ws.segment, 0, n);
        for (int s = first; s < end - 1; s++) {
          int at = (s - first) * n;
          evaluations += reverse.advance(f, tape.start[s], tape.size[s], ws.segment, at, ws.segment, at + n, ws);
        }
        ws.segmentFirst = first;
      }
      return ws.segment;
    }

    @Override
    public int offset(int k) {
      return (k - ws.segmentFirst) * n;
    }

    @Override
    public long evaluations() {
      return evaluations;
    }
  }
}
