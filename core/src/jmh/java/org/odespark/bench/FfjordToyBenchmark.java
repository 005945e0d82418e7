package org.odespark.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.odespark.data.ToyDistributions;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.plot.DensityFigure;
import org.odespark.plot.PlotRange;
import org.odespark.plot.TrainingCurves;
import org.odespark.random.SeedSequence;

/**
 * FFJORD's toy experiment in one JVM, with FFJORD's settings (train_toy.py defaults; see
 * {@link CnfSpec#ffjordToy}): a fresh batch of 100 samples (option batch=N) every iteration, Adam with lr
 * 1e-3 and weight decay 1e-5, test NLL (nats) on 1000 fresh samples every {@code evalEvery} iterations. Writes
 * {@code metrics.csv} (one row per iteration: loss, NFE forward/backward, seconds), {@code test.csv},
 * {@code density.png} and {@code curves.png} into the output directory and prints a summary with the median
 * seconds per iteration and per function evaluation.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/benchmarks.jar org.odespark.bench.FfjordToyBenchmark \
 *     8gaussians 10000 250 out/ffjord-8gaussians [extra options: trace=hutchinson, gradient=backprop, kinetic=0.01]
 * </pre>
 */
public final class FfjordToyBenchmark {

  private FfjordToyBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: FfjordToyBenchmark <dataset> <iterations> <evalEvery> <outDir> [key=value ...]");
      System.exit(2);
    }
    String dataset = ToyDistributions.checkName(args[0]);
    int iterations = Integer.parseInt(args[1]);
    int evalEvery = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    CnfSpec.Builder builder = CnfSpec.builder(2);
    double kinetic = 0;
    double jacobian = 0;
    long seed = 0;
    int testRows = 1000;
    int batchRows = 100;
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      switch (kv[0]) {
        case "trace" -> builder.trace(org.odespark.flow.TraceEstimator.named(kv[1]));
        case "gradient" -> builder.gradient(org.odespark.adjoint.GradientMethod.named(kv[1]));
        case "kinetic" -> kinetic = Double.parseDouble(kv[1]);
        case "jacobian" -> jacobian = Double.parseDouble(kv[1]);
        case "tol" -> builder.tolerances(Double.parseDouble(kv[1]), Double.parseDouble(kv[1]));
        case "seminorm" -> builder.seminorm(Boolean.parseBoolean(kv[1]));
        case "seed" -> seed = Long.parseLong(kv[1]);
        case "trainT" -> builder.time(0.5, Boolean.parseBoolean(kv[1]));
        case "test" -> testRows = Integer.parseInt(kv[1]);
        case "batch" -> batchRows = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown option " + kv[0]);
      }
    }
    CnfSpec spec = builder.regularization(kinetic, jacobian).build();
    Files.createDirectories(out);
    System.out.println(Blas.describe());
    System.out.println(spec);

    Cnf cnf = spec.create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, seed);
    Adam adam = new Adam(theta.length, AdamOptions.defaults().withLearningRate(1e-3).withWeightDecay(1e-5));
    SeedSequence seeds = SeedSequence.of(seed);
    Batch test = ToyDistributions.batch(dataset, testRows, seeds.random("test"));
    double[] grad = new double[theta.length];
    double[] loss = new double[iterations];
    double[] nfeF = new double[iterations];
    double[] nfeB = new double[iterations];
    double[] seconds = new double[iterations];
    double[] cpuSeconds = new double[iterations];
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    List<int[]> testIterations = new ArrayList<>();
    List<Double> testLoss = new ArrayList<>();
    try (PrintWriter metrics = new PrintWriter(Files.newBufferedWriter(out.resolve("metrics.csv")));
         PrintWriter tests = new PrintWriter(Files.newBufferedWriter(out.resolve("test.csv")))) {
      metrics.println("iteration,loss,nfe_forward,nfe_backward,seconds,cpu_seconds,end_time");
      tests.println("iteration,test_nll");
      for (int it = 1; it <= iterations; it++) {
        Batch batch = ToyDistributions.batch(dataset, batchRows, seeds.random("train", it));
        GradientAggregator agg = new GradientAggregator(theta.length);
        long start = System.nanoTime();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        cnf.accumulate(theta, batch, seeds.derive("probe", it), agg);
        agg.meanGradient(grad);
        adam.step(theta, grad);
        double s = (System.nanoTime() - start) / 1e9;
        cpuSeconds[it - 1] = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        loss[it - 1] = agg.meanLoss();
        nfeF[it - 1] = agg.nfeForward();
        nfeB[it - 1] = agg.nfeBackward();
        seconds[it - 1] = s;
        metrics.printf(Locale.ROOT, "%d,%.6f,%d,%d,%.6f,%.6f,%.6f%n", it, loss[it - 1], agg.nfeForward(),
            agg.nfeBackward(), s, cpuSeconds[it - 1], cnf.endTime(theta, 0));
        if (it % evalEvery == 0 || it == iterations) {
          GradientAggregator eval = new GradientAggregator(theta.length);
          cnf.evaluate(theta, test, 0, eval);
          testIterations.add(new int[] {it});
          testLoss.add(eval.meanLoss());
          tests.printf(Locale.ROOT, "%d,%.6f%n", it, eval.meanLoss());
          tests.flush();
          metrics.flush();
          int from = Math.max(0, it - evalEvery);
          System.out.printf(Locale.ROOT, "it %5d  test NLL %.4f  train loss %.4f  NFE %.1f/%.1f  %.4f s/iter  "
                  + "%.4f ms/NFE  T=%.3f%n", it, eval.meanLoss(), mean(loss, from, it), mean(nfeF, from, it),
              mean(nfeB, from, it), median(seconds, from, it), 1000 * median(msPerNfe(seconds, nfeF, nfeB), from, it),
              cnf.endTime(theta, 0));
        }
      }
    }
    double[] perNfe = msPerNfe(seconds, nfeF, nfeB);
    System.out.printf(Locale.ROOT, "SUMMARY %s: %d iterations, median %.4f s/iter (thread CPU %.4f s), median %.4f ms"
            + " per function evaluation, mean NFE forward %.1f backward %.1f, final test NLL %.4f%n", dataset, iterations,
        median(seconds, 0, iterations), median(cpuSeconds, 0, iterations), 1000 * median(perNfe, 0, iterations),
        mean(nfeF, 0, iterations),
        mean(nfeB, 0, iterations), testLoss.get(testLoss.size() - 1));

    int g = 120;
    PlotRange range = PlotRange.square(-4, 4);
    double[] grid = range.gridPoints(g);
    double[] logp = new double[g * g];
    cnf.logDensity(theta, new Batch(g * g, 2, grid, null, null), 0, logp, 0);
    int n = 20_000;
    double[] samples = new double[n * 2];
    cnf.sample(theta, n, 1, samples);
    double[] data = ToyDistributions.sample(dataset, n, seeds.random("figure"));
    DensityFigure.defaults().withRange(range).write(out.resolve("density.png"),
        String.format(Locale.ROOT, "%s after %d iterations, test NLL %.3f nats", dataset, iterations,
            testLoss.get(testLoss.size() - 1)), data, logp, g, samples);
    int[] evalIts = testIterations.stream().mapToInt(a -> a[0]).toArray();
    double[] evalLoss = testLoss.stream().mapToDouble(Double::doubleValue).toArray();
    TrainingCurves.of(loss).withTestLoss(evalIts, evalLoss).withNfe(nfeF, nfeB)
        .withTitle("FFJORD toy " + dataset + " (odespark)").withLossLabel("NLL (nats)")
        .write(out.resolve("curves.png"));
  }

  private static double[] msPerNfe(double[] seconds, double[] nfeF, double[] nfeB) {
    double[] r = new double[seconds.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = seconds[i] / (nfeF[i] + nfeB[i]);
    }
    return r;
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }

  private static double median(double[] v, int from, int to) {
    double[] c = Arrays.copyOfRange(v, from, to);
    Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
  }
}
