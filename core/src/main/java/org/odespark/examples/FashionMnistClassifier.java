package org.odespark.examples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.odespark.classify.OdeNetClassifier;
import org.odespark.data.FashionMnist;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.LearningRateSchedule;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerEvaluation;
import org.odespark.train.TrainerIteration;
import org.odespark.train.TrainerListener;
import org.odespark.train.TrainerOptions;

/**
 * Trains an ODE-Net (or the ResNet baseline) on Fashion-MNIST in one JVM and reports, after every epoch, the
 * test accuracy, the forward and backward function evaluations per batch, and the median seconds per batch;
 * at the end the parameter count and the memory one gradient computation keeps (bytes allocated by a cold
 * call on a fresh objective: its workspaces, plus backprop's tape). Optimizer: Adam with a cosine schedule
 * (one epoch of linear warmup from 10 %, then down to 1 % of the base rate at the end of the run).
 *
 * <pre>
 *   java -cp core/target/classes:$(cat cp.txt) org.odespark.examples.FashionMnistClassifier \
 *       model=odenet width=64 hidden=64 epochs=10 params=/tmp/odenet.bin
 * </pre>
 * {@code help} lists every argument. docs/results/issue3.md has the runs and their figures.
 */
public final class FashionMnistClassifier {

  private FashionMnistClassifier() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 1 && args[0].equals("help")) {
      System.out.print(ExampleArguments.help());
      return;
    }
    ExampleArguments a = new ExampleArguments(args);
    System.out.println("# " + Blas.describe());
    System.out.println("# arguments: " + a);
    Path dir = Path.of(a.get("data"));
    Batch train = firstRows(FashionMnist.load(dir, FashionMnist.Split.TRAIN), a.integer("train-rows"));
    Batch test = firstRows(FashionMnist.load(dir, FashionMnist.Split.TEST), a.integer("test-rows"));
    Objective.Spec spec = a.spec(FashionMnist.PIXELS, FashionMnist.CLASS_NAMES.size());
    Objective objective = spec.create();
    System.out.println("# model: " + spec + ", " + objective.parameterCount() + " parameters");

    int batch = a.integer("batch");
    int epochs = a.integer("epochs");
    long perEpoch = (train.rows() + batch - 1) / batch;
    long total = perEpoch * epochs;
    AdamOptions adam = AdamOptions.defaults().withLearningRate(a.real("lr"))
        .withSchedule(schedule(a.get("schedule"), perEpoch, total));
    TrainerOptions options = TrainerOptions.builder().seed(Long.parseLong(a.get("seed"))).batchSize(batch)
        .iterations(total).evaluateEvery((int) perEpoch).evaluationChunk(batch).clipNorm(a.real("clip")).build();
    Trainer trainer = new Trainer(new Adam(objective.parameterCount(), adam), options);
    double[] theta = Trainer.initialParameters(objective, options.seed());
    System.out.println("# " + train.rows() + " training rows, " + test.rows() + " test rows, " + perEpoch
        + " batches of " + batch + " per epoch, " + epochs + " epochs");
    System.out.println("| epoch | iterations | train loss | test loss | test accuracy | NFE fwd/batch | "
        + "NFE bwd/batch | s/batch (median) | test s/batch | elapsed s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    EpochLog log = new EpochLog(perEpoch, batch);
    long start = System.nanoTime();
    log.start = start;
    trainer.run(theta, objective, train, test, log);
    System.out.printf(Locale.ROOT, "# done: %d epochs in %.0f s; final test accuracy %.4f%n", epochs,
        (System.nanoTime() - start) * 1e-9, log.lastAccuracy);

    if (!a.get("params").isEmpty()) {
      // A model file (docs/formats.md) whose configuration is the example's command line.
      String arguments = a.toString() + "\n";
      DataFingerprint data = new DataFingerprint("fashion-mnist train", FashionMnist.PIXELS,
          new long[] {train.rows()}, "none", true, false, java.util.List.of());
      java.nio.file.Files.write(Path.of(a.get("params")), SnapshotFormat.toBytes(Snapshot.model(a.get("model"),
          total, theta, spec.properties(), arguments, Integer.toHexString(arguments.hashCode()), data, null)));
      System.out.println("# θ written to " + a.get("params"));
    }
    System.out.print("# ");
    memoryProbe(spec, theta, train, batch);
  }

  /** Cold-call allocation of one gradient on a fresh objective = the memory it keeps for that batch size. */
  static void memoryProbe(Objective.Spec spec, double[] theta, Batch train, int rows) {
    int[] idx = new int[rows];
    for (int i = 0; i < rows; i++) {
      idx[i] = i;
    }
    Batch b = train.gather(idx);
    Objective fresh = spec.create();
    GradientAggregator agg = new GradientAggregator(fresh.parameterCount());
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(thread);
    fresh.accumulate(theta, b, 0, agg);
    long cold = bean.getThreadAllocatedBytes(thread) - before;
    before = bean.getThreadAllocatedBytes(thread);
    fresh.accumulate(theta, b, 0, agg);
    long warm = bean.getThreadAllocatedBytes(thread) - before;
    String tape = fresh instanceof OdeNetClassifier o ? ", backprop tape " + o.recordedDoubles(rows) * 8 + " bytes"
        : "";
    System.out.printf(Locale.ROOT, "memory for one gradient of %d rows: %d bytes allocated cold (workspaces%s), "
        + "%d bytes on the second call; NFE fwd/bwd %d/%d%n", rows, cold, tape, warm,
        agg.nfeForward() / Math.max(1, agg.solves()), agg.nfeBackward() / Math.max(1, agg.solves()));
  }

  static LearningRateSchedule schedule(String name, long perEpoch, long total) {
    return switch (name) {
      case "constant" -> LearningRateSchedule.constant();
      case "cosine" -> total > perEpoch
          ? LearningRateSchedule.cosine(total - perEpoch, 0.01).withWarmup(0.1, perEpoch)
          : LearningRateSchedule.cosine(total, 0.01);
      default -> throw new IllegalArgumentException("schedule must be cosine or constant, got '" + name + "'");
    };
  }

  static Batch firstRows(Batch all, int rows) {
    if (rows >= all.rows()) {
      return all;
    }
    int[] idx = new int[rows];
    for (int i = 0; i < rows; i++) {
      idx[i] = i;
    }
    return all.gather(idx);
  }

  /** Collects one epoch of iteration records and prints a line at each (end-of-epoch) evaluation. */
  private static final class EpochLog implements TrainerListener {
    private final long perEpoch;
    /** Rows per training batch and per evaluation chunk. */
    private final int batch;
    private final double[] seconds;
    private int count;
    private double lossSum;
    private double nfeForward;
    private double nfeBackward;
    long start;
    double lastAccuracy = Double.NaN;

    EpochLog(long perEpoch, int batch) {
      this.perEpoch = perEpoch;
      this.batch = batch;
      this.seconds = new double[(int) perEpoch];
    }

    @Override
    public void onIteration(TrainerIteration r) {
      if (count < seconds.length) {
        seconds[count] = r.seconds();
      }
      count++;
      lossSum += r.loss();
      nfeForward += r.nfeForward();
      nfeBackward += r.nfeBackward();
    }

    @Override
    public void onEvaluation(TrainerEvaluation e) {
      double[] s = Arrays.copyOf(seconds, Math.min(count, seconds.length));
      Arrays.sort(s);
      double median = s.length == 0 ? Double.NaN : s[s.length / 2];
      double testPerBatch = e.seconds() / Math.ceil(e.examples() / (double) batch);
      System.out.printf(Locale.ROOT, "| %d | %d | %.4f | %.4f | %.4f | %.1f | %.1f | %.4f | %.4f | %.0f |%n",
          e.iteration() / perEpoch, e.iteration(), lossSum / count, e.loss(), e.accuracy(), nfeForward / count,
          nfeBackward / count, median, testPerBatch, (System.nanoTime() - start) * 1e-9);
      System.out.flush();
      lastAccuracy = e.accuracy();
      count = 0;
      lossSum = 0;
      nfeForward = 0;
      nfeBackward = 0;
    }
  }
}
