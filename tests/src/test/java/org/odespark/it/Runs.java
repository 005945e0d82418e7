package org.odespark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The runs that several test classes check or compare against, each made once per test JVM with
 * {@code submit/run-local} (a fresh process, local[*]) and kept under {@code tests/target/e2e/} (emptied at
 * first use): the trained CNF and classifier, and what evaluate, sample and score wrote with them. The
 * cluster tests require the same bits from the same jobs on the standalone cluster.
 */
final class Runs {

  /** Iterations of every CNF training run of the tests (the fault tests interrupt it in the middle). */
  static final int CNF_ITERATIONS = 30;
  static final int CLASSIFIER_ITERATIONS = 25;
  /** Rows of the points table that evaluate and score read; samples drawn. */
  static final int POINTS = 400;
  static final int SAMPLES = 3000;
  static final int TEST_BLOBS = 400;
  /** Iterations of the latent ODE's training run. */
  static final int LATENT_ITERATIONS = 10;
  /** Held-out spirals that the latent ODE's evaluate reads, and spirals that predict reconstructs. */
  static final int LATENT_TEST_SERIES = 20;
  static final int LATENT_PREDICT_SERIES = 3;
  static final int LATENT_PREDICT_POINTS = 5;
  static final int LATENT_PREDICT_SAMPLES = 2;

  private static final Map<String, Object> DONE = new HashMap<>();
  private static Path base;

  private Runs() {}

  /** A new, empty directory under {@code tests/target/e2e/}. */
  static synchronized Path directory(String name) {
    try {
      if (base == null) {
        base = Launch.ROOT.resolve("tests/target/e2e");
        delete(base);
        Files.createDirectories(base);
      }
      Path d = base.resolve(name);
      delete(d);
      return Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The output directory of {@code train} of {@link Jobs#cnf} ({@value #CNF_ITERATIONS} iterations). */
  static Path cnf() throws Exception {
    return once("cnf", () -> {
      Path out = directory("local-cnf").resolve("out");
      runLocal("train", out.resolveSibling("train.log"), Jobs.cnf(out, CNF_ITERATIONS));
      return out;
    });
  }

  /** The CSV of {@value #POINTS} 8-Gaussians points with ids ({@link Jobs#writePoints}). */
  static Path points() throws Exception {
    return once("points", () -> {
      Path csv = directory("points").resolve("points.csv");
      Jobs.writePoints(csv, POINTS, 11);
      return csv;
    });
  }

  /** The CNF job's arguments reading {@link #points} as its table (the file's own partitioning). */
  static List<String> onPoints(Path out) throws Exception {
    List<String> args = Jobs.cnf(out, CNF_ITERATIONS);
    args.addAll(List.of("--set", "data.format=csv", "--set", "data.path=" + points(),
        "--set", "data.features=x0,x1", "--set", "data.partitions=0"));
    return args;
  }

  /** The log (stdout and stderr) of {@code evaluate} of {@link #cnf} on {@link #points}, one row per solve. */
  static String cnfEvaluate() throws Exception {
    return once("cnf-evaluate", () -> {
      List<String> args = onPoints(cnf());
      args.addAll(List.of("--set", "evaluate.batch_size=1"));
      return runLocal("evaluate", directory("local-cnf-evaluate").resolve("evaluate.log"), args);
    });
  }

  /** The Parquet directory of {@code score} of {@link #cnf} on {@link #points}, one row per solve. */
  static Path cnfScores() throws Exception {
    return once("cnf-scores", () -> {
      Path scores = directory("local-cnf-score").resolve("scores.parquet");
      List<String> args = onPoints(cnf());
      args.addAll(List.of("--set", "score.batch_size=1", "--set", "score.output=" + scores));
      runLocal("score", scores.resolveSibling("score.log"), args);
      return scores;
    });
  }

  /** The Parquet directory of {@value #SAMPLES} samples of {@link #cnf} in two partitions. */
  static Path cnfSamples() throws Exception {
    return once("cnf-samples", () -> {
      Path samples = directory("local-cnf-sample").resolve("samples.parquet");
      List<String> args = Jobs.cnf(cnf(), CNF_ITERATIONS);
      args.addAll(List.of("--set", "sample.count=" + SAMPLES, "--set", "sample.partitions=2",
          "--set", "sample.output=" + samples));
      runLocal("sample", samples.resolveSibling("sample.log"), args);
      return samples;
    });
  }

  /** The classifier's training data, {@link Jobs#writeBlobs}. */
  static Path blobs() throws Exception {
    return once("blobs", () -> {
      Path csv = directory("blobs").resolve("blobs.csv");
      Jobs.writeBlobs(csv, Jobs.CLASSIFIER_ROWS, 5);
      return csv;
    });
  }

  /** Held-out rows of the same two classes. */
  static Path testBlobs() throws Exception {
    return once("test-blobs", () -> {
      Path csv = directory("test-blobs").resolve("test.csv");
      Jobs.writeBlobs(csv, TEST_BLOBS, 6);
      return csv;
    });
  }

  /** The output directory of {@code train} of {@link Jobs#classifier} on {@link #blobs}. */
  static Path classifier() throws Exception {
    return once("classifier", () -> {
      Path out = directory("local-classifier").resolve("out");
      runLocal("train", out.resolveSibling("train.log"), Jobs.classifier(out, blobs(), CLASSIFIER_ITERATIONS));
      return out;
    });
  }

  /** The log of {@code evaluate} of {@link #classifier} on {@link #testBlobs}. */
  static String classifierEvaluate() throws Exception {
    return once("classifier-evaluate", () -> runLocal("evaluate",
        directory("local-classifier-evaluate").resolve("evaluate.log"),
        Jobs.classifier(classifier(), testBlobs(), CLASSIFIER_ITERATIONS)));
  }

  /** The output directory of {@code train} of {@link Jobs#latentOde} ({@value #LATENT_ITERATIONS} iterations). */
  static Path latent() throws Exception {
    return once("latent", () -> {
      Path out = directory("local-latent").resolve("out");
      runLocal("train", out.resolveSibling("train.log"), Jobs.latentOde(out, LATENT_ITERATIONS));
      return out;
    });
  }

  /** The latent ODE job's arguments for evaluate on the held-out spirals (series 10⁶ … of the generator). */
  static List<String> latentTest(Path out) {
    List<String> args = Jobs.latentOde(out, LATENT_ITERATIONS);
    args.addAll(List.of("--set", "data.generator.first=1000000", "--set", "data.generator.count=" + LATENT_TEST_SERIES));
    return args;
  }

  /** The latent ODE job's arguments for predict of a few spirals, with posterior samples, into {@code output}. */
  static List<String> latentPredict(Path out, Path output) {
    List<String> args = Jobs.latentOde(out, LATENT_ITERATIONS);
    args.addAll(List.of("--set", "data.generator.count=" + LATENT_PREDICT_SERIES,
        "--set", "predict.points=" + LATENT_PREDICT_POINTS, "--set", "predict.samples=" + LATENT_PREDICT_SAMPLES,
        "--set", "predict.output=" + output));
    return args;
  }

  /** The log of {@code evaluate} of {@link #latent} ({@link #latentTest}). */
  static String latentEvaluate() throws Exception {
    return once("latent-evaluate", () -> runLocal("evaluate",
        directory("local-latent-evaluate").resolve("evaluate.log"), latentTest(latent())));
  }

  /** The Parquet directory of {@code predict} of {@link #latent} ({@link #latentPredict}). */
  static Path latentPredictions() throws Exception {
    return once("latent-predict", () -> {
      Path predictions = directory("local-latent-predict").resolve("predictions.parquet");
      runLocal("predict", predictions.resolveSibling("predict.log"), latentPredict(latent(), predictions));
      return predictions;
    });
  }

  /** {@code submit/run-local JOB ARGS...}, which must succeed; returns its log. */
  static String runLocal(String job, Path log, List<String> args) throws IOException, InterruptedException {
    return Launch.succeeds(log, Map.of(), 600, Launch.command("submit/run-local", List.of(job),
        args.toArray(new String[0])));
  }

  @SuppressWarnings("unchecked")
  private static synchronized <T> T once(String key, Callable<T> run) throws Exception {
    if (!DONE.containsKey(key)) {
      DONE.put(key, run.call());
    }
    return (T) DONE.get(key);
  }

  static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
