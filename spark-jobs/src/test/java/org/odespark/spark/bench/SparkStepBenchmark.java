package org.odespark.spark.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.odespark.classify.OdeNetSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.io.DataFingerprint;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.optim.Adam;
import org.odespark.optim.GradientClipper;
import org.odespark.optim.Optimizer;
import org.odespark.random.Normals;
import org.odespark.random.SeedSequence;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.TrainingData;
import org.odespark.spark.testing.SparkTests;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Times {@link SparkTrainer}'s training step in Spark local mode and writes a Markdown report: where an
 * iteration's wall time goes (compute inside the tasks against everything else), how throughput scales
 * from local[1] to local[2], and what the aggregation depth does to the non-compute part for a large model.
 *
 * <p>One iteration is what {@link SparkTrainer#run} does per step: {@link SparkTrainer#gradient} (broadcast θ,
 * a PartitionGradient task per partition, the deterministic treeAggregate over the CanonicalTree), then the
 * driver step (mean gradient, its norm, an Adam step). The objective is wrapped in a {@link TimedObjective},
 * which records each task's {@code accumulate} interval; "compute busy" is the union of those intervals
 * (time during which at least one executor thread was computing), and "other" is wall − busy: scheduling,
 * task (de)serialization, the θ broadcast, minibatch draw and gather, result serialization, the tree merges
 * and the driver step. Warm-up iterations are excluded; every figure is a median over the measured ones.
 *
 * <p>The model is an ODE-Net classifier ({@link OdeNetSpec}) whose vector field is a two-hidden-layer MLP of
 * width h, h chosen to hit each target parameter count, integrated with fixed-step RK4 forward and in the
 * adjoint's backward solve, so that the cost of an iteration is fixed and proportional to rows × parameters.
 * Run by {@code docs/scripts/spark-step-benchmark.sh}.
 */
@Command(name = "spark-step-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmarks odespark's Spark training step (local mode) and writes a Markdown report.")
public final class SparkStepBenchmark implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "REPORT", description = "the Markdown report to write")
  private Path report;

  @Option(names = "--quick", description = "tiny sizes for a smoke run (seconds); options given explicitly still apply")
  private boolean quick;

  @Option(names = "--sections", split = ",", description = "which sections to run: split, scaling, depth (default all)")
  private List<String> sections;

  @Option(names = "--master", description = "Spark master of the split and depth sections (default local[2])")
  private String master;

  @Option(names = "--partitions", description = "partitions in the split section (default: the master's task slots)")
  private Integer partitions;

  @Option(names = "--params", split = ",", description = "target parameter counts (default 1e3,1e5,1e6)")
  private List<Double> params;

  @Option(names = "--batches", split = ",", description = "global batch sizes (default 1000,10000,100000)")
  private List<Integer> batches;

  @Option(names = "--warmup", description = "iterations excluded from the statistics (default 2)")
  private Integer warmup;

  @Option(names = "--iterations", description = "measured iterations per setting (default 7)")
  private Integer iterations;

  @Option(names = "--max-seconds", description = "skip settings whose iterations would take longer (default 20)")
  private Double maxSeconds;

  @Option(names = "--scaling-masters", split = ",", description = "masters compared (default local[1],local[2])")
  private List<String> scalingMasters;

  @Option(names = "--scaling-params", description = "target parameter count of the scaling section (default 1e5)")
  private Double scalingParams;

  @Option(names = "--scaling-batch", description = "global batch of the scaling section (default 10000)")
  private Integer scalingBatch;

  @Option(names = "--scaling-partitions", description = "partitions of the scaling section, the same for every master (default 2)")
  private Integer scalingPartitions;

  @Option(names = "--depth-params", description = "target parameter count of the depth section (default 1e6)")
  private Double depthParams;

  @Option(names = "--depth-batch", description = "global batch of the depth section (default 1000)")
  private Integer depthBatch;

  @Option(names = "--depth-partitions", split = ",", description = "partition counts of the depth section (default 8,32)")
  private List<Integer> depthPartitions;

  @Option(names = "--depths", split = ",", description = "treeAggregate depths (default 1,2,3)")
  private List<Integer> depths;

  @Option(names = "--method", defaultValue = "rk4", description = "fixed-step Runge-Kutta method (default ${DEFAULT-VALUE})")
  private String method;

  @Option(names = "--steps", defaultValue = "2", description = "fixed steps per solve, forward and backward (default ${DEFAULT-VALUE})")
  private int steps;

  @Option(names = "--features", defaultValue = "16", description = "input features (default ${DEFAULT-VALUE})")
  private int features;

  @Option(names = "--classes", defaultValue = "4", description = "classes (default ${DEFAULT-VALUE})")
  private int classes;

  @Option(names = "--width", defaultValue = "16", description = "ODE state width (default ${DEFAULT-VALUE})")
  private int width;

  @Option(names = "--serializer", defaultValue = "java", description = "Spark serializer: java or kryo (default ${DEFAULT-VALUE})")
  private String serializer;

  @Option(names = "--seed", defaultValue = "1", description = "seed of data, initial θ and sampling (default ${DEFAULT-VALUE})")
  private long seed;

  private final PrintStream progress = System.err;
  private final Map<Double, Model> models = new LinkedHashMap<>();
  private double loadAtStart;

  /** A model of the benchmark: the spec, its exact parameter count and the field's hidden width. */
  record Model(OdeNetSpec spec, int parameters, int hidden) {}

  /** Medians of one setting, in seconds; {@code skipped} non-null when the setting was not measured. */
  record Measurement(String master, Model model, int batch, int partitions, int depth, String tree, int iterations,
                     double wall, double busy, double computeSum, double maxTask, double driverStep, double other,
                     String skipped) {

    static Measurement skipped(String master, Model model, int batch, int partitions, int depth, String why) {
      return new Measurement(master, model, batch, partitions, depth, "", 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, why);
    }

    double examplesPerSecond() {
      return batch / wall;
    }

    /** wall − busy − driver step: scheduling, broadcast, (de)serialization and aggregation. */
    double sparkOverhead() {
      return other - driverStep;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkStepBenchmark()).execute(args));
  }

  private static <T> T pick(T given, boolean quick, T quickValue, T fullValue) {
    return given != null ? given : quick ? quickValue : fullValue;
  }

  @Override
  public Integer call() throws IOException {
    sections = pick(sections, quick, List.of("split", "scaling", "depth"), List.of("split", "scaling", "depth"));
    master = pick(master, quick, "local[2]", "local[2]");
    partitions = pick(partitions, quick, slots(master), slots(master));
    params = pick(params, quick, List.of(1e3, 2e4), List.of(1e3, 1e5, 1e6));
    batches = pick(batches, quick, List.of(200, 2000), List.of(1000, 10_000, 100_000));
    warmup = pick(warmup, quick, 1, 2);
    iterations = pick(iterations, quick, 3, 7);
    maxSeconds = pick(maxSeconds, quick, 20.0, 20.0);
    scalingMasters = pick(scalingMasters, quick, List.of("local[1]", "local[2]"), List.of("local[1]", "local[2]"));
    scalingParams = pick(scalingParams, quick, 2e4, 1e5);
    scalingBatch = pick(scalingBatch, quick, 2000, 10_000);
    scalingPartitions = pick(scalingPartitions, quick, 2, 2);
    depthParams = pick(depthParams, quick, 2e4, 1e6);
    depthBatch = pick(depthBatch, quick, 256, 1000);
    depthPartitions = pick(depthPartitions, quick, List.of(4, 8), List.of(8, 32));
    depths = pick(depths, quick, List.of(1, 2), List.of(1, 2, 3));
    validate();

    String blas = Blas.describe();
    progress.println(blas);
    progress.println("OPENBLAS_NUM_THREADS=" + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"));

    Instant began = Instant.now();
    loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<Measurement> split = new ArrayList<>();
    List<Measurement> depth = new ArrayList<>();
    List<Measurement> scaling = new ArrayList<>();
    String sparkVersion = null;
    if (sections.contains("split") || sections.contains("depth")) {
      JavaSparkContext sc = context(master);
      try {
        sparkVersion = sc.version();
        warmUp(sc, master);
        if (sections.contains("split")) {
          runSplit(sc, split);
        }
        if (sections.contains("depth")) {
          runDepth(sc, depth);
        }
      } finally {
        sc.stop();
      }
    }
    if (sections.contains("scaling")) {
      for (String m : scalingMasters) {
        JavaSparkContext sc = context(m);
        try {
          sparkVersion = sc.version();
          warmUp(sc, m);
          Model model = model(scalingParams);
          scaling.add(measure(sc, m, model, scalingBatch, scalingPartitions, 0));
          progress.println(line("scaling", scaling.get(scaling.size() - 1)));
        } finally {
          sc.stop();
        }
      }
    }
    double minutes = (Instant.now().toEpochMilli() - began.toEpochMilli()) / 60_000.0;
    String text = report(began, minutes, sparkVersion, blas, split, scaling, depth);
    Path parent = report.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(report, text, StandardCharsets.UTF_8);
    System.out.print(text);
    progress.println("report written to " + report);
    return 0;
  }

  private void validate() {
    for (String s : sections) {
      if (!List.of("split", "scaling", "depth").contains(s)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown section '" + s
            + "' (valid: split, scaling, depth)");
      }
    }
    if (warmup < 1 || iterations < 1 || partitions < 1 || scalingPartitions < 1 || steps < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "warm-up, iterations, partitions and steps must be >= 1");
    }
    if (!serializer.equals("java") && !serializer.equals("kryo")) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--serializer must be java or kryo");
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Sections

  /** Section 1: every model × batch, skipping settings predicted (or first seen) above the time limit. */
  private void runSplit(JavaSparkContext sc, List<Measurement> out) {
    List<Double> targets = params.stream().sorted().toList();
    List<Integer> sizes = batches.stream().sorted().toList();
    for (double target : targets) {
      Model model = model(target);
      Measurement previous = null;
      for (int batch : sizes) {
        Measurement m;
        if (previous != null && previous.skipped() == null) {
          // Compute grows linearly in the rows (fixed steps); the rest hardly changes.
          double predicted = previous.other() + previous.busy() * batch / previous.batch();
          m = predicted > maxSeconds
              ? Measurement.skipped(master, model, batch, partitions, 0,
                  String.format(Locale.ROOT, "predicted %.0f s per iteration from batch %d", predicted, previous.batch()))
              : measure(sc, master, model, batch, partitions, 0);
        } else if (previous != null) {
          m = Measurement.skipped(master, model, batch, partitions, 0, "a smaller batch was already over the limit");
        } else {
          m = measure(sc, master, model, batch, partitions, 0);
        }
        out.add(m);
        progress.println(line("split", m));
        previous = m;
      }
    }
  }

  /** Section 3: the large model at a small batch over several partition counts and treeAggregate depths. */
  private void runDepth(JavaSparkContext sc, List<Measurement> out) {
    Model model = model(depthParams);
    for (int p : depthPartitions) {
      for (int d : depths) {
        Measurement m = measure(sc, master, model, depthBatch, p, d);
        out.add(m);
        progress.println(line("depth " + d, m));
      }
    }
  }

  /**
   * A discarded run of the smallest setting in a fresh context, so that the first reported setting does not
   * pay for the JIT compilation of Spark's and odespark's common paths.
   */
  private void warmUp(JavaSparkContext sc, String sparkMaster) {
    measure(sc, sparkMaster, model(1e3), 512, slots(sparkMaster), 0);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Measurement

  /**
   * Runs warm-up + measured iterations of one setting on fresh cached data and returns the medians. A first
   * iteration slower than the limit ends the setting (reported as skipped).
   *
   * @param depth treeAggregate depth; 0 lets the trainer choose from the partition count
   */
  private Measurement measure(JavaSparkContext sc, String masterName, Model model, int batch, int nPartitions,
                              int depth) {
    if (!sc.isLocal()) {
      throw new IllegalStateException("compute timing needs Spark local mode (executors in this JVM), got "
          + sc.master());
    }
    int total = warmup + iterations;
    TrainingData data = data(sc, batch, nPartitions);
    TimedObjective.Spec spec = new TimedObjective.Spec(model.spec());
    try (SparkTrainer trainer = new SparkTrainer(sc, data, spec, SparkTests.options(total, batch, seed), depth)) {
      String tree = trainer.tree().toString();
      double[] theta = new double[model.parameters()];
      spec.create().initialize(theta, seed);
      double[] gradient = new double[theta.length];
      Optimizer optimizer = new Adam(theta.length);
      double[][] samples = new double[6][iterations];
      for (int i = 0; i < total; i++) {
        TimedObjective.clear();
        long t0 = System.nanoTime();
        GradientAggregator sums = trainer.gradient(theta, i);
        long t1 = System.nanoTime();
        sums.meanGradient(gradient);
        GradientClipper.norm(gradient);
        optimizer.step(theta, gradient);
        long t2 = System.nanoTime();
        List<TimedObjective.Interval> tasks = TimedObjective.drain();
        if (sums.examples() != batch || tasks.isEmpty()) {
          throw new IllegalStateException("iteration " + i + " saw " + sums.examples() + " examples in "
              + tasks.size() + " timed tasks, expected " + batch + " examples");
        }
        if (!Double.isFinite(sums.meanLoss())) {
          throw new IllegalStateException("iteration " + i + ": the loss is " + sums.meanLoss());
        }
        double wall = (t2 - t0) / 1e9;
        if (i == 0 && wall > maxSeconds) {
          return Measurement.skipped(masterName, model, batch, nPartitions, depth,
              String.format(Locale.ROOT, "first iteration took %.1f s", wall));
        }
        if (i >= warmup) {
          int k = i - warmup;
          double busy = union(tasks) / 1e9;
          samples[0][k] = wall;
          samples[1][k] = busy;
          samples[2][k] = tasks.stream().mapToLong(TimedObjective.Interval::nanos).sum() / 1e9;
          samples[3][k] = tasks.stream().mapToLong(TimedObjective.Interval::nanos).max().orElse(0) / 1e9;
          samples[4][k] = (t2 - t1) / 1e9;
          samples[5][k] = wall - busy;
        }
      }
      return new Measurement(masterName, model, batch, nPartitions,
          depth > 0 ? depth : SparkTrainer.depthFor(nPartitions), tree, iterations, median(samples[0]),
          median(samples[1]), median(samples[2]), median(samples[3]), median(samples[4]), median(samples[5]), null);
    } finally {
      data.unpersist();
    }
  }

  /** Total length of the union of the intervals (time during which at least one task was computing). */
  static long union(List<TimedObjective.Interval> intervals) {
    List<TimedObjective.Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(TimedObjective.Interval::start));
    long total = 0;
    long start = sorted.get(0).start();
    long end = sorted.get(0).end();
    for (TimedObjective.Interval i : sorted.subList(1, sorted.size())) {
      if (i.start() > end) {
        total += end - start;
        start = i.start();
        end = i.end();
      } else {
        end = Math.max(end, i.end());
      }
    }
    return total + (end - start);
  }

  static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Models, data, Spark

  /** The ODE-Net whose two hidden field layers have the width that brings it closest to {@code target}. */
  private Model model(double target) {
    return models.computeIfAbsent(target, t -> {
      // Parameters grow monotonically (quadratically) in h: double, then bisect.
      int hi = 1;
      while (count(hi) < t) {
        hi *= 2;
      }
      int lo = Math.max(1, hi / 2);
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (count(mid) < t) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      int h = Math.abs(count(lo) - t) <= Math.abs(count(hi) - t) ? lo : hi;
      return new Model(spec(h), count(h), h);
    });
  }

  private OdeNetSpec spec(int hidden) {
    return OdeNetSpec.defaults(features, classes).withWidth(width).withFieldHidden(hidden, hidden)
        .withSolver(SolverSpec.fixed(method, steps));
  }

  private int count(int hidden) {
    return spec(hidden).create().parameterCount();
  }

  /** {@code rows} standard normal feature rows with uniform labels. */
  /**
   * {@code rows} random labelled rows split evenly into {@code nPartitions} cached blocks, each generated on
   * its executor (so that tasks carry no data, as with the jobs' readers): partition p holds rows
   * [⌊p·rows/P⌋, ⌊(p+1)·rows/P⌋), drawn from its own stream of the seed.
   */
  private TrainingData data(JavaSparkContext sc, int rows, int nPartitions) {
    long[] sizes = new long[nPartitions];
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < nPartitions; p++) {
      sizes[p] = (long) (p + 1) * rows / nPartitions - (long) p * rows / nPartitions;
      ids.add(p);
    }
    long s = seed;
    int f = features;
    int c = classes;
    JavaRDD<Batch> blocks = sc.parallelize(ids, nPartitions)
        .map(p -> block(s, f, c, (int) sizes[p], p)).cache();
    return new TrainingData(blocks, new DataFingerprint("benchmark", features, sizes, "none", true, false,
        List.of()), null);
  }

  private static Batch block(long seed, int features, int classes, int rows, int partition) {
    RandomGenerator rng = SeedSequence.of(seed).random("benchmark-data", partition);
    double[] x = new double[rows * features];
    Normals.fill(rng, x, 0, x.length);
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = rng.nextInt(classes);
    }
    return new Batch(rows, features, x, labels, null);
  }

  private JavaSparkContext context(String sparkMaster) {
    SparkConf conf = new SparkConf().setMaster(sparkMaster).setAppName("odespark spark-step-benchmark")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.maxResultSize", "4g")
        .set("spark.serializer", serializer.equals("kryo") ? "org.apache.spark.serializer.KryoSerializer"
            : "org.apache.spark.serializer.JavaSerializer");
    return new JavaSparkContext(conf);
  }

  /** Task slots of a local master: local → 1, local[N] and local[N,F] → N, local[*] → cores. */
  static int slots(String sparkMaster) {
    if (sparkMaster.equals("local")) {
      return 1;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]").matcher(sparkMaster);
    if (!m.matches()) {
      return 2;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Output

  private static String line(String section, Measurement m) {
    if (m.skipped() != null) {
      return String.format(Locale.ROOT, "%s %s: %d params, batch %d, %d partitions: skipped (%s)", section,
          m.master(), m.model().parameters(), m.batch(), m.partitions(), m.skipped());
    }
    return String.format(Locale.ROOT, "%s %s: %d params, batch %d, %d partitions: %.3f s/iteration, compute busy"
            + " %.3f s, other %.3f s, %.0f examples/s", section, m.master(), m.model().parameters(), m.batch(),
        m.partitions(), m.wall(), m.busy(), m.other(), m.examplesPerSecond());
  }

  private static String seconds(double s) {
    if (Double.isNaN(s)) {
      return "–";
    }
    return s >= 10 ? String.format(Locale.ROOT, "%.1f s", s)
        : s >= 1 ? String.format(Locale.ROOT, "%.2f s", s)
        : String.format(Locale.ROOT, "%.1f ms", s * 1e3);
  }

  private static String percent(double part, double whole) {
    return String.format(Locale.ROOT, "%.0f %%", 100 * part / whole);
  }

  private static String grouped(double x) {
    return String.format(Locale.ROOT, "%,.0f", x);
  }

  private String report(Instant began, double minutes, String sparkVersion, String blas, List<Measurement> split,
                        List<Measurement> scaling, List<Measurement> depth) {
    StringBuilder r = new StringBuilder();
    r.append("# Spark training-step benchmark").append(quick ? " (quick smoke run: sizes far below the real ones)" : "")
        .append("\n\n");
    r.append("Written by `docs/scripts/spark-step-benchmark.sh` (`org.odespark.spark.bench.SparkStepBenchmark`) on ")
        .append(began.truncatedTo(ChronoUnit.SECONDS)).append(", in ")
        .append(String.format(Locale.ROOT, "%.1f", minutes)).append(" min.\n\n");
    r.append("| setting | value |\n|---|---|\n");
    r.append("| cores seen by the JVM | ").append(Runtime.getRuntime().availableProcessors())
        .append(String.format(Locale.ROOT, " (1-minute load average at start: %.2f; other load skews every figure)",
            loadAtStart)).append(" |\n");
    r.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append(", max heap ")
        .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB |\n");
    r.append("| Spark | ").append(sparkVersion).append(", local mode, ").append(serializer).append(" serializer |\n");
    r.append("| BLAS | ").append(blas).append(" |\n");
    String threads = System.getenv("OPENBLAS_NUM_THREADS");
    r.append("| OPENBLAS_NUM_THREADS | ").append(threads == null ? "unset (OpenBLAS would start a thread per core"
        + " in every task and oversubscribe the cores)" : threads).append(" |\n");
    r.append("| model | ODE-Net classifier: ").append(features).append(" features → width ").append(width)
        .append(" → ").append(classes).append(" classes; field MLP [h, h], concat layers, tanh; ")
        .append(method).append(", ").append(steps).append(" fixed steps forward and in the adjoint's backward solve;"
            + " Adam |\n");
    r.append("| data | standard normal features, uniform labels; dataset rows = global batch (one epoch per"
        + " iteration), split evenly into the partitions and cached |\n");
    r.append("| statistics | ").append(warmup).append(" warm-up iteration(s) excluded, median of ").append(iterations)
        .append(" measured |\n\n");
    r.append("Columns: **wall** is one whole iteration as `SparkTrainer.run` does it (`gradient`: broadcast θ, one"
        + " PartitionGradient task per partition, treeAggregate over the CanonicalTree; then the driver step: mean"
        + " gradient, norm, Adam). **Compute busy** is the time during which at least one task was inside the"
        + " objective's `accumulate` (union of the per-task intervals, `System.nanoTime` inside the partition"
        + " function); **task compute** is their sum (task-seconds) and **max task** the longest. **Other** ="
        + " wall − compute busy: scheduling, task and result (de)serialization, the θ broadcast, the minibatch"
        + " draw and gather, the tree merges and the driver step, which is also shown on its own. Each column is the"
        + " median of its own per-iteration values, so columns need not add up exactly. A discarded run of a"
        + " small setting warms up every new Spark context first.\n\n");

    if (!split.isEmpty()) {
      r.append("## 1. Where an iteration's time goes (").append(master).append(", ").append(partitions)
          .append(" partitions, SparkTrainer's default aggregation depth)\n\n");
      r.append("| params (h) | global batch | wall | compute busy | task compute | max task | other | other share"
          + " | driver step | examples/s |\n|---|---|---|---|---|---|---|---|---|---|\n");
      for (Measurement m : split) {
        r.append("| ").append(grouped(m.model().parameters())).append(" (").append(m.model().hidden()).append(") | ")
            .append(grouped(m.batch())).append(" | ");
        if (m.skipped() != null) {
          r.append("skipped: ").append(m.skipped()).append(" (limit ").append(seconds(maxSeconds))
              .append(") | | | | | | | |\n");
          continue;
        }
        r.append(seconds(m.wall())).append(" | ").append(seconds(m.busy())).append(" | ")
            .append(seconds(m.computeSum())).append(" | ").append(seconds(m.maxTask())).append(" | ")
            .append(seconds(m.other())).append(" | ").append(percent(m.other(), m.wall())).append(" | ")
            .append(seconds(m.driverStep())).append(" | ").append(grouped(m.examplesPerSecond())).append(" |\n");
      }
      r.append('\n');
    }

    if (!scaling.isEmpty()) {
      Model model = scaling.get(0).model();
      r.append("## 2. Throughput: ").append(String.join(" vs ", scalingMasters)).append("\n\n");
      r.append("The same ").append(grouped(model.parameters())).append("-parameter model (h = ").append(model.hidden())
          .append("), global batch ").append(grouped(scalingBatch)).append(", ").append(scalingPartitions)
          .append(" partitions in every master (the same work: only the task slots differ).\n\n");
      r.append("| master | wall | compute busy | task compute | other | examples/s | speed-up |\n"
          + "|---|---|---|---|---|---|---|\n");
      double base = scaling.get(0).examplesPerSecond();
      for (Measurement m : scaling) {
        r.append("| ").append(m.master()).append(" | ").append(seconds(m.wall())).append(" | ")
            .append(seconds(m.busy())).append(" | ").append(seconds(m.computeSum())).append(" | ")
            .append(seconds(m.other())).append(" | ").append(grouped(m.examplesPerSecond())).append(" | ")
            .append(String.format(Locale.ROOT, "%.2f×", m.examplesPerSecond() / base)).append(" |\n");
      }
      double speedUp = scaling.get(scaling.size() - 1).examplesPerSecond() / base;
      r.append('\n').append(String.format(Locale.ROOT, "Speed-up %s → %s: **%.2f×** (target ≥ 1.8×: %s).",
          scaling.get(0).master(), scaling.get(scaling.size() - 1).master(), speedUp,
          speedUp >= 1.8 ? "met" : "not met"));
      r.append(" OPENBLAS_NUM_THREADS=").append(threads == null ? "unset" : threads).append(": with two tasks on"
          + " two cores each task must run single-threaded BLAS, or OpenBLAS's own threads compete with the other"
          + " task's and the speed-up collapses; the launcher sets 1 unless told otherwise.\n\n");
    }

    if (!depth.isEmpty()) {
      Model model = depth.get(0).model();
      r.append("## 3. Aggregation depth (").append(master).append(", ").append(grouped(model.parameters()))
          .append(" parameters, global batch ").append(grouped(depthBatch)).append(")\n\n");
      r.append("Each partition returns a ").append(String.format(Locale.ROOT, "%.1f", model.parameters() * 8 / 1e6))
          .append(" MB gradient. Depth is `train.aggregation_depth` (SparkTrainer passes it to treeAggregate and"
              + " builds its CanonicalTree with the same level widths; 0 = its default: 1 up to 8 partitions, 2 up"
              + " to 64, 3 beyond).\n\n");
      r.append("| partitions | depth | tree (level widths) | wall | compute busy | other | Spark overhead (other −"
          + " driver step) | driver step |\n|---|---|---|---|---|---|---|---|\n");
      for (Measurement m : depth) {
        r.append("| ").append(m.partitions()).append(" | ").append(m.depth()).append(" | ");
        if (m.skipped() != null) {
          r.append("| skipped: ").append(m.skipped()).append(" | | | | |\n");
          continue;
        }
        r.append('`').append(m.tree()).append("` | ").append(seconds(m.wall())).append(" | ")
            .append(seconds(m.busy())).append(" | ").append(seconds(m.other())).append(" | ")
            .append(seconds(m.sparkOverhead())).append(" | ").append(seconds(m.driverStep())).append(" |\n");
      }
      r.append('\n');
    }

    List<Measurement> skipped = new ArrayList<>();
    for (List<Measurement> l : List.of(split, scaling, depth)) {
      l.stream().filter(m -> m.skipped() != null).forEach(skipped::add);
    }
    r.append("Skipped settings: ").append(skipped.isEmpty() ? "none" : skipped.size() + " (limit "
        + seconds(maxSeconds) + " per iteration, see the tables)").append(".\n");
    return r.toString();
  }
}
