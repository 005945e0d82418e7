package org.odespark.spark.exec;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.odespark.spark.io.HadoopStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-iteration metrics: a log line and a JSON line in a file on any Hadoop file system (flushed after
 * every line, so a crash loses at most the line being written). A resumed run keeps the lines up to its
 * starting iteration and continues the file. Driver only; one thread.
 */
public final class MetricsLog implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger("org.odespark.train");
  private static final Pattern ITERATION = Pattern.compile("\"iteration\":(\\d+)");

  private final OutputStream out;

  /**
   * Opens the metrics file.
   *
   * @param keepUpTo keep existing lines with iteration ≤ this (the resumed checkpoint's iteration); 0 starts
   *     a new file
   */
  public MetricsLog(HadoopStorage storage, String location, long keepUpTo) throws IOException {
    Path path = storage.qualify(location);
    FileSystem fs = storage.fileSystem(path);
    List<String> kept = new ArrayList<>();
    if (keepUpTo > 0 && fs.exists(path)) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          Matcher m = ITERATION.matcher(line);
          if (m.find() && Long.parseLong(m.group(1)) <= keepUpTo) {
            kept.add(line);
          }
        }
      }
    }
    fs.mkdirs(path.getParent());
    this.out = fs.create(path, true);
    for (String line : kept) {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
  }

  public void record(IterationMetrics m) throws IOException {
    LOG.info(m.toLogLine());
    out.write((m.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
