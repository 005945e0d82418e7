package org.odespark.spark.exec;

import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.optim.Optimizer;
import org.odespark.spark.io.TaskProblems;
import org.odespark.spark.io.TrainingData;
import org.odespark.train.MinibatchSampler;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerEvaluation;
import org.odespark.train.TrainerIteration;
import org.odespark.train.TrainerListener;
import org.odespark.train.TrainerOptions;

/**
 * Synchronous data-parallel training: core's {@link Trainer} loop with the sums of each iteration computed on
 * the partitions. Per iteration: ship θ ({@link ParamBroadcast}); every partition runs core's partition step
 * ({@link PartitionGradient}) on its share of the global minibatch; the partial sums meet along the {@link
 * CanonicalTree} ({@link TreeSum}), which fixes the order of every addition; the driver divides by the
 * global weight, clips and steps. Same seed, options and partitioning give bit-identical θ whatever the
 * executors, task order or retries; with one partition, the θ of the one-JVM {@link Trainer}.
 *
 * <p>Driver only; one run at a time per instance.
 */
public final class SparkTrainer implements AutoCloseable {

  private final JavaSparkContext sc;
  private final TrainingData data;
  private final TrainerOptions options;
  private final long run = UUID.randomUUID().getMostSignificantBits();
  private final Broadcast<SerializedSpec<Objective.Spec>> spec;
  private final CanonicalTree tree;
  private final int depth;
  private final int[] shares;
  private final TaskProblems<String> failures;

  /**
   * @param aggregationDepth treeAggregate depth, or 0 for {@link #depthFor} the partition count
   */
  public SparkTrainer(JavaSparkContext sc, TrainingData data, Objective.Spec spec, TrainerOptions options,
                      int aggregationDepth) {
    this.sc = sc;
    this.data = data;
    this.options = options;
    this.spec = sc.broadcast(SerializedSpec.of(spec));
    this.depth = aggregationDepth > 0 ? aggregationDepth : depthFor(data.partitions());
    this.tree = CanonicalTree.of(data.partitions(), depth);
    this.shares = MinibatchSampler.shares(data.partitionRows(), options.batchSize());
    this.failures = TaskProblems.register(sc.sc(), "odespark solver failures");
  }

  /**
   * The default treeAggregate depth for {@code partitions}: 1 up to 8 partitions (the driver merges them all),
   * 2 up to 64, 3 beyond (executors merge about √P or ∛P partials each).
   */
  public static int depthFor(int partitions) {
    return partitions <= 8 ? 1 : partitions <= 64 ? 2 : 3;
  }

  /** The aggregation tree in use (its shape is part of what makes θ reproducible). */
  public CanonicalTree tree() {
    return tree;
  }

  /**
   * The summed loss and gradient of iteration {@code iteration}'s global minibatch at θ.
   *
   * @throws SolveFailure if an ODE solve of a partition failed (the lowest such partition)
   */
  public GradientAggregator gradient(double[] theta, long iteration) {
    ParamBroadcast b = ParamBroadcast.of(sc, theta);
    try {
      GradientAggregator sums = aggregate(data.blocks().mapPartitionsWithIndex(new PartitionGradient(run, spec, b,
          options.seed(), iteration, shares, tree, failures), true));
      failures.first().ifPresent(r -> {
        throw new SolveFailure(iteration + 1, r.partition(), r.detail());
      });
      return sums;
    } finally {
      b.release();
    }
  }

  /** The summed loss (and metrics) of every training row at θ, in chunks of {@code chunk} rows. */
  public GradientAggregator evaluate(double[] theta, long seed, int chunk) {
    return evaluate(data.blocks(), theta, seed, chunk);
  }

  /** The summed loss (and metrics) of every row of {@code blocks} (held-out data, say) at θ. */
  public GradientAggregator evaluate(JavaRDD<Batch> blocks, double[] theta, long seed, int chunk) {
    return BlockEvaluation.evaluate(sc, blocks, spec, run, theta, seed, chunk, depth);
  }

  private GradientAggregator aggregate(JavaRDD<TreeSum<GradientAggregator>> leaves) {
    Function2<TreeSum<GradientAggregator>, TreeSum<GradientAggregator>, TreeSum<GradientAggregator>> combine =
        (a, b) -> TreeSum.combine(a, b, PartitionGradient.MERGE);
    return leaves.treeAggregate(TreeSum.empty(tree), combine, combine, depth).root();
  }

  /**
   * Trains θ in place from the optimizer's iteration count up to the options' iterations (core's {@link
   * Trainer#run(double[], Trainer.MinibatchSums, Trainer.HeldOutLoss, TrainerListener)} with {@link
   * #gradient} as the sums).
   *
   * @param optimizer a fresh optimizer or one restored from a checkpoint; stepped in place
   * @return the record of the last iteration, or null if none ran
   * @throws IllegalStateException if a gradient or loss is not finite (naming the iteration)
   */
  public TrainerIteration run(double[] theta, Optimizer optimizer, TrainerListener listener) {
    return run(theta, optimizer, null, listener);
  }

  /**
   * As {@link #run(double[], Optimizer, TrainerListener)}, with the mean loss over every row of {@code heldOut}
   * (seed 0, chunks of {@code evaluationChunk} rows) every {@code evaluateEvery} iterations: the validation
   * loss that selects the model and stops the run early as the options say.
   *
   * @param heldOut the held-out blocks (cached), or null for none
   */
  public TrainerIteration run(double[] theta, Optimizer optimizer, JavaRDD<Batch> heldOut,
                              TrainerListener listener) {
    long total = options.iterations();
    Trainer.HeldOutLoss validation = heldOut == null ? null : (th, i) -> {
      sc.setJobDescription("odespark validation at iteration " + i);
      long start = System.nanoTime();
      GradientAggregator sums = evaluate(heldOut, th, 0, options.evaluationChunk());
      return TrainerEvaluation.of(i, sums, (System.nanoTime() - start) * 1e-9);
    };
    try {
      return new Trainer(optimizer, options).run(theta, (th, i) -> {
        sc.setJobDescription("odespark train iteration " + (i + 1) + "/" + total);
        return gradient(th, i);
      }, validation, listener);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /** Destroys the spec broadcast. */
  @Override
  public void close() {
    spec.destroy();
  }
}
