package org.odespark.spark.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What one training iteration reports: the minibatch's mean loss and gradient norm (before clipping), the
 * solver's function evaluations per solve (forward, backward), the examples, the wall time, throughput and
 * the estimated time to finish, and for classifiers the minibatch accuracy (weighted share of correctly
 * classified examples, before the step; NaN for other models, and then absent from the JSON and the log
 * line). Immutable.
 *
 * <p>The metrics file holds one JSON object per line, written and read with Jackson ({@link MetricsJson}):
 * {@code iteration},
 * {@code iterations}, {@code loss}, {@code accuracy} (classifiers), {@code grad_norm}, {@code learning_rate},
 * {@code nfe_forward}, {@code nfe_backward}, {@code examples}, {@code seconds}, {@code examples_per_second},
 * {@code eta_seconds}; a non-finite number is written as {@code null} and read back as NaN.
 */
public record IterationMetrics(long iteration, long iterations, double loss, double gradientNorm,
                               double learningRate, double nfeForward, double nfeBackward, long examples,
                               double seconds, double examplesPerSecond, double etaSeconds, double accuracy) {

  /** As the canonical constructor without an accuracy (density models). */
  public IterationMetrics(long iteration, long iterations, double loss, double gradientNorm, double learningRate,
                          double nfeForward, double nfeBackward, long examples, double seconds,
                          double examplesPerSecond, double etaSeconds) {
    this(iteration, iterations, loss, gradientNorm, learningRate, nfeForward, nfeBackward, examples, seconds,
        examplesPerSecond, etaSeconds, Double.NaN);
  }

  /** One JSON object on one line (the metrics file's format). */
  public String toJson() {
    ObjectNode o = MetricsJson.object(iteration);
    o.put("iterations", iterations);
    MetricsJson.number(o, "loss", loss);
    if (!Double.isNaN(accuracy)) {
      MetricsJson.number(o, "accuracy", accuracy);
    }
    MetricsJson.number(o, "grad_norm", gradientNorm);
    MetricsJson.number(o, "learning_rate", learningRate);
    MetricsJson.number(o, "nfe_forward", nfeForward);
    MetricsJson.number(o, "nfe_backward", nfeBackward);
    o.put("examples", examples);
    MetricsJson.number(o, "seconds", seconds);
    MetricsJson.number(o, "examples_per_second", examplesPerSecond);
    MetricsJson.number(o, "eta_seconds", etaSeconds);
    return MetricsJson.text(o);
  }

  /**
   * The metrics of one line of the metrics file ({@link MetricsJson#parse}); absent or null numbers are NaN (0
   * for the counts but {@code iteration}).
   */
  static IterationMetrics of(JsonNode o) {
    return new IterationMetrics(o.get("iteration").asLong(), o.path("iterations").asLong(0),
        MetricsJson.number(o, "loss"), MetricsJson.number(o, "grad_norm"), MetricsJson.number(o, "learning_rate"),
        MetricsJson.number(o, "nfe_forward"), MetricsJson.number(o, "nfe_backward"), o.path("examples").asLong(0),
        MetricsJson.number(o, "seconds"), MetricsJson.number(o, "examples_per_second"),
        MetricsJson.number(o, "eta_seconds"), MetricsJson.number(o, "accuracy"));
  }

  /**
   * The log line: "iteration 10/1000 loss 2.834100 |g| 0.4120 lr 1.00e-03 nfe 26.0/32.0 0.41 s 244 ex/s eta
   * 6m45s", with "acc 0.8125" after the loss for classifiers.
   */
  public String toLogLine() {
    return String.format(Locale.ROOT, "iteration %d/%d loss %.6f%s |g| %.4g lr %.3g nfe %.1f/%.1f %.3f s %.0f ex/s"
            + " eta %s", iteration, iterations, loss,
        Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " acc %.4f", accuracy), gradientNorm, learningRate,
        nfeForward, nfeBackward, seconds, examplesPerSecond, duration(etaSeconds));
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
