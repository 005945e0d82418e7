package org.odespark.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odespark.check.Checks;

/**
 * What a checkpoint or model was trained on, compact enough to store and compare: the source (format and
 * path, or the generator and its seed), the shape, the rows of every partition, whether there are labels
 * and weights, the feature names and a hash of the content. A resumed run refuses data whose fingerprint
 * differs, because its minibatches would differ.
 *
 * <p>Text form ({@link #toText()}, {@link #parse}): UTF-8 lines {@code key=value} in this order, values with
 * backslash escapes for backslash, newline and carriage return:
 * <pre>
 *   source=parquet:hdfs://nn/data/train.parquet
 *   rows=1000000
 *   cols=2
 *   partition_rows=250000,250000,250000,250000
 *   labelled=false
 *   weighted=false
 *   content_hash=9f3a5c0d1e2b4a68
 *   feature=x                       (one line per feature, in column order; none when unnamed)
 * </pre>
 *
 * @param source where the data came from, non-empty
 * @param cols features per row, ≥ 1
 * @param partitionRows rows of each partition, in partition order, each ≥ 0, at least one partition
 * @param contentHash hash of the feature, label and weight bits (hex), or "none" when not computed
 * @param labelled whether rows carry labels
 * @param weighted whether rows carry weights
 * @param featureNames column names, empty or exactly {@code cols} names
 */
public record DataFingerprint(String source, int cols, long[] partitionRows, String contentHash, boolean labelled,
                              boolean weighted, List<String> featureNames) implements java.io.Serializable {

  public DataFingerprint {
    if (source == null || source.isEmpty()) {
      throw new IllegalArgumentException("source must be non-empty");
    }
    Checks.atLeast("cols", cols, 1);
    if (partitionRows == null || partitionRows.length < 1) {
      throw new IllegalArgumentException("partitionRows must list at least one partition");
    }
    for (int p = 0; p < partitionRows.length; p++) {
      if (partitionRows[p] < 0) {
        throw new IllegalArgumentException("partitionRows[" + p + "] must be >= 0, got " + partitionRows[p]);
      }
    }
    if (contentHash == null || contentHash.isEmpty() || contentHash.contains("\n")) {
      throw new IllegalArgumentException("contentHash must be a non-empty single line");
    }
    featureNames = List.copyOf(featureNames);
    if (!featureNames.isEmpty() && featureNames.size() != cols) {
      throw new IllegalArgumentException("featureNames must be empty or name all " + cols + " columns, got "
          + featureNames.size());
    }
    partitionRows = partitionRows.clone();
  }

  @Override
  public long[] partitionRows() {
    return partitionRows.clone();
  }

  /** Σ partition rows. */
  public long rows() {
    long n = 0;
    for (long r : partitionRows) {
      n += r;
    }
    return n;
  }

  public int partitions() {
    return partitionRows.length;
  }

  /** The text form described in the class comment. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    line(s, "source", source);
    line(s, "rows", Long.toString(rows()));
    line(s, "cols", Integer.toString(cols));
    StringBuilder parts = new StringBuilder();
    for (int p = 0; p < partitionRows.length; p++) {
      parts.append(p == 0 ? "" : ",").append(partitionRows[p]);
    }
    line(s, "partition_rows", parts.toString());
    line(s, "labelled", Boolean.toString(labelled));
    line(s, "weighted", Boolean.toString(weighted));
    line(s, "content_hash", contentHash);
    for (String f : featureNames) {
      line(s, "feature", f);
    }
    return s.toString();
  }

  /**
   * Reads the text form.
   *
   * @throws IllegalArgumentException naming the line or key that is missing or malformed
   */
  public static DataFingerprint parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> features = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isEmpty()) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("data fingerprint line " + (i + 1) + " is not key=value: '" + l + "'");
      }
      String key = l.substring(0, eq);
      String value = unescape(l.substring(eq + 1));
      if (key.equals("feature")) {
        features.add(value);
      } else if (values.put(key, value) != null) {
        throw new IllegalArgumentException("data fingerprint repeats key '" + key + "'");
      }
    }
    try {
      long[] parts = Arrays.stream(require(values, "partition_rows").split(",")).mapToLong(Long::parseLong)
          .toArray();
      DataFingerprint f = new DataFingerprint(require(values, "source"), Integer.parseInt(require(values, "cols")),
          parts, require(values, "content_hash"), parseBoolean(values, "labelled"), parseBoolean(values, "weighted"),
          features);
      long rows = Long.parseLong(require(values, "rows"));
      if (rows != f.rows()) {
        throw new IllegalArgumentException("data fingerprint says rows=" + rows + " but its partitions sum to "
            + f.rows());
      }
      return f;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("data fingerprint has a malformed number: " + e.getMessage(), e);
    }
  }

  /**
   * The first difference between this fingerprint (the stored one) and {@code now}, as "what: stored vs
   * now", or null when they describe the same data.
   */
  public String difference(DataFingerprint now) {
    if (!source.equals(now.source)) {
      return "source: '" + source + "' in the checkpoint, '" + now.source + "' now";
    }
    if (cols != now.cols) {
      return "columns: " + cols + " in the checkpoint, " + now.cols + " now";
    }
    if (rows() != now.rows()) {
      return "rows: " + rows() + " in the checkpoint, " + now.rows() + " now";
    }
    if (!Arrays.equals(partitionRows, now.partitionRows)) {
      return "partitioning: " + partitionRows.length + " partitions of " + Arrays.toString(
          partitionRows.length <= 8 ? partitionRows : Arrays.copyOf(partitionRows, 8))
          + " rows in the checkpoint, " + now.partitionRows.length + " partitions of " + Arrays.toString(
          now.partitionRows.length <= 8 ? now.partitionRows : Arrays.copyOf(now.partitionRows, 8)) + " now";
    }
    if (labelled != now.labelled || weighted != now.weighted) {
      return "labels/weights: " + labelled + "/" + weighted + " in the checkpoint, " + now.labelled + "/"
          + now.weighted + " now";
    }
    if (!contentHash.equals(now.contentHash)) {
      return "content hash: " + contentHash + " in the checkpoint, " + now.contentHash + " now";
    }
    if (!featureNames.equals(now.featureNames)) {
      return "feature names: " + featureNames + " in the checkpoint, " + now.featureNames + " now";
    }
    return null;
  }

  private static String require(Map<String, String> values, String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("data fingerprint lacks '" + key + "'");
    }
    return v;
  }

  private static boolean parseBoolean(Map<String, String> values, String key) {
    String v = require(values, key);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("data fingerprint: " + key + " must be true or false, got '" + v + "'");
    }
    return v.equals("true");
  }

  private static void line(StringBuilder s, String key, String value) {
    s.append(key).append('=').append(escape(value)).append('\n');
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String unescape(String v) {
    StringBuilder s = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        char n = v.charAt(++i);
        s.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataFingerprint f && difference(f) == null;
  }

  @Override
  public int hashCode() {
    return source.hashCode() * 31 + Long.hashCode(rows());
  }

  @Override
  public String toString() {
    return "DataFingerprint[" + source + ", " + rows() + "x" + cols + ", " + partitionRows.length
        + " partitions, hash " + contentHash + "]";
  }
}
