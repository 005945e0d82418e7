package org.odespark.spark.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.odespark.train.TrainerEvaluation;

/**
 * What one held-out evaluation reports: the mean loss over the validation data after {@code iteration}
 * steps, for classifiers the accuracy (NaN otherwise), forward NFE per solve, the examples and wall time, and
 * the run's best so far (the iteration and loss of the lowest validation loss, this one included). Its
 * metrics-file line: {@code iteration}, {@code validation_loss}, {@code validation_accuracy} (classifiers),
 * {@code validation_nfe_forward}, {@code validation_examples}, {@code validation_seconds},
 * {@code best_iteration}, {@code best_validation_loss}. Immutable.
 */
public record ValidationMetrics(long iteration, double loss, double accuracy, double nfeForward, long examples,
                                double seconds, long bestIteration, double bestLoss) {

  /** The metrics of a trainer's evaluation; {@code accuracy} whether to keep its accuracy (classifiers). */
  public static ValidationMetrics of(TrainerEvaluation e, boolean accuracy) {
    return new ValidationMetrics(e.iteration(), e.loss(), accuracy ? e.accuracy() : Double.NaN, e.nfeForward(),
        e.examples(), e.seconds(), e.bestIteration(), e.bestLoss());
  }

  /** One JSON object on one line. */
  public String toJson() {
    ObjectNode o = MetricsJson.object(iteration);
    MetricsJson.number(o, "validation_loss", loss);
    if (!Double.isNaN(accuracy)) {
      MetricsJson.number(o, "validation_accuracy", accuracy);
    }
    MetricsJson.number(o, "validation_nfe_forward", nfeForward);
    o.put("validation_examples", examples);
    MetricsJson.number(o, "validation_seconds", seconds);
    o.put("best_iteration", bestIteration);
    MetricsJson.number(o, "best_validation_loss", bestLoss);
    return MetricsJson.text(o);
  }

  static ValidationMetrics of(JsonNode o) {
    return new ValidationMetrics(o.get("iteration").asLong(), MetricsJson.number(o, "validation_loss"),
        MetricsJson.number(o, "validation_accuracy"), MetricsJson.number(o, "validation_nfe_forward"),
        o.path("validation_examples").asLong(0), MetricsJson.number(o, "validation_seconds"),
        o.path("best_iteration").asLong(-1), MetricsJson.number(o, "best_validation_loss"));
  }

  /**
   * The log line: "validation at iteration 100: loss 2.912300 (best 2.851000 at 80) nfe 26.0 1000 examples
   * 0.52 s", with "acc 0.9310" after the loss for classifiers.
   */
  public String toLogLine() {
    return String.format(Locale.ROOT, "validation at iteration %d: loss %.6f%s (best %.6f at %d) nfe %.1f %d examples"
            + " %.3f s", iteration, loss, Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " acc %.4f", accuracy),
        bestLoss, bestIteration, nfeForward, examples, seconds);
  }
}
