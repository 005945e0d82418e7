package org.odespark.spark.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders docs/configuration.md from reference.conf: one table per section, one row per key with its
 * default, valid values and documentation. {@code ConfigReferenceTest} fails when the committed page differs;
 * regenerate it with {@code java -cp ... org.odespark.spark.config.ConfigReference docs/configuration.md}.
 */
public final class ConfigReference {

  private ConfigReference() {}

  /** The whole page. */
  public static String markdown(ConfigSchema schema) {
    StringBuilder s = new StringBuilder();
    s.append("# Configuration reference\n\n");
    s.append("Generated from `conf/reference.conf` by `ConfigReference` (a test checks that this page is up to\n"
        + "date; do not edit it by hand). Every job reads `conf/reference.conf`, then the files given with\n"
        + "`--conf` (later ones win), then each `--set key=value`. Keys not listed here, values of the wrong\n"
        + "type and values out of range are errors reported before Spark starts, naming the key and the\n"
        + "closest valid one. Files are [HOCON](https://github.com/lightbend/config/blob/main/HOCON.md); a\n"
        + "configuration file lists only what differs from the defaults, for example\n\n"
        + "```hocon\ndata { format = csv, path = \"hdfs:///data/points.csv\", features = [x, y] }\n"
        + "train.iterations = 5000\n```\n\n"
        + "On the command line, `--set` values need no quoting: `--set data.path=hdfs://nn/x.parquet`,\n"
        + "`--set model.cnf.hidden=32,32` (or `[32,32]`).\n\n"
        + "The resolved configuration (every key, sorted) is logged when a job starts, stored in every\n"
        + "checkpoint and model, and identified by its SHA-256 (`config_hash`). A resumed run may change\n"
        + "`train.iterations`, logging, checkpoint, output and Spark keys, but no key of `data`, `model`,\n"
        + "`solver`, `optimizer`, nor `train.batch_size`, `train.seed`, `train.clip_norm`,\n"
        + "`train.aggregation_depth`.\n\n"
        + "Valid values: `[a, b]` closed, `(a, b)` open interval; `inf` means unbounded.\n");
    String current = null;
    for (ConfigSchema.Key k : schema.keys().values()) {
      String section = sectionOf(schema, k.path());
      if (!section.equals(current)) {
        current = section;
        int depth = section.split("\\.").length;
        s.append('\n').append(depth == 1 ? "## " : "### ").append('`').append(section).append("`\n\n");
        String doc = schema.sections().get(section).doc();
        if (!doc.isEmpty()) {
          s.append(doc).append("\n\n");
        }
        s.append("| key | default | valid | meaning |\n|---|---|---|---|\n");
      }
      s.append("| `").append(k.path()).append("` | `").append(cell(k.defaultText())).append("` | ")
          .append(cell(k.spec().text())).append(" | ").append(cell(k.doc())).append(" |\n");
    }
    return s.toString();
  }

  private static String sectionOf(ConfigSchema schema, String key) {
    String best = "";
    for (String section : schema.sections().keySet()) {
      if (key.startsWith(section + ".") && section.length() > best.length()) {
        best = section;
      }
    }
    return best;
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** Writes the page to the path given as the only argument. */
  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args[0]), markdown(ConfigSchema.load()), StandardCharsets.UTF_8);
  }
}
