package org.odespark.spark.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.odespark.io.Snapshot;
import org.odespark.optim.Optimizer;
import org.odespark.optim.OptimizerState;
import org.odespark.spark.io.CheckpointStore;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.train.TrainerEvaluation;
import org.odespark.train.TrainerIteration;
import org.odespark.train.TrainerListener;
import org.odespark.train.TrainerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-iteration metrics of a run, as the {@link TrainerListener} of its loop: every {@code logEvery}-th
 * iteration and the last, and every held-out evaluation ({@link ValidationMetrics}), as a log line (the progress a user watches: loss, NFE, time, ETA) and, for the
 * {@code train} job, a JSON line in the metrics file on any Hadoop file system (flushed after every line, so a
 * crash loses at most the line being written; {@link IterationMetrics} is the line format). A resumed run
 * keeps the lines up to its starting iteration and continues the file. The ML estimators use an in-memory log
 * ({@link #inMemory}) that keeps every iteration's record for the model's training summary. Driver only; one
 * thread.
 */
public final class MetricsLog implements TrainerListener, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger("org.odespark.train");

  private final OutputStream out;
  private final List<IterationMetrics> records;
  private final List<ValidationMetrics> validations = new ArrayList<>();
  private final long startIteration;
  private final long iterations;
  private final int logEvery;
  private final boolean accuracy;
  private final long began = System.nanoTime();
  private CheckpointStore checkpoints;
  private Checkpoint checkpoint;

  /** The snapshot of a run's state at {@code iteration}, as {@link #onCheckpoint} writes it. */
  public interface Checkpoint {
    Snapshot of(long iteration, double[] theta, OptimizerState optimizer);
  }

  private MetricsLog(OutputStream out, List<IterationMetrics> records, long startIteration, TrainerOptions options,
                     boolean accuracy) {
    this.out = out;
    this.records = records;
    this.startIteration = startIteration;
    this.iterations = options.iterations();
    this.logEvery = options.logEvery();
    this.accuracy = accuracy;
  }

  /**
   * Opens the metrics file.
   *
   * @param startIteration where the run starts (a resumed checkpoint's iteration): existing lines up to it are
   *     kept; 0 starts a new file
   * @param options the run's length and log interval
   * @param accuracy whether the lines carry the minibatch accuracy (classifiers)
   */
  public MetricsLog(HadoopStorage storage, String location, long startIteration, TrainerOptions options,
                    boolean accuracy) throws IOException {
    this(open(storage, location, startIteration), null, startIteration, options, accuracy);
  }

  private static OutputStream open(HadoopStorage storage, String location, long keepUpTo) throws IOException {
    Path path = storage.qualify(location);
    FileSystem fs = storage.fileSystem(path);
    List<String> kept = new ArrayList<>();
    if (keepUpTo > 0 && fs.exists(path)) {
      for (String line : new String(storage.readAll(path), StandardCharsets.UTF_8).split("\n")) {
        JsonNode m = parse(line);
        if (m != null && m.get("iteration").asLong() <= keepUpTo) {
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

  /** A log without a file that keeps every record ({@link #records()}) of a run from iteration 0. */
  public static MetricsLog inMemory(TrainerOptions options, boolean accuracy) {
    return new MetricsLog(null, new ArrayList<>(), 0, options, accuracy);
  }

  @Override
  public void onIteration(TrainerIteration r) {
    double elapsed = (System.nanoTime() - began) / 1e9;
    double eta = elapsed / (r.iteration() - startIteration) * (iterations - r.iteration());
    IterationMetrics m = new IterationMetrics(r.iteration(), iterations, r.loss(), r.gradientNorm(),
        r.learningRate(), r.nfeForward(), r.nfeBackward(), r.examples(), r.seconds(), r.examples() / r.seconds(), eta,
        accuracy ? r.accuracy() : Double.NaN);
    if (records != null) {
      records.add(m);
    }
    if (m.iteration() % logEvery != 0 && m.iteration() != iterations) {
      return;
    }
    LOG.info(m.toLogLine());
    write(m.toJson());
  }

  /** Every held-out evaluation: a log line, a line in the file, and kept for the summary. */
  @Override
  public void onEvaluation(TrainerEvaluation e) {
    ValidationMetrics m = ValidationMetrics.of(e, accuracy);
    validations.add(m);
    LOG.info(m.toLogLine());
    write(m.toJson());
  }

  private void write(String json) {
    if (out != null) {
      try {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the metrics: " + e.getMessage(), e);
      }
    }
  }

  /** Every checkpoint of the run from now on goes into {@code store} (none when null) as {@code checkpoint}. */
  public MetricsLog checkpointingTo(CheckpointStore store, Checkpoint checkpoint) {
    this.checkpoints = store;
    this.checkpoint = checkpoint;
    return this;
  }

  @Override
  public void onCheckpoint(long iteration, double[] theta, Optimizer optimizer) {
    if (checkpoints != null) {
      try {
        checkpoints.write(checkpoint.of(iteration, theta, optimizer.state()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the checkpoint of iteration " + iteration + " to "
            + checkpoints.directory(), e);
      }
    }
  }

  /**
   * The iteration whose θ the model holds: the best evaluation's with {@code validation.keep_best} (logged),
   * otherwise the last one run ({@code end}, before {@code train.iterations} when stopped early).
   */
  public long selectedIteration(TrainerOptions options, long end) {
    if (end < options.iterations()) {
      LOG.info("early stopping after iteration {}: {} evaluations without a lower validation loss", end,
          options.patience());
    }
    if (validations.isEmpty()) {
      return end;
    }
    ValidationMetrics best = validations.get(validations.size() - 1);
    LOG.info("lowest validation loss {} at iteration {}{}", best.bestLoss(), best.bestIteration(),
        options.keepBest() ? ": the model holds its parameters" : "");
    return options.keepBest() ? best.bestIteration() : end;
  }

  /** The records so far, in order (an in-memory log), or an empty list (a file log keeps none). */
  public List<IterationMetrics> records() {
    return records == null ? List.of() : Collections.unmodifiableList(records);
  }

  /** The held-out evaluations of this run so far, in order. */
  public List<ValidationMetrics> validations() {
    return Collections.unmodifiableList(validations);
  }

  /** A metrics file's training lines and held-out lines, each in file order with increasing iterations. */
  public record Lines(List<IterationMetrics> iterations, List<ValidationMetrics> validations) {}

  /**
   * The lines of a metrics file: a line that is not a metrics line (the partial last line of a crashed run)
   * or that does not advance the iteration of its kind is skipped.
   */
  public static Lines read(byte[] file) {
    List<IterationMetrics> iterations = new ArrayList<>();
    List<ValidationMetrics> validations = new ArrayList<>();
    for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
      JsonNode o = parse(line);
      if (o == null) {
        continue;
      }
      long iteration = o.get("iteration").asLong();
      if (MetricsJson.isValidation(o)) {
        if (validations.isEmpty() || iteration > validations.get(validations.size() - 1).iteration()) {
          validations.add(ValidationMetrics.of(o));
        }
      } else if (iterations.isEmpty() || iteration > iterations.get(iterations.size() - 1).iteration()) {
        iterations.add(IterationMetrics.of(o));
      }
    }
    return new Lines(List.copyOf(iterations), List.copyOf(validations));
  }

  private static JsonNode parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return MetricsJson.parse(line);
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
