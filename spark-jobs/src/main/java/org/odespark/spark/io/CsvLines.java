package org.odespark.spark.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.odespark.spark.config.DataConfig;

/**
 * Finds the line number of a bad CSV row, for the error message only: Spark's CSV reader does not know line
 * numbers, so after a task has reported a bad row the driver reads the file (through Hadoop, decompressing
 * by file extension) up to the first line that is the reported raw line, or whose fields hold the reported
 * values. Fields are split as RFC 4180 does (double quotes, "" inside quotes); a row spread over several
 * lines by a quoted line break is not found, and the message then names the row by its values alone. At
 * most {@link #MAX_BYTES} are read.
 */
final class CsvLines {

  static final long MAX_BYTES = 1L << 30;

  private CsvLines() {}

  /**
   * The 1-based line of {@code file} holding the bad row, or -1 when it is not found.
   *
   * @param rawLine the row's raw text (a row with a wrong field count), or null
   * @param columns the names of the columns whose values are known (null entries: empty fields)
   * @param cells the values of those columns
   */
  static long find(HadoopStorage storage, String file, DataConfig cfg, String rawLine, List<String> columns,
                   List<String> cells) {
    if (file == null || (rawLine == null && (columns == null || columns.isEmpty()))) {
      return -1;
    }
    char delimiter = cfg.csvDelimiter().charAt(0);
    try {
      Path path = new Path(URI.create(file));
      CompressionCodec codec = new CompressionCodecFactory(storage.configuration()).getCodec(path);
      try (InputStream raw = storage.open(path);
           InputStream in = codec == null ? raw : codec.createInputStream(raw);
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        int[] index = null;
        long number = 0;
        long bytes = 0;
        for (String line = r.readLine(); line != null && bytes < MAX_BYTES; line = r.readLine()) {
          number++;
          bytes += line.length() + 1;
          if (rawLine != null) {
            if (line.equals(rawLine)) {
              return number;
            }
            continue;
          }
          if (index == null) {
            index = indexes(cfg.csvHeader() ? split(line, delimiter) : null, columns);
            if (index == null) {
              return -1;
            }
            if (cfg.csvHeader()) {
              continue;
            }
          }
          if (matches(split(line, delimiter), index, cells)) {
            return number;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1; // only the message loses its line number
    }
    return -1;
  }

  /** The field index of each named column: by the header, or _cK → K without one; null if one is missing. */
  private static int[] indexes(List<String> header, List<String> columns) {
    int[] index = new int[columns.size()];
    for (int k = 0; k < index.length; k++) {
      String c = columns.get(k);
      if (header != null) {
        index[k] = header.indexOf(c);
      } else {
        index[k] = c.startsWith("_c") ? parseOrMinus(c.substring(2)) : -1;
      }
      if (index[k] < 0) {
        return null;
      }
    }
    return index;
  }

  private static int parseOrMinus(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean matches(List<String> fields, int[] index, List<String> cells) {
    for (int k = 0; k < index.length; k++) {
      String want = cells.get(k) == null ? "" : cells.get(k);
      if (index[k] >= fields.size() || !fields.get(index[k]).equals(want)) {
        return false;
      }
    }
    return true;
  }

  /** The fields of one CSV line, quotes removed (RFC 4180). */
  static List<String> split(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
