package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odespark.io.Snapshot;

/**
 * The latent ODE as a user runs it: {@code submit/run-local train}, {@code evaluate} and {@code predict} of
 * {@code conf/spirals-latent.conf} (made small, {@link Jobs#latentOde}), each a fresh JVM; checks what they
 * wrote.
 */
class LatentJobsTest {

  @Test
  void latentOdeTrainsEvaluatesAndPredictsAsFreshProcesses() throws Exception {
    Path out = Runs.latent();
    Snapshot model = Outputs.snapshot(out.resolve("model.odsm"));
    assertEquals(Runs.LATENT_ITERATIONS, model.iteration());
    assertEquals("latent-ode", model.modelType());
    for (double v : model.theta()) {
      assertTrue(Double.isFinite(v), "θ must be finite");
    }
    List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(Runs.LATENT_ITERATIONS, metrics.size(), "one metrics line per iteration");
    for (String line : metrics) {
      JsonNode m = Outputs.json(line);
      assertTrue(Double.isFinite(m.get("loss").asDouble()) && m.get("nfe_backward").asDouble() > 0, line);
    }
    Outputs.requireImage(out.resolve("curves.png"));
    Outputs.requireImage(out.resolve("series.png"));

    // Held-out spirals (series 10⁶ … of the same generator) with their noise-free targets.
    JsonNode result = Outputs.json(Launch.lastLineStartingWith(Runs.latentEvaluate(), "{\"series\""));
    int series = Runs.LATENT_TEST_SERIES;
    assertEquals(series, result.get("series").asInt());
    assertEquals(series * Jobs.SPIRAL_POINTS * 2, result.get("interpolation_points").asInt(), "every window time, x and y");
    assertEquals(series * Jobs.SPIRAL_EXTRAPOLATE * 2, result.get("extrapolation_points").asInt());
    for (String k : List.of("elbo", "kl", "interpolation_mse", "extrapolation_mse")) {
      assertTrue(Double.isFinite(result.get(k).asDouble()), k + " in " + result);
    }
    assertEquals(-result.get("loss").asDouble(), result.get("elbo").asDouble(), 0, result.toString());

    List<Map<String, Object>> rows = Outputs.parquetRows(Runs.latentPredictions());
    assertEquals(List.of("series", "time", "kind", "sample", "x", "y"), List.copyOf(rows.get(0).keySet()));
    // Per series: the reconstruction at each observation and the trajectory at the requested times, each as
    // the posterior mean (sample −1) and the draws.
    int perPoint = 1 + Runs.LATENT_PREDICT_SAMPLES;
    assertEquals(Runs.LATENT_PREDICT_SERIES * (Jobs.SPIRAL_OBSERVED + Runs.LATENT_PREDICT_POINTS) * perPoint,
        rows.size());
    Map<String, Integer> perKind = new HashMap<>();
    for (Map<String, Object> r : rows) {
      perKind.merge((String) r.get("kind"), 1, Integer::sum);
      assertTrue(Double.isFinite((Double) r.get("x")) && Double.isFinite((Double) r.get("y")), r.toString());
      double t = (Double) r.get("time");
      assertTrue(t >= 0 && t <= 1, "requested and observed times lie in the window [0, 1]: " + r);
    }
    assertEquals(Runs.LATENT_PREDICT_SERIES * Jobs.SPIRAL_OBSERVED * perPoint, perKind.get("observed"),
        perKind.toString());
    LocalJobsTest.requireQuietLog(Files.readString(out.resolveSibling("train.log")));
  }
}
