package org.odespark.spark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;

/**
 * An {@link Objective} that delegates to another and records the start and end ({@link System#nanoTime()}) of
 * every {@link #accumulate} call, i.e. the pure compute of a Spark task's partial gradient, without the
 * task's scheduling, θ broadcast read, minibatch draw, result serialization and aggregation around it.
 *
 * <p>The intervals go to a JVM-wide queue that the driver drains after each iteration, so the figures are
 * only complete in Spark local mode, where executors are threads of the driver JVM (the benchmark checks
 * {@code sc.isLocal()}). Recording costs one small allocation per task.
 */
final class TimedObjective implements Objective {

  /** The serializable wrapper SparkTrainer broadcasts in place of the real spec. */
  record Spec(Objective.Spec inner) implements Objective.Spec {
    private static final long serialVersionUID = 1L;

    @Override
    public Objective create() {
      return new TimedObjective(inner.create());
    }
  }

  /** One accumulate call: [start, end) in System.nanoTime(). */
  record Interval(long start, long end) {
    long nanos() {
      return end - start;
    }
  }

  private static final ConcurrentLinkedQueue<Interval> LOG = new ConcurrentLinkedQueue<>();

  private final Objective inner;

  private TimedObjective(Objective inner) {
    this.inner = inner;
  }

  /** Forgets every recorded interval. */
  static void clear() {
    LOG.clear();
  }

  /** The intervals recorded since the last drain or clear. */
  static List<Interval> drain() {
    List<Interval> out = new ArrayList<>();
    for (Interval i = LOG.poll(); i != null; i = LOG.poll()) {
      out.add(i);
    }
    return out;
  }

  @Override
  public void accumulate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    long start = System.nanoTime();
    inner.accumulate(theta, batch, seed, into);
    LOG.add(new Interval(start, System.nanoTime()));
  }

  @Override
  public int parameterCount() {
    return inner.parameterCount();
  }

  @Override
  public int featureDim() {
    return inner.featureDim();
  }

  @Override
  public void initialize(double[] theta, long seed) {
    inner.initialize(theta, seed);
  }

  @Override
  public void evaluate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    inner.evaluate(theta, batch, seed, into);
  }
}
