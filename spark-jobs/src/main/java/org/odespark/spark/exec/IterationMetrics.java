package org.odespark.spark.exec;

import java.util.Locale;

/**
 * What one training iteration reports: the minibatch's mean loss and gradient norm (before clipping), the
 * solver's function evaluations per solve (forward, backward), the examples, the wall time, throughput and
 * the estimated time to finish, and for classifiers the minibatch accuracy (weighted share of correctly
 * classified examples, before the step; NaN for other models, and then absent from the JSON and the log
 * line). Immutable.
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
    return String.format(Locale.ROOT, "{\"iteration\":%d,\"iterations\":%d,\"loss\":%s,%s\"grad_norm\":%s,"
            + "\"learning_rate\":%s,\"nfe_forward\":%s,\"nfe_backward\":%s,\"examples\":%d,\"seconds\":%.6f,"
            + "\"examples_per_second\":%.3f,\"eta_seconds\":%.3f}", iteration, iterations, json(loss),
        Double.isNaN(accuracy) ? "" : "\"accuracy\":" + json(accuracy) + ",", json(gradientNorm),
        json(learningRate), json(nfeForward), json(nfeBackward), examples, seconds, examplesPerSecond, etaSeconds);
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

  private static String json(double x) {
    return Double.isFinite(x) ? Double.toString(x) : "null";
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
