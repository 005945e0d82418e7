package org.odespark.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.odespark.adjoint.GradientMethod;
import org.odespark.classify.OdeNetClassifier;
import org.odespark.classify.OdeNetSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;

/**
 * Memory of one ODE-Net gradient against its number of function evaluations, adjoint versus backprop (Chen et
 * al., NeurIPS 2018, §2: the adjoint's memory is O(1) in the number of steps, backpropagation through the
 * solver's operations O(steps)). The model is the Fashion-MNIST ODE-Net shape (784 → 64, field 64 → [64] →
 * 64 concat tanh, 10 classes) at its initial θ with the field's weights scaled by 3 (so the dynamics are not
 * nearly constant), on a batch of 128 random inputs. NFE is grown two ways: by lengthening the interval
 * [0, T] at rtol = atol = 1e-5, and by tightening the tolerance at T = 1.
 *
 * <p>For each setting, a fresh classifier computes one gradient; the bytes the thread allocates during that
 * cold call are the memory the computation needs (all its workspaces, and for backprop the tape with its
 * geometric growth); the tape itself is {@link OdeNetClassifier#recordedDoubles} × 8 bytes (its capacity, which
 * doubles when full); a second, warm
 * call shows the steady state. Run:
 * {@code java -cp core/target/benchmarks.jar org.odespark.bench.AdjointMemoryFigures} (docs/results/issue3.md).
 */
public final class AdjointMemoryFigures {

  private static final int ROWS = 128;

  private AdjointMemoryFigures() {}

  public static void main(String[] args) {
    System.out.println("# " + Blas.describe());
    Batch batch = randomBatch();
    // JIT warm-up, so that the first rows' times are not compilation.
    for (GradientMethod m : GradientMethod.values()) {
      OdeNetClassifier o = spec(m, 1, 1e-5).create();
      double[] theta = theta(o);
      GradientAggregator agg = new GradientAggregator(o.parameterCount());
      for (int i = 0; i < 20; i++) {
        o.accumulate(theta, batch, 0, agg);
      }
    }
    System.out.println("## growing the interval [0, T], rtol = atol = 1e-5");
    header("T");
    for (double t : new double[] {1, 2, 4, 8, 16, 32}) {
      for (GradientMethod m : GradientMethod.values()) {
        row(String.format(Locale.ROOT, "%g", t), spec(m, t, 1e-5), batch);
      }
    }
    System.out.println("## tightening the tolerance, T = 1");
    header("rtol = atol");
    for (double tol : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
      for (GradientMethod m : GradientMethod.values()) {
        row(String.format(Locale.ROOT, "%.0e", tol), spec(m, 1, tol), batch);
      }
    }
  }

  static OdeNetSpec spec(GradientMethod m, double endTime, double tol) {
    return OdeNetSpec.defaults(784, 10).withWidth(64).withFieldHidden(64).withGradient(m).withEndTime(endTime)
        .withSolver(SolverSpec.adaptive("dopri5", tol, tol));
  }

  /** Initial θ of the spec with the vector field's parameters scaled by 3. */
  static double[] theta(OdeNetClassifier o) {
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

  static Batch randomBatch() {
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[ROWS * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble();
    }
    int[] labels = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      labels[i] = r.nextInt(10);
    }
    return new Batch(ROWS, 784, x, labels, null);
  }

  private static void header(String what) {
    System.out.println("| " + what + " | gradient | NFE fwd | NFE bwd | tape MB | cold-call allocation MB | "
        + "warm-call allocation B | ms/gradient (median of 5) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
  }

  private static void row(String label, OdeNetSpec spec, Batch batch) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    OdeNetClassifier o = spec.create();
    double[] theta = theta(o);
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    long before = bean.getThreadAllocatedBytes(thread);
    o.accumulate(theta, batch, 0, agg);
    long cold = bean.getThreadAllocatedBytes(thread) - before;
    long tape = o.recordedDoubles(ROWS) * 8;
    before = bean.getThreadAllocatedBytes(thread);
    o.accumulate(theta, batch, 0, agg);
    long warm = bean.getThreadAllocatedBytes(thread) - before;
    double[] ms = new double[5];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      o.accumulate(theta, batch, 0, agg);
      ms[i] = (System.nanoTime() - start) * 1e-6;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %d | %.1f |%n", label, spec.gradient().method().label(),
        agg.nfeForward() / agg.solves(), agg.nfeBackward() / agg.solves(), tape / 1e6, cold / 1e6, warm, ms[2]);
  }
}
