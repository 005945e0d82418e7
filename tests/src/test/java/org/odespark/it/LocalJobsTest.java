package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.odespark.random.SeedSequence;
import org.odespark.data.ToyDistributions;
import org.odespark.io.Snapshot;

/**
 * Every job as a user runs it on one machine: each {@code submit/run-local ...} a fresh JVM (Spark local[*]),
 * nothing shared with the test JVM but files. Checks what the jobs wrote, not only their exit codes.
 */
class LocalJobsTest {

  @Test
  void cnfTrainingWritesTheModelMetricsCheckpointsAndFigures() throws Exception {
    Path out = Runs.cnf();
    Snapshot model = Outputs.snapshot(out.resolve("model.odsm"));
    assertEquals(Runs.CNF_ITERATIONS, model.iteration());
    for (double v : model.theta()) {
      assertTrue(Double.isFinite(v), "θ must be finite");
    }
    List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(Runs.CNF_ITERATIONS, metrics.size(), "one metrics line per iteration");
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode m = Outputs.json(metrics.get(i));
      assertEquals(i + 1, m.get("iteration").asInt(), metrics.get(i));
      assertTrue(Double.isFinite(m.get("loss").asDouble()), metrics.get(i));
    }
    // The newest checkpoint holds the final θ (the model is written from the same state).
    Snapshot last = Outputs.snapshot(out.resolve("checkpoints/checkpoint-000000000030.odsk"));
    assertArrayEquals(model.theta(), last.theta());
    Outputs.requireImage(out.resolve("curves.png"));
    Outputs.requireImage(out.resolve("density.png"));
    requireQuietLog(Files.readString(out.resolveSibling("train.log")));
  }

  @Test
  void evaluateAndScoreGiveTheSameLogDensitiesAndScoreKeepsEveryRow() throws Exception {
    JsonNode result = Outputs.json(Launch.lastLineStartingWith(Runs.cnfEvaluate(), "{\"examples\""));
    assertEquals(Runs.POINTS, result.get("examples").asInt());
    double nll = result.get("nll").asDouble();
    assertTrue(Double.isFinite(nll), "nll " + nll);

    List<Map<String, Object>> rows = Outputs.parquetRows(Runs.cnfScores());
    assertEquals(List.of("id", "x0", "x1", "log_density"), List.copyOf(rows.get(0).keySet()));
    assertEquals(Runs.POINTS, rows.size(), "rows in = rows out");
    Map<String, double[]> points = pointsById(Runs.points());
    Set<String> ids = new HashSet<>();
    double sum = 0;
    for (Map<String, Object> r : rows) {
      String id = (String) r.get("id");
      assertTrue(ids.add(id), "id " + id + " twice");
      double[] xy = points.get(id);
      // The table's own columns pass through as they were read (CSV cells: their text).
      assertEquals(xy[0], Double.parseDouble((String) r.get("x0")), 0, id);
      assertEquals(xy[1], Double.parseDouble((String) r.get("x1")), 0, id);
      double logp = (Double) r.get("log_density");
      assertTrue(Double.isFinite(logp), id + ": " + logp);
      sum += logp;
    }
    assertEquals(points.keySet(), ids, "every id of the table, once");
    // One row per solve in both jobs, so each row's value is the same computation: the means differ only by
    // the order of the additions.
    assertEquals(-nll, sum / Runs.POINTS, 1e-12 * Math.abs(nll), "score's mean log-density must be evaluate's −NLL");
  }

  @Test
  void samplesHaveTheDataMomentsAndTheReadmeScoresThem() throws Exception {
    Path samples = Runs.cnfSamples();
    List<Map<String, Object>> rows = Outputs.parquetRows(samples);
    assertEquals(Runs.SAMPLES, rows.size());
    assertEquals(List.of("x0", "x1"), List.copyOf(rows.get(0).keySet()));
    double[] drawn = new double[2 * rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      drawn[2 * i] = (Double) rows.get(i).get("x0");
      drawn[2 * i + 1] = (Double) rows.get(i).get("x1");
    }
    double[] data = ToyDistributions.sample("8gaussians", 20000, SeedSequence.of(1).random("moments"));
    for (int j = 0; j < 2; j++) {
      double[] s = moments(drawn, j);
      double[] d = moments(data, j);
      // Standardized, the data have mean 0 and unit variance, and a 30-iteration flow is still close to
      // N(0, I) there; the standardization maps that back onto the data's first two moments. Sampling error
      // of 3000 draws: 0.02 sd.
      assertEquals(d[0], s[0], 0.15 * d[1], "mean of coordinate " + j);
      assertEquals(d[1], s[1], 0.15 * d[1], "sd of coordinate " + j);
    }

    // Toy data are generated, not a table: score names the way to one, the samples sample wrote.
    Path run = Runs.directory("local-score-samples");
    Launch.Running refused = Launch.start(run.resolve("score-toy.log"), Map.of(),
        Launch.command("submit/run-local", List.of("score"), Jobs.cnf(Runs.cnf(), Runs.CNF_ITERATIONS)
            .toArray(new String[0])));
    assertEquals(2, refused.waitFor(120), refused.output());
    assertTrue(refused.output().contains("--set data.format=parquet --set data.path="), refused.output());

    List<String> score = Jobs.cnf(Runs.cnf(), Runs.CNF_ITERATIONS);
    Path scores = run.resolve("scores.parquet");
    score.addAll(List.of("--set", "data.format=parquet", "--set", "data.path=" + samples,
        "--set", "score.output=" + scores));
    Runs.runLocal("score", run.resolve("score.log"), score);
    List<Map<String, Object>> scored = Outputs.parquetRows(scores);
    assertEquals(Runs.SAMPLES, scored.size());
    for (Map<String, Object> r : scored) {
      assertTrue(Double.isFinite((Double) r.get("log_density")), "" + r);
    }
  }

  @Test
  void classifierTrainsAndEvaluatesOnHeldOutRows() throws Exception {
    Path out = Runs.classifier();
    Snapshot model = Outputs.snapshot(out.resolve("model.odsm"));
    assertEquals(Runs.CLASSIFIER_ITERATIONS, model.iteration());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(Runs.CLASSIFIER_ITERATIONS, metrics.size());
    assertTrue(Outputs.json(metrics.get(0)).has("accuracy"), metrics.get(0));
    Outputs.requireImage(out.resolve("curves.png"));

    String log = Runs.classifierEvaluate();
    JsonNode result = Outputs.json(Launch.lastLineStartingWith(log, "{\"examples\""));
    assertEquals(Runs.TEST_BLOBS, result.get("examples").asInt());
    // The classes overlap: the best rule (x0 > 0) is right 93 % of the time; 0.85 leaves room for a short
    // run and for the sampling error of 400 rows (1.3 %).
    assertTrue(result.get("accuracy").asDouble() >= 0.85, result.toString());
    assertTrue(result.get("loss").asDouble() < Math.log(2), "better than chance: " + result);
    requireQuietLog(log);
  }

  /** The rows of a {@link Jobs#writePoints} table by id. */
  static Map<String, double[]> pointsById(Path csv) throws java.io.IOException {
    Map<String, double[]> byId = new java.util.HashMap<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",");
      byId.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
    }
    return byId;
  }

  /** Mean and standard deviation of coordinate j of 2-D points stored row-major. */
  static double[] moments(double[] xy, int j) {
    int n = xy.length / 2;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += xy[2 * i + j] / n;
    }
    double var = 0;
    for (int i = 0; i < n; i++) {
      double d = xy[2 * i + j] - mean;
      var += d * d / (n - 1);
    }
    return new double[] {mean, Math.sqrt(var)};
  }

  /** The log of a job: no JVM or Hadoop start-up noise, and the configuration in one line, not 80. */
  static void requireQuietLog(String log) {
    assertFalse(log.contains("Using incubator modules"), log);
    assertFalse(log.contains("NativeCodeLoader"), log);
    assertFalse(log.contains("solver.backward.rtol ="), "the configuration dump belongs in a file:\n" + log);
  }
}
