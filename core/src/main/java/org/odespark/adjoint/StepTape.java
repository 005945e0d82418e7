package org.odespark.adjoint;

import java.util.Arrays;
import org.odespark.ode.DenseOutput;
import org.odespark.ode.StepObserver;

/**
 * The record of a forward solve's accepted steps: every step's start time and size, and the start states
 * of every {@code stride}-th step. Backprop keeps every state (stride 1, unbounded); the checkpointed adjoint
 * keeps at most a given number: when they are full it drops every other one and doubles the stride, so the
 * states kept stay evenly spread however many steps the solve takes. Grows by doubling, reused across solves.
 * Not thread-safe.
 */
final class StepTape implements StepObserver {

  double[] start = new double[0];
  double[] size = new double[0];
  /** Start states of steps 0, stride, 2·stride, …, row-major. */
  double[] states = new double[0];
  int steps;
  int stride;
  private int n;
  private int kept;
  private int maxKept;

  /**
   * Starts a new record.
   *
   * @param maxStates most states kept (0: every step's)
   */
  void start(int dimension, int maxStates) {
    n = dimension;
    steps = 0;
    stride = 1;
    kept = 0;
    maxKept = maxStates;
  }

  /** Row of the kept state of step k (k a multiple of the stride). */
  int row(int k) {
    return k / stride;
  }

  @Override
  public void onStep(DenseOutput step) {
    int k = steps;
    if (k == start.length) {
      int grown = Math.max(16, 2 * k);
      start = Arrays.copyOf(start, grown);
      size = Arrays.copyOf(size, grown);
    }
    start[k] = step.startTime();
    size[k] = step.endTime() - step.startTime();
    if (k % stride == 0) {
      if (maxKept > 0 && kept == maxKept) {
        // Keep rows 0, 2, 4, …: the states of steps 0, 2·stride, 4·stride, ….
        for (int r = 2; r < kept; r += 2) {
          System.arraycopy(states, r * n, states, (r / 2) * n, n);
        }
        kept = (kept + 1) / 2;
        stride *= 2;
      }
      if (k % stride == 0) {
        if ((long) (kept + 1) * n > states.length) {
          long grown = Math.max(16L * n, 2L * states.length);
          if (maxKept > 0) {
            grown = Math.min(grown, (long) maxKept * n);
          }
          if (grown > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("backprop tape exceeds " + Integer.MAX_VALUE + " doubles after " + k
                + " steps of dimension " + n + "; use the adjoint or the checkpointed adjoint for this problem");
          }
          states = Arrays.copyOf(states, (int) grown);
        }
        step.startState(states, kept * n);
        kept++;
      }
    }
    steps = k + 1;
  }
}
