package org.odespark.spark.exec;

import java.io.IOException;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.optim.GradientClipper;
import org.odespark.optim.Optimizer;
import org.odespark.spark.config.TrainConfig;
import org.odespark.spark.io.TrainingData;
import org.odespark.train.MinibatchSampler;

/**
 * Synchronous data-parallel training: the one-JVM loop over a {@link GradientAggregator} and an
 * {@link Optimizer}, with the fold over examples replaced by partitions and a deterministic treeAggregate.
 * Per iteration: broadcast θ; every partition runs {@link PartitionGradient} on its share of the global
 * minibatch; the partial sums meet along the {@link CanonicalTree} ({@link TreeSum}); the driver divides by
 * the global weight, clips, steps, destroys the broadcast, reports metrics and checkpoints every K
 * iterations and after the last. Same seed, configuration and partitioning give bit-identical θ whatever
 * the executors, task order or retries.
 *
 * <p>Driver only; one run at a time per instance.
 */
public final class SparkTrainer implements AutoCloseable {

  /** Where a run starts: iteration 0 with initial θ and a new optimizer, or a checkpoint's state. */
  public record Start(long iteration, double[] theta, Optimizer optimizer) {}

  /** Receives the state every K iterations and after the last. */
  public interface Checkpointer {
    void write(long iteration, double[] theta, Optimizer optimizer) throws IOException;
  }

  private final JavaSparkContext sc;
  private final TrainingData data;
  private final TrainConfig train;
  private final long run = UUID.randomUUID().getMostSignificantBits();
  private final Broadcast<SerializedSpec<Objective.Spec>> spec;
  private final CanonicalTree tree;
  private final int depth;
  private final int[] shares;
  private final boolean accuracy;

  public SparkTrainer(JavaSparkContext sc, TrainingData data, Objective.Spec spec, TrainConfig train) {
    this(sc, data, spec, train, false);
  }

  /**
   * @param accuracy report each logged minibatch's accuracy ({@link GradientAggregator.Metric#CORRECT} over the
   *     weight sum) in the metrics: true for classifiers
   */
  public SparkTrainer(JavaSparkContext sc, TrainingData data, Objective.Spec spec, TrainConfig train,
                      boolean accuracy) {
    this.accuracy = accuracy;
    this.sc = sc;
    this.data = data;
    this.train = train;
    this.spec = sc.broadcast(SerializedSpec.of(spec));
    this.depth = train.depthFor(data.partitions());
    this.tree = CanonicalTree.of(data.partitions(), depth);
    this.shares = MinibatchSampler.shares(data.partitionRows(), train.batchSize());
  }

  /** The aggregation tree in use (its shape is part of what makes θ reproducible). */
  public CanonicalTree tree() {
    return tree;
  }

  /** The summed loss and gradient of iteration {@code iteration}'s global minibatch at θ. */
  public GradientAggregator gradient(double[] theta, long iteration) {
    Broadcast<double[]> b = sc.broadcast(theta);
    try {
      return aggregate(data.blocks().mapPartitionsWithIndex(new PartitionGradient(run, spec, b, train.seed(), iteration,
          shares, tree), true));
    } finally {
      b.destroy();
    }
  }

  /** The summed loss (and metrics) of every row at θ, in chunks of {@code chunk} rows. */
  public GradientAggregator evaluate(double[] theta, long seed, int chunk) {
    Broadcast<double[]> b = sc.broadcast(theta);
    try {
      return aggregate(data.blocks().mapPartitionsWithIndex(new PartitionEvaluation(run, spec, b, seed, chunk, tree),
          true));
    } finally {
      b.destroy();
    }
  }

  private GradientAggregator aggregate(org.apache.spark.api.java.JavaRDD<TreeSum<GradientAggregator>> leaves) {
    Function2<TreeSum<GradientAggregator>, TreeSum<GradientAggregator>, TreeSum<GradientAggregator>> combine =
        (a, b) -> TreeSum.combine(a, b, PartitionGradient.MERGE);
    return leaves.treeAggregate(TreeSum.empty(tree), combine, combine, depth).root();
  }

  /**
   * Runs from {@code start} to {@code train.iterations()}; θ and the optimizer in {@code start} are updated in
   * place.
   *
   * @param metrics receives a line every {@code train.logEvery()} iterations and after the last; may be null
   * @param checkpointer receives the state every {@code train.checkpointEvery()} iterations and after the
   *     last; may be null
   * @return the mean loss of the last iteration's minibatch
   * @throws IllegalStateException if a gradient is not finite (naming the iteration)
   */
  public double run(Start start, MetricsLog metrics, Checkpointer checkpointer) throws IOException {
    double[] theta = start.theta();
    Optimizer optimizer = start.optimizer();
    double[] gradient = new double[theta.length];
    GradientClipper clipper = train.clipNorm() > 0 ? new GradientClipper(train.clipNorm()) : null;
    long total = train.iterations();
    long began = System.nanoTime();
    double loss = Double.NaN;
    for (long i = start.iteration(); i < total; i++) {
      long t0 = System.nanoTime();
      sc.setJobDescription("odespark train iteration " + (i + 1) + "/" + total);
      GradientAggregator sums = gradient(theta, i);
      sums.meanGradient(gradient);
      loss = sums.meanLoss();
      double norm;
      try {
        norm = clipper != null ? clipper.clip(gradient) : GradientClipper.norm(gradient);
      } catch (IllegalStateException e) {
        throw new IllegalStateException("iteration " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("iteration " + (i + 1) + ": the loss is " + loss);
      }
      double rate = optimizer.learningRate();
      optimizer.step(theta, gradient);
      long done = i + 1;
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (metrics != null && (done % train.logEvery() == 0 || done == total)) {
        double elapsed = (System.nanoTime() - began) / 1e9;
        double eta = elapsed / (done - start.iteration()) * (total - done);
        double solves = Math.max(1, sums.solves());
        metrics.record(new IterationMetrics(done, total, loss, norm, rate, sums.nfeForward() / solves,
            sums.nfeBackward() / solves, sums.examples(), seconds, sums.examples() / seconds, eta,
            accuracy ? sums.metric(GradientAggregator.Metric.CORRECT) / sums.weightSum() : Double.NaN));
      }
      if (checkpointer != null
          && (done == total || (train.checkpointEvery() > 0 && done % train.checkpointEvery() == 0))) {
        checkpointer.write(done, theta, optimizer);
      }
    }
    sc.setJobDescription(null);
    return loss;
  }

  /** Destroys the spec broadcast. */
  @Override
  public void close() {
    spec.destroy();
  }
}
