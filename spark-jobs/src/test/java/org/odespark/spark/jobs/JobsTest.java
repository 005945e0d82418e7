package org.odespark.spark.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.spark.Main;
import org.odespark.spark.exec.MetricsLog;
import org.odespark.spark.exec.ValidationMetrics;
import org.odespark.spark.io.CheckpointStore;
import org.odespark.spark.testing.SparkTests;

/**
 * The jobs end to end through {@link Main}, in local[2] with the test model {@code test-gaussian} (a diagonal
 * Gaussian, whose maximum-likelihood fit is the data's mean and standard deviation): checkpoint + resume is
 * bit-identical to an uninterrupted run, a damaged checkpoint is detected and never replaces the last good
 * one, configuration errors stop the job before Spark work, and evaluate, sample and score use the model.
 */
class JobsTest {

  private static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<String> base(Path out, long iterations) {
    return new ArrayList<>(List.of("--set", "model.type=test-gaussian", "--set", "data.toy.rows=3000",
        "--set", "data.partitions=3", "--set", "train.batch_size=64", "--set", "optimizer.learning_rate=0.05",
        "--set", "train.iterations=" + iterations, "--set", "checkpoint.every=10", "--set", "output.dir=" + out,
        "--set", "data.standardize=true"));
  }

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String job, List<String> args)
      throws Exception {
    List<String> all = new ArrayList<>();
    all.add(job);
    all.addAll(args);
    return SparkTests.quietly(out, err, () -> Main.execute(all.toArray(new String[0])));
  }

  /** Runs a job that must succeed; a failure shows what it wrote to stderr. */
  private static int run(String job, List<String> args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(new ByteArrayOutputStream(), err, job, args);
    assertEquals(0, code, () -> job + " failed:\n" + err.toString(StandardCharsets.UTF_8));
    return code;
  }

  private static Snapshot model(Path out) throws IOException {
    return SnapshotFormat.read(Files.readAllBytes(out.resolve("model.odsm")), "model");
  }

  @Test
  void resumeIsBitIdenticalAndSkipsADamagedNewerCheckpoint() throws Exception {
    Path whole = dir.resolve("whole");
    assertEquals(0, run("train", base(whole, 40)));
    Path parts = dir.resolve("parts");
    assertEquals(0, run("train", base(parts, 20)));
    List<String> resume = base(parts, 30);
    resume.add("--resume");
    assertEquals(0, run("train", resume));
    Path checkpoints = parts.resolve("checkpoints");
    // A damaged "newer" checkpoint (a truncated copy) and a leftover temporary file must not be used.
    byte[] good = Files.readAllBytes(checkpoints.resolve(CheckpointStore.fileName(30)));
    Files.write(checkpoints.resolve(CheckpointStore.fileName(35)), Arrays.copyOf(good, good.length / 2));
    Files.write(checkpoints.resolve("." + CheckpointStore.fileName(36) + ".tmp-x"), new byte[] {1, 2, 3});
    List<String> resumeAgain = base(parts, 40);
    resumeAgain.add("--resume");
    assertEquals(0, run("train", resumeAgain));

    Snapshot a = model(whole);
    Snapshot b = model(parts);
    assertEquals(40, b.iteration());
    assertArrayEquals(a.theta(), b.theta(), "checkpoint + resume must give the uninterrupted run's θ bit for bit");
    assertEquals(a.configHash().length(), b.configHash().length());
    assertEquals(a.data(), b.data());
    List<String> metrics = Files.readAllLines(parts.resolve("metrics.jsonl"));
    assertEquals(40, metrics.size(), "one line per iteration, the resumed runs continuing the file");
    assertTrue(metrics.get(39).startsWith("{\"iteration\":40,"), metrics.get(39));
    assertEquals(lossAndNorm(Files.readAllLines(whole.resolve("metrics.jsonl")).get(25)), lossAndNorm(metrics.get(25)),
        "same losses and gradient norms after the resume");
    try (var files = Files.list(parts.resolve("checkpoints"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.contains(CheckpointStore.fileName(40)) && names.contains(CheckpointStore.fileName(30)), "" + names);
      assertFalse(names.contains(CheckpointStore.fileName(10)), "only the newest 3 are kept: " + names);
    }

    // The fitted model: the data's mean and standard deviation, i.e. ≈ N(0, I) after standardization.
    double[] theta = a.theta();
    for (int j = 0; j < 2; j++) {
      assertEquals(0, theta[j], 0.15, "mean " + j + " of standardized data");
      assertEquals(0, theta[2 + j], 0.15, "log sigma " + j + " of standardized data");
    }
  }

  private static String lossAndNorm(String json) {
    return json.replaceAll(".*(\"loss\":[^,]*,\"grad_norm\":[^,]*),.*", "$1");
  }

  @Test
  void everyCheckpointDamagedIsAClearError() throws Exception {
    Path out = dir.resolve("damaged");
    assertEquals(0, run("train", base(out, 10)));
    Path only = out.resolve("checkpoints").resolve(CheckpointStore.fileName(10));
    byte[] bytes = Files.readAllBytes(only);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(only, bytes);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> resume = base(out, 20);
    resume.add("--resume");
    assertEquals(2, run(new ByteArrayOutputStream(), err, "train", resume));
    String m = err.toString(StandardCharsets.UTF_8);
    assertTrue(m.contains("no intact checkpoint") && m.contains(CheckpointStore.fileName(10)) && m.contains("corrupt"), m);
  }

  @Test
  void resumeRefusesChangedTrainingSettingsAndRestartsRefuseOldCheckpoints() throws Exception {
    Path out = dir.resolve("changed");
    assertEquals(0, run("train", base(out, 10)));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> changed = base(out, 20);
    changed.addAll(List.of("--set", "optimizer.learning_rate=0.5", "--resume"));
    assertEquals(2, run(new ByteArrayOutputStream(), err, "train", changed));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("optimizer.learning_rate: 0.05 in the checkpoint, 0.5 now"),
        err.toString(StandardCharsets.UTF_8));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    assertEquals(2, run(new ByteArrayOutputStream(), again, "train", base(out, 10)));
    assertTrue(again.toString(StandardCharsets.UTF_8).contains("pass --resume"), again.toString(StandardCharsets.UTF_8));
  }

  @Test
  void invalidConfigurationFailsBeforeAnythingIsWritten() throws Exception {
    Path out = dir.resolve("never");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = base(out, 10);
    args.addAll(List.of("--set", "train.iteratons=5", "--set", "solver.rtol=0"));
    assertEquals(2, run(new ByteArrayOutputStream(), err, "train", args));
    String m = err.toString(StandardCharsets.UTF_8);
    assertTrue(m.contains("unknown configuration key 'train.iteratons'") && m.contains("train.iterations"), m);
    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    List<String> unknownModel = base(out, 10);
    unknownModel.addAll(List.of("--set", "model.type=test-gausian"));
    assertEquals(2, run(new ByteArrayOutputStream(), err2, "train", unknownModel));
    assertTrue(err2.toString(StandardCharsets.UTF_8).contains("did you mean 'test-gaussian'"),
        err2.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(out), "nothing may be written for invalid input");
  }

  @Test
  void evaluateSampleAndScoreUseTheTrainedModel() throws Exception {
    Path out = dir.resolve("use");
    assertEquals(0, run("train", base(out, 30)));
    Snapshot m = model(out);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    assertEquals(0, run(stdout, new ByteArrayOutputStream(), "evaluate", base(out, 30)));
    String line = stdout.toString(StandardCharsets.UTF_8).trim();
    assertTrue(line.startsWith("{\"examples\":3000,\"nll\":"), line);

    List<String> sample = base(out, 30);
    sample.addAll(List.of("--set", "sample.count=5000", "--set", "sample.partitions=2"));
    assertEquals(0, run("sample", sample));
    Dataset<Row> samples = spark.read().parquet(out.resolve("samples.parquet").toString());
    assertEquals(5000, samples.count());
    assertEquals(List.of("x0", "x1"), List.of(samples.columns()));
    // Samples come back in data units: their mean is the model's mean mapped through the standardization.
    double[] mean = m.standardization().mean();
    double[] scale = m.standardization().scale();
    Row avg = samples.agg(org.apache.spark.sql.functions.avg("x0"), org.apache.spark.sql.functions.avg("x1")).first();
    for (int j = 0; j < 2; j++) {
      double expected = mean[j] + scale[j] * m.theta()[j];
      // Standard error of a mean of 5000 draws of σ ≈ 2: 0.03; allow 5 of them.
      assertEquals(expected, avg.getDouble(j), 5 * scale[j] * Math.exp(m.theta()[2 + j]) / Math.sqrt(5000), "mean " + j);
    }

    Path csv = dir.resolve("points.csv");
    Files.writeString(csv, "id;x0;x1\na;0.5;-1.0\nb;3.0;2.0\n");
    List<String> score = base(out, 30);
    score.addAll(List.of("--set", "data.format=csv", "--set", "data.path=" + csv, "--set", "data.csv.delimiter=;",
        "--set", "data.features=x0,x1", "--set", "data.partitions=0"));
    assertEquals(0, run("score", score));
    List<Row> scored = spark.read().parquet(out.resolve("scores.parquet").toString()).orderBy("id").collectAsList();
    assertEquals(List.of("id", "x0", "x1", "log_density"),
        List.of(spark.read().parquet(out.resolve("scores.parquet").toString()).columns()));
    double[][] points = {{0.5, -1.0}, {3.0, 2.0}};
    for (int i = 0; i < 2; i++) {
      // Closed form: log N(x; μ + s·m, (s·σ)²) per coordinate, summed.
      double expected = 0;
      for (int j = 0; j < 2; j++) {
        double mu = mean[j] + scale[j] * m.theta()[j];
        double sd = scale[j] * Math.exp(m.theta()[2 + j]);
        double z = (points[i][j] - mu) / sd;
        expected += -0.5 * z * z - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
      }
      assertEquals(expected, scored.get(i).getDouble(3), 1e-12, "row " + i);
    }
  }

  @Test
  void validationEveryKIsInTheMetricsAndTheCurvesAndSelectsTheModel() throws Exception {
    Path out = dir.resolve("validated");
    List<String> args = base(out, 60);
    args.addAll(List.of("--set", "validation.fraction=0.2", "--set", "validation.every=10", "--set",
        "validation.keep_best=true", "--set", "train.log_every=5", "--set", "checkpoint.keep=10"));
    run("train", args);
    MetricsLog.Lines lines = MetricsLog.read(Files.readAllBytes(out.resolve("metrics.jsonl")));
    assertEquals(12, lines.iterations().size(), "every 5th iteration");
    List<ValidationMetrics> v = lines.validations();
    assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L), v.stream().map(ValidationMetrics::iteration).toList());
    ValidationMetrics best = v.get(0);
    for (ValidationMetrics m : v) {
      best = m.loss() < best.loss() ? m : best;
    }
    assertEquals(best.iteration(), v.get(5).bestIteration());
    // 20 % of 3000 rows held out row by row: 600 expected, binomial sd 22; allow 5 sd.
    assertEquals(600, v.get(0).examples(), 110);
    Snapshot model = model(out);
    assertEquals(best.iteration(), model.iteration(), "validation.keep_best: the lowest validation loss's θ");
    Snapshot checkpoint = SnapshotFormat.read(Files.readAllBytes(out.resolve("checkpoints")
        .resolve(CheckpointStore.fileName(best.iteration()))), "checkpoint");
    assertArrayEquals(checkpoint.theta(), model.theta(), "the model holds the θ of that iteration");
    assertTrue(Files.size(out.resolve("curves.png")) > 0, "curves.png with the validation points");
  }
}
