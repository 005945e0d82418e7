package org.odespark.spark.exec;

import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.spark.io.TaskProblems;

/**
 * The summed loss (and metrics) of an objective over every row of a set of blocks in one pass: each partition
 * runs {@link PartitionEvaluation} on its blocks as they are read, and the partial sums meet along the
 * {@link CanonicalTree} of the partitions, so the result does not depend on task order. The blocks need not
 * be cached or counted beforehand (the evaluate job streams its files through this). Driver side.
 */
public final class BlockEvaluation {

  private BlockEvaluation() {}

  /**
   * Σ over every row of {@code blocks} of the objective at θ, in chunks of {@code chunk} rows (chunk k of
   * partition p uses the seed {@code SeedSequence(seed).derive("evaluate", k, p)}).
   *
   * @param depth treeAggregate depth, ≥ 1
   * @throws SolveFailure if an ODE solve of a partition failed (the lowest such partition)
   */
  public static GradientAggregator evaluate(JavaSparkContext sc, JavaRDD<Batch> blocks, Objective.Spec spec,
                                            double[] theta, long seed, int chunk, int depth) {
    Broadcast<SerializedSpec<Objective.Spec>> specs = sc.broadcast(SerializedSpec.of(spec));
    try {
      return evaluate(sc, blocks, specs, UUID.randomUUID().getMostSignificantBits(), theta, seed, chunk, depth);
    } finally {
      specs.destroy();
    }
  }

  /**
   * As {@link #evaluate(JavaSparkContext, JavaRDD, Objective.Spec, double[], long, int, int)} with a spec
   * already broadcast and the run key whose cached objectives the executors reuse (a trainer's, so that a
   * held-out evaluation during training keeps the training workspaces).
   */
  static GradientAggregator evaluate(JavaSparkContext sc, JavaRDD<Batch> blocks,
                                     Broadcast<SerializedSpec<Objective.Spec>> specs, long run, double[] theta,
                                     long seed, int chunk, int depth) {
    CanonicalTree tree = CanonicalTree.of(blocks.getNumPartitions(), depth);
    ParamBroadcast parameters = ParamBroadcast.of(sc, theta);
    TaskProblems<String> failures = TaskProblems.register(sc.sc(), "odespark solver failures");
    try {
      Function2<TreeSum<GradientAggregator>, TreeSum<GradientAggregator>, TreeSum<GradientAggregator>> combine =
          (a, b) -> TreeSum.combine(a, b, PartitionGradient.MERGE);
      GradientAggregator sums = blocks.mapPartitionsWithIndex(new PartitionEvaluation(run, specs, parameters, seed,
          chunk, tree, failures), true).treeAggregate(TreeSum.empty(tree), combine, combine, depth).root();
      failures.first().ifPresent(r -> {
        throw new SolveFailure(0, r.partition(), r.detail());
      });
      return sums;
    } finally {
      parameters.release();
    }
  }
}
