package org.odespark.spark.exec;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.odespark.spark.io.HadoopStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-iteration metrics of a run: a log line (the progress a user watches: loss, NFE, time, ETA) and,
 * for the {@code train} job, a JSON line in the metrics file on any Hadoop file system (flushed after every
 * line, so a crash loses at most the line being written; {@link IterationMetrics} is the line format). A
 * resumed run keeps the lines up to its starting iteration and continues the file. The ML estimators use an
 * in-memory log ({@link #inMemory}) whose records become the model's training summary. Driver only; one
 * thread.
 */
public final class MetricsLog implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger("org.odespark.train");

  private final OutputStream out;
  private final int logEvery;
  private final List<IterationMetrics> records;

  private MetricsLog(OutputStream out, int logEvery, List<IterationMetrics> records) {
    this.out = out;
    this.logEvery = logEvery;
    this.records = records;
  }

  /**
   * Opens the metrics file; every record is logged and written.
   *
   * @param keepUpTo keep existing lines with iteration ≤ this (the resumed checkpoint's iteration); 0 starts
   *     a new file
   */
  public MetricsLog(HadoopStorage storage, String location, long keepUpTo) throws IOException {
    this(open(storage, location, keepUpTo), 1, null);
  }

  private static OutputStream open(HadoopStorage storage, String location, long keepUpTo) throws IOException {
    Path path = storage.qualify(location);
    FileSystem fs = storage.fileSystem(path);
    List<String> kept = new ArrayList<>();
    if (keepUpTo > 0 && fs.exists(path)) {
      for (String line : new String(storage.readAll(path), StandardCharsets.UTF_8).split("\n")) {
        IterationMetrics m = parse(line);
        if (m != null && m.iteration() <= keepUpTo) {
          kept.add(line);
        }
      }
    }
    fs.mkdirs(path.getParent());
    OutputStream out = fs.create(path, true);
    for (String line : kept) {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    return out;
  }

  /**
   * A log without a file that keeps every record ({@link #records()}) and logs every {@code logEvery}-th
   * iteration and the last.
   */
  public static MetricsLog inMemory(int logEvery) {
    if (logEvery < 1) {
      throw new IllegalArgumentException("logEvery must be >= 1, got " + logEvery);
    }
    return new MetricsLog(null, logEvery, new ArrayList<>());
  }

  public void record(IterationMetrics m) throws IOException {
    if (m.iteration() % logEvery == 0 || m.iteration() == m.iterations()) {
      LOG.info(m.toLogLine());
    }
    if (records != null) {
      records.add(m);
    }
    if (out != null) {
      out.write((m.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** The records so far, in order (an in-memory log), or an empty list (a file log keeps none). */
  public List<IterationMetrics> records() {
    return records == null ? List.of() : Collections.unmodifiableList(records);
  }

  /**
   * The metrics lines of a metrics file, in file order, with strictly increasing iterations: a line that is
   * not a metrics line (the partial last line of a crashed run) or that does not advance the iteration is
   * skipped.
   */
  public static List<IterationMetrics> read(byte[] file) {
    List<IterationMetrics> lines = new ArrayList<>();
    for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
      IterationMetrics m = parse(line);
      if (m != null && (lines.isEmpty() || m.iteration() > lines.get(lines.size() - 1).iteration())) {
        lines.add(m);
      }
    }
    return lines;
  }

  private static IterationMetrics parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return IterationMetrics.fromJson(line);
    } catch (IllegalArgumentException e) {
      LOG.warn("skipping a metrics line: {}", e.getMessage());
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
