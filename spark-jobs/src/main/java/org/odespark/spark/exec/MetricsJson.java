package org.odespark.spark.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The metrics file's JSON, through Jackson: one object per line with an integer {@code iteration} ≥ 1;
 * non-finite numbers are written as {@code null} and read back, like absent ones, as NaN. Training lines
 * ({@link IterationMetrics}) and held-out lines ({@link ValidationMetrics}, told apart by their
 * {@code validation_loss}) share the file.
 */
final class MetricsJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricsJson() {}

  static ObjectNode object(long iteration) {
    return JSON.createObjectNode().put("iteration", iteration);
  }

  static String text(ObjectNode o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write metrics as JSON", e);
    }
  }

  /**
   * The object of one line.
   *
   * @throws IllegalArgumentException if the line is not a JSON object with an integer {@code iteration} ≥ 1
   */
  static JsonNode parse(String line) {
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
    }
    JsonNode iteration = o == null ? null : o.path("iteration");
    if (iteration == null || !o.isObject() || !iteration.isIntegralNumber() || !iteration.canConvertToLong()
        || iteration.asLong() < 1) {
      throw new IllegalArgumentException("not a metrics line (a JSON object with an integer iteration >= 1)");
    }
    return o;
  }

  /** Whether a parsed line holds a held-out evaluation. */
  static boolean isValidation(JsonNode o) {
    return o.has("validation_loss");
  }

  static void number(ObjectNode o, String name, double x) {
    if (Double.isFinite(x)) {
      o.put(name, x);
    } else {
      o.putNull(name);
    }
  }

  static double number(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }
}
