package org.odespark.spark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odespark.plot.TrainingCurves;
import org.odespark.spark.exec.IterationMetrics;
import org.odespark.spark.exec.MetricsLog;
import org.odespark.spark.exec.ValidationMetrics;

/** curves.png plots against the iteration field of metrics.jsonl, not the line number. */
class TrainingFiguresTest {

  @Test
  void aRunLoggingEvery50IterationsPlotsOverItsTrueLength() {
    StringBuilder file = new StringBuilder();
    for (long i = 50; i <= 9380; i += 50) {
      file.append(metrics(i, 3 - i / 1e4).toJson()).append('\n');
    }
    file.append(metrics(9380, 2).toJson()).append('\n');
    file.append(new ValidationMetrics(9000, 2.5, Double.NaN, 20, 100, 0.1, 9000, 2.5).toJson()).append('\n');
    MetricsLog.Lines lines = MetricsLog.read(file.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(188, lines.iterations().size());
    assertEquals(1, lines.validations().size());
    TrainingCurves curves = TrainingFigures.curves(lines);
    assertEquals(9380, curves.lastIteration(), "the x axis ends at the last iteration, not at line 188");
    assertNull(TrainingFigures.curves(new MetricsLog.Lines(List.of(metrics(1, Double.NaN)), List.of())),
        "nothing finite to draw");
  }

  private static IterationMetrics metrics(long iteration, double loss) {
    return new IterationMetrics(iteration, 9380, loss, 0.5, 1e-3, 26, 32, 100, 0.25, 400, 0);
  }
}
