package org.odespark.spark.exec;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.ode.SolverException;
import org.odespark.spark.io.TaskProblems;
import org.odespark.train.TrainerPartition;

/**
 * The body of one training iteration on one partition: core's {@link TrainerPartition} step (the partition's
 * share of the global minibatch, its objective seed) into a fresh {@link GradientAggregator}, returned as the
 * leaf of partition p in the {@link CanonicalTree}. A task retried elsewhere returns the same bits. A failed
 * ODE solve is reported to {@code failures}, not thrown.
 *
 * @param run the run whose {@link WorkerCache} holds the objectives and partition states
 * @param spec the objective to build on each executor
 * @param theta the parameters
 * @param seed the training seed
 * @param iteration the iteration
 * @param shares each partition's share of the global minibatch, by partition
 * @param tree the summation tree of the partitions
 * @param failures where failed solves are reported
 */
record PartitionGradient(long run, Broadcast<SerializedSpec<Objective.Spec>> spec, ParamBroadcast theta, long seed,
                         long iteration, int[] shares, CanonicalTree tree, TaskProblems<String> failures)
    implements Function2<Integer, Iterator<Batch>, Iterator<TreeSum<GradientAggregator>>> {

  /** How partial gradients add: elementwise, in place. */
  static final TreeSum.Merge<GradientAggregator> MERGE = GradientAggregator::merge;

  @Override
  public Iterator<TreeSum<GradientAggregator>> call(Integer partition, Iterator<Batch> blocks) {
    Batch block = blocks.hasNext() ? blocks.next() : null;
    if (blocks.hasNext()) {
      throw new IllegalStateException("partition " + partition + " holds more than one block");
    }
    Objective objective = WorkerCache.borrow(run, spec.value());
    try {
      GradientAggregator sums = new GradientAggregator(objective.parameterCount());
      int share = shares[partition];
      if (share > 0) {
        TrainerPartition step = WorkerCache.take(run, partition, block, share, seed);
        try {
          step.accumulate(objective, theta.value(), block, iteration, sums);
        } catch (SolverException e) {
          // Deterministic: a retry fails the same way. Reported; the driver stops after this iteration.
          failures.report(partition, e.getMessage());
          sums = new GradientAggregator(objective.parameterCount());
        } finally {
          WorkerCache.put(run, partition, step);
        }
      }
      return Collections.singletonList(TreeSum.leaf(tree, partition, sums, MERGE)).iterator();
    } finally {
      WorkerCache.release(run, objective);
    }
  }
}
