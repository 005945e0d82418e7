package org.odespark.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.odespark.data.FashionMnist;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.linalg.Blas;
import org.odespark.nn.Activation;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.plot.ImageGrid;
import org.odespark.plot.TrainingCurves;
import org.odespark.random.SeedSequence;
import org.odespark.train.MinibatchSampler;

/**
 * A continuous normalizing flow on Fashion-MNIST images flattened to 784 dimensions, in one JVM: uniform
 * dequantization and the logit transform (α = 1e-6), Hutchinson's trace estimator with Rademacher probes,
 * one CNF block with a ConcatSquash MLP, dopri5, adjoint gradients, Adam. Reports the training loss and the
 * test bits/dim (on a fixed subset of the test split, see {@link Cnf} for the convention) and writes
 * {@code metrics.csv}, {@code test.csv}, {@code curves.png} and {@code samples.png}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp core/target/benchmarks.jar \
 *     org.odespark.bench.FashionMnistDensityBenchmark 1000 100 out/fmnist-density [hidden=512,512] [batch=100]
 * </pre>
 * The data come from Debian's {@code dataset-fashion-mnist} (or {@code dir=...}).
 */
public final class FashionMnistDensityBenchmark {

  private FashionMnistDensityBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: FashionMnistDensityBenchmark <iterations> <evalEvery> <outDir> [key=value ...]");
      System.exit(2);
    }
    int iterations = Integer.parseInt(args[0]);
    int evalEvery = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    int[] hidden = {512, 512};
    int batchSize = 100;
    int testSize = 1000;
    double lr = 1e-3;
    double tol = 1e-5;
    Path dir = FashionMnist.DEFAULT_DIRECTORY;
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      switch (kv[0]) {
        case "hidden" -> hidden = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "batch" -> batchSize = Integer.parseInt(kv[1]);
        case "test" -> testSize = Integer.parseInt(kv[1]);
        case "lr" -> lr = Double.parseDouble(kv[1]);
        case "tol" -> tol = Double.parseDouble(kv[1]);
        case "dir" -> dir = Path.of(kv[1]);
        default -> throw new IllegalArgumentException("unknown option " + kv[0]);
      }
    }
    Files.createDirectories(out);
    Batch train = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
    Batch testAll = FashionMnist.load(dir, FashionMnist.Split.TEST);
    Batch test = testAll.gather(range(testSize));
    int d = train.cols();
    CnfSpec spec = CnfSpec.builder(d).hidden(hidden).activation(Activation.SOFTPLUS)
        .trace(TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER)).time(1.0, true).tolerances(tol, tol)
        .images(1e-6).build();
    System.out.println(Blas.describe());
    System.out.println(spec + ", batch " + batchSize + ", Adam lr " + lr + ", train " + train.rows() + ", test "
        + test.rows());
    Cnf cnf = spec.create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 0);
    System.out.println(cnf.parameterCount() + " parameters");
    Adam adam = new Adam(theta.length, AdamOptions.defaults().withLearningRate(lr));
    MinibatchSampler sampler = new MinibatchSampler(0, 0, train.rows(), batchSize);
    int[] rows = new int[batchSize];
    Batch batch = Batch.allocateLike(train, batchSize);
    double[] grad = new double[theta.length];
    double[] loss = new double[iterations];
    double[] nfeF = new double[iterations];
    double[] nfeB = new double[iterations];
    double[] seconds = new double[iterations];
    int[] evalIts = new int[iterations / evalEvery + 1];
    double[] evalBpd = new double[evalIts.length];
    int evals = 0;
    SeedSequence seeds = SeedSequence.of(0);
    try (PrintWriter metrics = new PrintWriter(Files.newBufferedWriter(out.resolve("metrics.csv")));
         PrintWriter tests = new PrintWriter(Files.newBufferedWriter(out.resolve("test.csv")))) {
      metrics.println("iteration,loss_nats,bits_per_dim,nfe_forward,nfe_backward,seconds");
      tests.println("iteration,test_bits_per_dim");
      for (int it = 1; it <= iterations; it++) {
        sampler.draw(it - 1, rows);
        train.gather(rows, 0, batch);
        GradientAggregator agg = new GradientAggregator(theta.length);
        long start = System.nanoTime();
        cnf.accumulate(theta, batch, seeds.derive("noise", it), agg);
        agg.meanGradient(grad);
        adam.step(theta, grad);
        seconds[it - 1] = (System.nanoTime() - start) / 1e9;
        loss[it - 1] = cnf.bitsPerDim(agg.meanLoss());
        nfeF[it - 1] = agg.nfeForward();
        nfeB[it - 1] = agg.nfeBackward();
        metrics.printf(Locale.ROOT, "%d,%.6f,%.6f,%d,%d,%.4f%n", it, agg.meanLoss(), loss[it - 1], agg.nfeForward(),
            agg.nfeBackward(), seconds[it - 1]);
        metrics.flush();
        if (it % evalEvery == 0 || it == iterations) {
          GradientAggregator eval = new GradientAggregator(theta.length);
          for (int s = 0; s < test.rows(); s += 100) {
            cnf.evaluate(theta, test.gather(range(s, Math.min(test.rows(), s + 100))), seeds.derive("test", s), eval);
          }
          double bpd = cnf.bitsPerDim(eval.meanLoss());
          evalIts[evals] = it;
          evalBpd[evals++] = bpd;
          tests.printf(Locale.ROOT, "%d,%.6f%n", it, bpd);
          tests.flush();
          System.out.printf(Locale.ROOT, "it %5d  test %.4f bits/dim  train %.4f bits/dim  NFE %.0f/%.0f  %.2f s/iter"
                  + "  T=%.3f%n", it, bpd, loss[it - 1], nfeF[it - 1], nfeB[it - 1], seconds[it - 1],
              cnf.endTime(theta, 0));
        }
      }
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "SUMMARY fashion-mnist density: %d iterations, final test %.4f bits/dim, median "
            + "%.3f s/iter, mean NFE forward %.1f backward %.1f%n", iterations, evalBpd[evals - 1],
        sorted[sorted.length / 2], Arrays.stream(nfeF).average().orElse(0), Arrays.stream(nfeB).average().orElse(0));
    TrainingCurves.of(loss).withTestLoss(Arrays.copyOf(evalIts, evals), Arrays.copyOf(evalBpd, evals))
        .withNfe(nfeF, nfeB).withTitle("Fashion-MNIST CNF (odespark)").withLossLabel("bits/dim")
        .write(out.resolve("curves.png"));
    int n = 64;
    double[] samples = new double[n * d];
    cnf.sample(theta, n, 7, samples);
    ImageGrid.write(out.resolve("samples.png"), samples, n, 28, 28, 8, 3);
  }

  private static int[] range(int n) {
    return range(0, n);
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }
}
