package org.odespark.spark.io;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Problems with the user's input found inside Spark tasks, sent to the driver as values instead of failing
 * the task. Such a problem (a bad value in a file, a solve that cannot succeed under these settings) is
 * deterministic: every retry would fail the same way, and Spark would log each failure with a stack trace.
 * The task reports the problem and ends normally (with an empty result); after the action the driver takes
 * the report of the lowest partition, so the message does not depend on which task finished first.
 *
 * <p>Backed by a {@link CollectionAccumulator} registered on the driver; serializable into task closures.
 * A report from a transformation may arrive more than once (a recomputed partition); only its presence
 * matters.
 *
 * @param <T> what a report carries
 */
public final class TaskProblems<T extends Serializable> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One problem, from the task of {@code partition}. */
  public record Report<T>(int partition, T detail) implements Serializable {}

  private final CollectionAccumulator<Report<T>> reports;

  private TaskProblems(CollectionAccumulator<Report<T>> reports) {
    this.reports = reports;
  }

  /** A new, empty channel registered with {@code sc} (driver). */
  public static <T extends Serializable> TaskProblems<T> register(SparkContext sc, String name) {
    CollectionAccumulator<Report<T>> acc = new CollectionAccumulator<>();
    sc.register(acc, name);
    return new TaskProblems<>(acc);
  }

  /** Reports a problem of {@code partition} (executor). */
  public void report(int partition, T detail) {
    reports.add(new Report<>(partition, detail));
  }

  /** The report of the lowest partition, if any (driver, after the action that ran the tasks). */
  public Optional<Report<T>> first() {
    return reports.value().stream().min(Comparator.comparingInt(Report::partition)); // the first of equals
  }
}
