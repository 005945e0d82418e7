package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.SolverSpec;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.testing.AllocationMeter;

/**
 * Chen et al.'s memory claim, as a test: one ODE-Net gradient by the adjoint needs the same memory whatever
 * the number of solver steps, while backpropagation through the solver keeps a tape that grows with them.
 * The number of steps is grown by lengthening the interval [0, T] (T = 1 and 16) at a fixed tolerance, with
 * the field's weights scaled so that the dynamics are not nearly constant. Memory is what a fresh objective
 * allocates during its first gradient (its workspaces, and for backprop the tape).
 */
class AdjointMemoryTest {

  private static final int ROWS = 32;

  private record Measurement(long nfe, long coldBytes, long tapeBytes) {}

  private static Measurement measure(GradientMethod method, double endTime, Batch batch) {
    OdeNetSpec spec = OdeNetSpec.defaults(20, 4).withWidth(8).withFieldHidden(16).withGradient(method)
        .withEndTime(endTime).withSolver(SolverSpec.adaptive("dopri5", 1e-6, 1e-6));
    warmUp(spec, batch);
    OdeNetClassifier o = spec.create();
    double[] theta = theta(o);
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    long bytes = AllocationMeter.allocatedBytes(() -> o.accumulate(theta, batch, 0, agg), 0, 1);
    return new Measurement(agg.nfeForward() + agg.nfeBackward(), bytes, o.recordedDoubles(ROWS) * 8);
  }

  /**
   * Runs gradients on another objective until one allocates (almost) nothing: until C2 has compiled the
   * solver and the layers, interpreted and C1 code allocates temporaries per step (the Vector API's
   * vectors, for one) that compiled code keeps in registers, and those would be counted as memory.
   */
  private static void warmUp(OdeNetSpec spec, Batch batch) {
    OdeNetClassifier o = spec.create();
    double[] theta = theta(o);
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    for (int i = 0; i < 500; i++) {
      if (AllocationMeter.allocatedBytes(() -> o.accumulate(theta, batch, 0, agg), 0, 1) < 4096) {
        return;
      }
    }
    Assumptions.abort("the JIT did not reach a steady state in 500 gradients; allocation cannot be measured");
  }

  /** Initial θ with the vector field's parameters scaled by 3. */
  private static double[] theta(OdeNetClassifier o) {
    double[] theta = new double[o.parameterCount()];
    o.initialize(theta, 1);
    for (var b : o.layout().blocks()) {
      if (b.name().startsWith("field.")) {
        for (int i = b.offset(); i < b.offset() + b.size(); i++) {
          theta[i] *= 3;
        }
      }
    }
    return theta;
  }

  @Test
  void adjointMemoryIsFlatInTheStepsAndBackpropGrowsWithThem() {
    Batch batch = Derivatives.randomBatch(new SplittableRandom(5), ROWS, 20, 4, 1.0);
    Measurement adjointShort = measure(GradientMethod.ADJOINT, 1, batch);
    Measurement adjointLong = measure(GradientMethod.ADJOINT, 16, batch);
    Measurement backpropShort = measure(GradientMethod.BACKPROP, 1, batch);
    Measurement backpropLong = measure(GradientMethod.BACKPROP, 16, batch);
    String all = "adjoint T=1 " + adjointShort + ", T=16 " + adjointLong + "; backprop T=1 " + backpropShort
        + ", T=16 " + backpropLong;
    assertTrue(adjointLong.nfe() >= 4 * adjointShort.nfe(), "T = 16 must take many more steps: " + all);
    // Flat: the same workspaces whatever the steps (about 0.2 MB here); 4 kB of slack for per-solve records.
    assertTrue(adjointLong.coldBytes() <= adjointShort.coldBytes() + 4096, "adjoint memory grew: " + all);
    assertTrue(adjointShort.tapeBytes() == 0 && adjointLong.tapeBytes() == 0, "the adjoint keeps no tape: " + all);
    // O(steps): the tape holds every stage of every step (its capacity doubles, so allow a factor 2).
    double stepRatio = (double) backpropLong.nfe() / backpropShort.nfe();
    double tapeRatio = (double) backpropLong.tapeBytes() / backpropShort.tapeBytes();
    assertTrue(tapeRatio >= stepRatio / 2, "backprop's tape should grow with the steps: " + all);
    assertTrue(backpropLong.coldBytes() > adjointLong.coldBytes(), "backprop at T = 16 should need more memory "
        + "than the adjoint: " + all);
  }
}
