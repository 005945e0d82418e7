package org.odespark.spark.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.odespark.classify.OdeNetClassifier;
import org.odespark.classify.ResNetClassifier;
import org.odespark.flow.Cnf;
import org.odespark.nn.ParameterLayout;
import org.odespark.objective.Objective;

/**
 * A model's architecture as text, logged when training starts and written as {@code model-summary.txt} in
 * the model's directory (the {@code train} job's {@code output.dir}, an ML model's save path): the model
 * kind and input dimension, the spec (layers and widths, activation, integration time, trace estimator,
 * solver and tolerances, gradient method), the parameter count, and one line per parameter block of θ with
 * its shape and size, in θ's order (the layers of each vector field, with their widths).
 */
public final class ModelSummary {

  /** The file name in the model's directory. */
  public static final String FILE = "model-summary.txt";

  private ModelSummary() {}

  /**
   * The summary of {@code objective}, built from {@code spec}, for data with {@code features} columns.
   *
   * @param type the model kind, e.g. {@code cnf} or {@code odenet-classifier}
   */
  public static String of(String type, int features, Objective.Spec spec, Objective objective) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "model: %s on %d features%n", type, features));
    s.append("spec: ").append(spec).append(System.lineSeparator());
    ParameterLayout layout = layout(objective);
    if (layout == null) {
      return s.append(String.format(Locale.ROOT, "parameters: %,d%n", objective.parameterCount())).toString();
    }
    s.append(String.format(Locale.ROOT, "parameters: %,d in %d blocks%n", layout.size(), layout.blocks().size()));
    int width = "block".length();
    for (ParameterLayout.Block b : layout.blocks()) {
      width = Math.max(width, b.name().length());
    }
    s.append(String.format(Locale.ROOT, "  %-" + width + "s  %11s  %10s%n", "block", "shape", "parameters"));
    for (ParameterLayout.Block b : layout.blocks()) {
      s.append(String.format(Locale.ROOT, "  %-" + width + "s  %11s  %,10d%n", b.name(), b.rows() + " × " + b.cols(),
          b.size()));
    }
    return s.toString();
  }

  /** The θ layout of the models that describe theirs (flows, classifiers), or null. */
  private static ParameterLayout layout(Objective objective) {
    if (objective instanceof Cnf cnf) {
      return cnf.layout();
    }
    if (objective instanceof OdeNetClassifier c) {
      return c.layout();
    }
    if (objective instanceof ResNetClassifier c) {
      return c.layout();
    }
    return null;
  }

  /** Writes {@code summary} as {@link #FILE} in the directory {@code dir} (local path or Hadoop URI), atomically. */
  public static void write(HadoopStorage storage, String dir, String summary) throws IOException {
    storage.writeAtomically(storage.qualify(dir.endsWith("/") ? dir + FILE : dir + "/" + FILE),
        summary.getBytes(StandardCharsets.UTF_8));
  }
}
