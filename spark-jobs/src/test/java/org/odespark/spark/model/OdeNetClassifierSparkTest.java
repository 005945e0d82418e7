package org.odespark.spark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odespark.spark.testing.SparkTests.relative;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.SolverSpec;
import org.odespark.classify.ConcentricCircles;
import org.odespark.classify.OdeNetSpec;
import org.odespark.nn.Activation;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.random.SeedSequence;
import org.odespark.spark.Main;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.TrainingData;
import org.odespark.spark.testing.SparkTests;
import org.odespark.spark.testing.StageCounter;

/**
 * {@code model.type = odenet-classifier} through the Spark glue: the factory's mapping and validation, the
 * distributed gradient against the one-JVM fold, and train → evaluate (accuracy) → sample/score refused, on
 * generated concentric circles written as CSV.
 */
class OdeNetClassifierSparkTest {

  private static SparkSession spark;
  private static JavaSparkContext sc;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[2]");
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static JobConfig config(String... overrides) {
    List<String> all = new ArrayList<>(List.of("model.type=odenet-classifier"));
    all.addAll(List.of(overrides));
    return ConfigLoader.standard().load(List.of(), all);
  }

  @Test
  void factoryIsRegisteredAndMapsTheClassifierAndSolverSections() {
    ModelFactory f = ModelFactories.named("odenet-classifier");
    assertTrue(f instanceof OdeNetClassifierFactory, f.getClass().getName());
    assertEquals(ModelFactory.Kind.CLASSIFIER, f.kind());
    JobConfig cfg = config("model.classifier.hidden=12", "model.classifier.augment=3", "model.classifier.classes=4",
        "model.classifier.activation=softplus", "model.classifier.time=0.5", "model.classifier.gradient=backprop",
        "solver.method=tsit5", "solver.rtol=1e-4", "solver.atol=1e-6", "solver.max_steps=500",
        "solver.backward.method=bosh3", "solver.backward.rtol=1e-3", "solver.backward.atol=1e-2");
    f.validate(cfg.model());
    OdeNetSpec spec = (OdeNetSpec) f.objective(cfg.model(), new DataShape(7, true, List.of()));
    assertEquals(7, spec.inputDim());
    assertEquals(4, spec.classes());
    assertEquals(12, spec.width());
    assertEquals(3, spec.augment());
    assertArrayEquals(new int[] {12}, spec.fieldHidden());
    assertEquals(Activation.SOFTPLUS, spec.activation());
    assertEquals(0.5, spec.endTime());
    assertEquals(GradientMethod.BACKPROP, spec.gradient().method());
    assertEquals(new SolverSpec("tsit5", 1e-4, 1e-6, 0, 500), spec.gradient().forward());
    assertEquals(new SolverSpec("bosh3", 1e-3, 1e-2, 0, 500), spec.gradient().backward());
    // The checkpointed method is the third choice, for every model (one solver-selection path, GradientSpec).
    OdeNetSpec checkpoint = (OdeNetSpec) f.objective(config("model.classifier.gradient=checkpoint").model(),
        new DataShape(2, true, List.of()));
    assertEquals(GradientMethod.CHECKPOINT, checkpoint.gradient().method());
    assertTrue(checkpoint.gradient().create() instanceof org.odespark.adjoint.CheckpointAdjoint);
    assertEquals(checkpoint.properties(), OdeNetSpec.fromProperties(checkpoint.properties()).properties(),
        "the SPEC text round trip");
    // A fixed-step method takes 1 / solver.step_size equal steps.
    OdeNetSpec fixed = (OdeNetSpec) f.objective(config("solver.method=rk4", "solver.step_size=0.05").model(),
        new DataShape(2, true, List.of()));
    assertEquals(20, fixed.gradient().forward().fixedSteps());
    assertEquals("rk4", fixed.gradient().forward().method());
    // The adjoint's seminorm, as for the CNF: the solver section means the same for every model.
    assertTrue(((OdeNetSpec) f.objective(config("solver.backward.seminorm=true").model(),
        new DataShape(2, true, List.of()))).gradient().seminorm());
    // The spec builds a working classifier with the expected parameter count.
    Objective o = spec.create();
    assertEquals(7, o.featureDim());
    assertEquals(7 * 12 + 12 + (16 * 12 + 12) + (13 * 15 + 15) + 15 * 4 + 4, o.parameterCount());
  }

  @Test
  void factoryRefusesDensitiesAndUnlabelledData() {
    ModelFactory f = ModelFactories.named("odenet-classifier");
    JobConfig cfg = config();
    UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
        () -> f.density(cfg.model(), new DataShape(2, true, List.of())));
    assertTrue(u.getMessage().contains("odenet-classifier"), u.getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.objective(cfg.model(), new DataShape(2, false, List.of())));
    assertTrue(e.getMessage().contains("labelled") && e.getMessage().contains("data.label_column"), e.getMessage());
  }

  @Test
  void validationNamesTheKeyAndValue() {
    ModelFactory f = ModelFactories.named("odenet-classifier");
    IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
        () -> f.validate(config("solver.method=euler", "solver.step_size=1e-9").model()));
    assertTrue(step.getMessage().contains("solver.method = euler"), step.getMessage());
    IllegalArgumentException mnist = assertThrows(IllegalArgumentException.class, () -> {
      JobConfig c = config("data.format=fashion-mnist", "data.path=/nowhere", "model.classifier.classes=5");
      ModelFactories.checkData(f, c.model(), c.data());
    });
    assertTrue(mnist.getMessage().startsWith("model.classifier.classes = 5"), mnist.getMessage());
    IllegalArgumentException toy = assertThrows(IllegalArgumentException.class, () -> {
      JobConfig c = config("data.format=toy");
      ModelFactories.checkData(f, c.model(), c.data());
    });
    assertTrue(toy.getMessage().contains("data.format = toy"), toy.getMessage());
    // The CNF is not affected by the classifier's data checks.
    JobConfig cnf = ConfigLoader.standard().load(List.of(), List.of("data.format=toy"));
    ModelFactories.checkData(ModelFactories.named("cnf"), cnf.model(), cnf.data());
  }

  @Test
  void badClassifierSettingsFailTheJobBeforeSparkStarts() throws Exception {
    Path out = dir.resolve("never");
    for (String[] bad : new String[][] {
        {"model.classifier.gradient=adjont", "model.classifier.gradient"},
        {"solver.method=dopri6", "solver.method = \"dopri6\""},
        {"model.classifier.classes=1", "model.classifier.classes"}}) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> args = new ArrayList<>(List.of("--set", "model.type=odenet-classifier", "--set",
          "data.format=csv", "--set", "data.path=" + dir.resolve("absent.csv"), "--set", "data.label_column=label",
          "--set", "output.dir=" + out, "--set", bad[0]));
      assertEquals(2, run(new ByteArrayOutputStream(), err, "train", args), bad[0]);
      String m = err.toString(StandardCharsets.UTF_8);
      assertTrue(m.contains(bad[1]), bad[0] + " gave: " + m);
    }
    assertFalse(Files.exists(out), "nothing may be written for invalid input");
  }

  private static OdeNetSpec smallSpec() {
    return OdeNetSpec.defaults(2, 2).withWidth(6).withAugment(2).withFieldHidden(8)
        .withSolver(SolverSpec.adaptive("dopri5", 1e-7, 1e-7));
  }

  @Test
  void distributedGradientEqualsTheOneJvmFoldOverTheSameSolves() {
    OdeNetSpec spec = smallSpec();
    Objective classifier = spec.create();
    double[] theta = new double[classifier.parameterCount()];
    classifier.initialize(theta, 3);
    Batch data = ConcentricCircles.sample(301, SeedSequence.of(1).random("data"));
    int batch = data.rows();
    long seed = 5;
    long iteration = 2;
    double[][] gradients = new double[3][];
    int[] counts = {1, 2, 4};
    for (int c = 0; c < counts.length; c++) {
      int p = counts[c];
      TrainingData blocks = SparkTests.blocks(sc, data, p);
      try (SparkTrainer t = new SparkTrainer(sc, blocks, spec, SparkTests.options(10, batch, seed), 2)) {
        GradientAggregator sums = t.gradient(theta, iteration);
        double[] g = new double[theta.length];
        sums.meanGradient(g);
        // The same rows in the same solves in one JVM: each partition's share drawn by the documented rule,
        // one accumulate per partition.
        GradientAggregator reference = SparkTests.oneJvmSums(classifier, theta, data, blocks, batch, seed, iteration);
        double[] expected = new double[theta.length];
        reference.meanGradient(expected);
        assertTrue(relative(g, expected) <= 1e-12, "P=" + p + ": relative difference " + relative(g, expected));
        assertEquals(batch, sums.examples());
        assertEquals(reference.metric(GradientAggregator.Metric.CORRECT), sums.metric(GradientAggregator.Metric.CORRECT));
        assertEquals(reference.lossSum(), sums.lossSum(), 1e-12 * Math.abs(reference.lossSum()));
        gradients[c] = g;
      } finally {
        blocks.unpersist();
      }
    }
    // Other groupings of the same rows into solves change the adaptive steps only: tolerance-level differences.
    for (int c = 1; c < counts.length; c++) {
      double r = relative(gradients[c], gradients[0]);
      assertTrue(r < 1e-4, "P=" + counts[c] + " vs P=1: relative difference " + r);
    }
  }

  private static Path circlesCsv(String name, int n, long seed) throws IOException {
    Batch b = ConcentricCircles.sample(n, SeedSequence.of(seed).random("circles"));
    StringBuilder s = new StringBuilder("x0,x1,label\n");
    for (int i = 0; i < n; i++) {
      s.append(String.format(Locale.ROOT, "%.17g,%.17g,%d%n", b.features()[2 * i], b.features()[2 * i + 1],
          b.labels()[i]));
    }
    Path p = dir.resolve(name);
    Files.writeString(p, s.toString());
    return p;
  }

  private static List<String> circles(Path out, Path csv) {
    return new ArrayList<>(List.of("--set", "model.type=odenet-classifier", "--set", "data.format=csv",
        "--set", "data.path=" + csv, "--set", "data.label_column=label", "--set", "data.partitions=2",
        "--set", "data.standardize=true", "--set", "model.classifier.classes=2", "--set", "model.classifier.hidden=8",
        "--set", "model.classifier.augment=1", "--set", "solver.rtol=1e-3", "--set", "solver.atol=1e-3",
        "--set", "solver.backward.rtol=1e-3", "--set", "solver.backward.atol=1e-3",
        "--set", "train.iterations=" + TRAIN_ITERATIONS, "--set", "train.batch_size=64", "--set", "train.log_every=10",
        "--set", "optimizer.learning_rate=" + LEARNING_RATE, "--set", "checkpoint.every=0",
        "--set", "output.dir=" + out));
  }

  static final int TRAIN_ITERATIONS = 200;
  static final double LEARNING_RATE = 0.02;

  @Test
  void trainingIn2PartitionsSeparatesConcentricCirclesAndOnlyEvaluateAcceptsTheModel() throws Exception {
    Path out = dir.resolve("circles");
    Path train = circlesCsv("train.csv", 2000, 1);
    Path test = circlesCsv("test.csv", 1000, 2);
    run("train", circles(out, train));
    String metrics = Files.readString(out.resolve("metrics.jsonl"));
    assertTrue(metrics.contains("\"accuracy\":"), metrics);

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> evaluate = circles(out, test);
    evaluate.addAll(List.of("--set", StageCounter.SETTING));
    StageCounter.reset();
    assertEquals(0, run(stdout, err, "evaluate", evaluate), err.toString(StandardCharsets.UTF_8));
    // One pass over the CSV file (and Spark's look at its header): no shuffle, no sort, no caching pass.
    assertEquals(0, StageCounter.shuffleStages(), "evaluate moved rows between tasks");
    assertTrue(StageCounter.stages() <= 2, StageCounter.stages() + " stages");
    String line = stdout.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("{\"examples\":1000,\"loss\":"), line);
    double accuracy = Double.parseDouble(line.replaceAll(".*\"accuracy\":([^,}]*).*", "$1"));
    // No linear read-out of the raw plane does much better than chance (0.5) on a disk inside a ring, and a
    // wrong gradient does not leave it; the trained ODE-Net separates the classes.
    assertTrue(accuracy > 0.95, "held-out accuracy after " + TRAIN_ITERATIONS + " iterations: " + line);

    for (String job : List.of("sample", "score")) {
      ByteArrayOutputStream refused = new ByteArrayOutputStream();
      assertEquals(2, run(new ByteArrayOutputStream(), refused, job, circles(out, test)), job);
      String m = refused.toString(StandardCharsets.UTF_8);
      assertTrue(m.contains(job + " needs a density model") && m.contains("model.type = odenet-classifier"), m);
    }
    assertFalse(Files.exists(out.resolve("samples.parquet")));
    assertFalse(Files.exists(out.resolve("scores.parquet")));
  }

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String job, List<String> args)
      throws Exception {
    List<String> all = new ArrayList<>();
    all.add(job);
    all.addAll(args);
    return SparkTests.quietly(out, err, () -> Main.execute(all.toArray(new String[0])));
  }

  private static void run(String job, List<String> args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(new ByteArrayOutputStream(), err, job, args);
    assertEquals(0, code, () -> job + " failed:\n" + err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void densityModelsLogNoAccuracy() {
    assertFalse(new org.odespark.spark.exec.IterationMetrics(1, 2, 0.5, 1, 1e-3, 10, 12, 100, 0.1, 1000, 0)
        .toJson().contains("accuracy"));
    assertTrue(new org.odespark.spark.exec.IterationMetrics(1, 2, 0.5, 1, 1e-3, 10, 12, 100, 0.1, 1000, 0, 0.75)
        .toJson().contains("\"accuracy\":0.75"));
    assertSame(ModelFactory.Kind.DENSITY, ModelFactories.named("cnf").kind());
  }
}
