package org.odespark.spark.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.train.TrainerEvaluation;
import org.odespark.train.TrainerIteration;
import org.odespark.train.TrainerOptions;

/** The metrics file: JSON lines through Jackson, read back by iteration, kept up to a resumed checkpoint. */
class MetricsLogTest {

  @TempDir
  Path dir;

  private static IterationMetrics line(long iteration, double loss) {
    return new IterationMetrics(iteration, 9380, loss, 0.5, 1e-3, 26, 32.5, 100, 0.25, 400, 12.5);
  }

  private static IterationMetrics parse(String line) {
    return IterationMetrics.of(MetricsJson.parse(line));
  }

  @Test
  void linesRoundTripWithNonFiniteNumbersAsNull() {
    IterationMetrics m = new IterationMetrics(50, 9380, Double.POSITIVE_INFINITY, 0.41, 1e-3, 26, 32, 100, 0.41,
        244, 405, 0.8125);
    String json = m.toJson();
    assertTrue(json.startsWith("{\"iteration\":50,\"iterations\":9380,\"loss\":null,\"accuracy\":0.8125,"), json);
    IterationMetrics back = parse(json);
    assertEquals(new IterationMetrics(50, 9380, Double.NaN, 0.41, 1e-3, 26, 32, 100, 0.41, 244, 405, 0.8125), back);
    assertEquals(line(7, 2.5), parse(line(7, 2.5).toJson()), "every field survives");
    assertTrue(Double.isNaN(parse(line(7, 2.5).toJson()).accuracy()), "no accuracy: NaN");
    // Jackson reads what a JSON writer may produce and string formatting would not: spaces, other key order.
    assertEquals(3, parse("{ \"loss\": 1.5, \"iteration\": 3 }").iteration());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> parse("{\"iteration\":2.5}"));
    assertTrue(bad.getMessage().contains("integer iteration"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> parse("{\"iteration\":12,\"loss\":3."));
  }

  @Test
  void readingSkipsAPartialLastLineAndKeepsIterationsIncreasing() {
    String file = line(50, 3).toJson() + "\n" + line(100, 2.9).toJson() + "\n\n" + line(100, 7).toJson() + "\n"
        + line(150, 2.8).toJson() + "\n" + "{\"iteration\":200,\"lo";
    List<IterationMetrics> lines = MetricsLog.read(file.getBytes(StandardCharsets.UTF_8)).iterations();
    assertEquals(List.of(50L, 100L, 150L), lines.stream().map(IterationMetrics::iteration).toList());
    assertEquals(2.9, lines.get(1).loss());
  }

  private static TrainerIteration step(long iteration, double loss) {
    return new TrainerIteration(iteration, loss, 0.75, 0.5, 1e-3, 26, 32.5, 100, 0.25);
  }

  @Test
  void aResumedFileKeepsTheLinesUpToItsCheckpoint() throws Exception {
    HadoopStorage storage = new HadoopStorage(new Configuration());
    String location = dir.resolve("metrics.jsonl").toString();
    TrainerOptions options = TrainerOptions.builder().iterations(9).build();
    try (MetricsLog log = new MetricsLog(storage, location, 0, options, false)) {
      for (long i = 1; i <= 5; i++) {
        log.onIteration(step(i, 3 - 0.1 * i));
      }
      assertEquals(List.of(), log.records(), "a file log keeps no records in memory");
    }
    try (MetricsLog log = new MetricsLog(storage, location, 3, options, false)) {
      log.onIteration(step(4, 9));
    }
    List<IterationMetrics> lines = MetricsLog.read(Files.readAllBytes(dir.resolve("metrics.jsonl"))).iterations();
    assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(IterationMetrics::iteration).toList());
    assertEquals(9, lines.get(3).loss(), "the resumed run's line replaces the old one");
    assertTrue(Double.isNaN(lines.get(3).accuracy()), "a density model's lines carry no accuracy");
  }

  @Test
  void heldOutEvaluationsShareTheFileAndSurviveAResume() throws Exception {
    HadoopStorage storage = new HadoopStorage(new Configuration());
    String location = dir.resolve("validated.jsonl").toString();
    TrainerOptions options = TrainerOptions.builder().iterations(6).logEvery(2).build();
    try (MetricsLog log = new MetricsLog(storage, location, 0, options, true)) {
      for (long i = 1; i <= 4; i++) {
        log.onIteration(step(i, 3 - 0.1 * i));
        if (i % 2 == 0) {
          log.onEvaluation(new TrainerEvaluation(i, 2.5 + i, 0.9, 20, 500, 0.1, 2, 4.5));
        }
      }
      assertEquals(List.of(2L, 4L), log.validations().stream().map(ValidationMetrics::iteration).toList());
    }
    try (MetricsLog log = new MetricsLog(storage, location, 2, options, true)) {
      log.onIteration(step(3, 1));
      log.onIteration(step(4, 1));
    }
    MetricsLog.Lines lines = MetricsLog.read(Files.readAllBytes(dir.resolve("validated.jsonl")));
    assertEquals(List.of(2L, 4L), lines.iterations().stream().map(IterationMetrics::iteration).toList());
    assertEquals(List.of(new ValidationMetrics(2, 4.5, 0.9, 20, 500, 0.1, 2, 4.5)), lines.validations(),
        "the evaluation up to the resumed checkpoint is kept, field for field");
    String json = lines.validations().get(0).toJson();
    assertTrue(json.startsWith("{\"iteration\":2,\"validation_loss\":4.5,\"validation_accuracy\":0.9,"), json);
  }

  @Test
  void theFileGetsEveryKthLineAndTheLastAndAnInMemoryLogKeepsEveryRecord() throws Exception {
    TrainerOptions options = TrainerOptions.builder().iterations(7).logEvery(3).build();
    HadoopStorage storage = new HadoopStorage(new Configuration());
    String location = dir.resolve("every3.jsonl").toString();
    MetricsLog memory = MetricsLog.inMemory(options, true);
    try (MetricsLog file = new MetricsLog(storage, location, 0, options, true)) {
      for (long i = 1; i <= 7; i++) {
        file.onIteration(step(i, 3 - 0.1 * i));
        memory.onIteration(step(i, 3 - 0.1 * i));
      }
    }
    List<IterationMetrics> lines = MetricsLog.read(Files.readAllBytes(dir.resolve("every3.jsonl"))).iterations();
    assertEquals(List.of(3L, 6L, 7L), lines.stream().map(IterationMetrics::iteration).toList());
    assertEquals(0.75, lines.get(0).accuracy(), "a classifier's lines carry the minibatch accuracy");
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L),
        memory.records().stream().map(IterationMetrics::iteration).toList());
    assertEquals(7, memory.records().get(6).iterations());
  }
}
