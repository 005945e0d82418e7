package org.odespark.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.odespark.adjoint.GradientMethod;
import org.odespark.classify.OdeNetSpec;
import org.odespark.data.FashionMnist;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;

/**
 * Chen et al.'s speed–accuracy trade-off (NeurIPS 2018, §3, Fig. 3) for a trained ODE-Net: the same θ
 * evaluated on the Fashion-MNIST test set with the forward solver's tolerance changed at test time, giving
 * test accuracy, forward evaluations (NFE) and seconds per batch at each tolerance; and on the first test
 * batches the gradient (forward + adjoint backward at the same tolerance) with its backward NFE, for the
 * reverse-versus-forward cost; first, the memory one gradient needs with the adjoint and with backprop at the
 * training tolerance. Arguments as for {@link FashionMnistClassifier} (the model arguments must be
 * those θ was trained with), plus {@code params}, {@code tolerances} and {@code gradient-batches}.
 *
 * <pre>
 *   java -cp … org.odespark.examples.SpeedAccuracyTradeoff width=64 hidden=64 params=/tmp/odenet.bin
 * </pre>
 */
public final class SpeedAccuracyTradeoff {

  private SpeedAccuracyTradeoff() {}

  public static void main(String[] args) throws IOException {
    ExampleArguments a = new ExampleArguments(args);
    if (!a.isOdeNet() || a.get("params").isEmpty()) {
      throw new IllegalArgumentException("the trade-off needs model=odenet and params=<file written by training>");
    }
    System.out.println("# " + Blas.describe());
    System.out.println("# arguments: " + a);
    Batch test = FashionMnistClassifier.firstRows(
        FashionMnist.load(Path.of(a.get("data")), FashionMnist.Split.TEST), a.integer("test-rows"));
    OdeNetSpec trained = a.odeNet(FashionMnist.PIXELS, FashionMnist.CLASS_NAMES.size());
    Path params = Path.of(a.get("params"));
    Snapshot file = SnapshotFormat.read(java.nio.file.Files.readAllBytes(params), params.toString());
    if (file.parameterCount() != trained.create().parameterCount()) {
      throw new IllegalArgumentException(params + " holds " + file.parameterCount() + " parameters but the model has "
          + trained.create().parameterCount() + "; it was trained with: " + file.config().strip());
    }
    double[] theta = file.theta();
    int batch = a.integer("batch");
    Batch[] chunks = chunks(test, batch);
    int gradientBatches = Math.min(a.integer("gradient-batches"), chunks.length);

    // JIT warm-up at the training tolerance, not reported.
    measure(trained.create(), theta, chunks, Math.min(10, chunks.length), false);
    for (GradientMethod m : GradientMethod.values()) {
      System.out.print("# " + m.label() + " at the training tolerance: ");
      FashionMnistClassifier.memoryProbe(trained.withGradient(m), theta, test, batch);
    }

    System.out.println("| rtol = atol | test accuracy | NFE fwd/batch | s/batch (eval, median) | NFE fwd/batch (grad) "
        + "| NFE bwd/batch | bwd/fwd | s/batch (grad, median) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (double tol : a.reals("tolerances")) {
      OdeNetSpec spec = trained.withSolver(a.solver(tol, tol));
      Result eval = measure(spec.create(), theta, chunks, chunks.length, false);
      Result grad = measure(spec.create(), theta, chunks, gradientBatches, true);
      System.out.printf(Locale.ROOT, "| %.0e | %.4f | %.1f | %.4f | %.1f | %.1f | %.2f | %.4f |%n", tol,
          eval.accuracy, eval.nfeForward, eval.medianSeconds, grad.nfeForward, grad.nfeBackward,
          grad.nfeBackward / grad.nfeForward, grad.medianSeconds);
      System.out.flush();
    }
  }

  private record Result(double accuracy, double nfeForward, double nfeBackward, double medianSeconds) {}

  private static Result measure(Objective o, double[] theta, Batch[] chunks, int count, boolean gradient) {
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    double[] seconds = new double[count];
    for (int c = 0; c < count; c++) {
      long start = System.nanoTime();
      if (gradient) {
        o.accumulate(theta, chunks[c], 0, agg);
      } else {
        o.evaluate(theta, chunks[c], 0, agg);
      }
      seconds[c] = (System.nanoTime() - start) * 1e-9;
    }
    Arrays.sort(seconds);
    double solves = Math.max(1, agg.solves());
    return new Result(agg.metric(GradientAggregator.Metric.CORRECT) / agg.weightSum(), agg.nfeForward() / solves,
        agg.nfeBackward() / solves, seconds[count / 2]);
  }

  private static Batch[] chunks(Batch data, int size) {
    int count = (data.rows() + size - 1) / size;
    Batch[] out = new Batch[count];
    for (int c = 0; c < count; c++) {
      int[] idx = new int[Math.min(size, data.rows() - c * size)];
      for (int j = 0; j < idx.length; j++) {
        idx[j] = c * size + j;
      }
      out[c] = data.gather(idx);
    }
    return out;
  }
}
