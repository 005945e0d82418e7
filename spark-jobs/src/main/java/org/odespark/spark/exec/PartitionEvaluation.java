package org.odespark.spark.exec;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.ode.SolverException;
import org.odespark.random.SeedSequence;
import org.odespark.spark.io.TaskProblems;

/**
 * Every row of one partition through {@link Objective#evaluate}, in chunks of at most {@code chunk} rows
 * (chunk k uses the seed {@code SeedSequence(seed).derive("evaluate", k, p)}), summed into the partition's
 * leaf of the {@link CanonicalTree}: the loss over a whole data set, deterministically. A failed ODE solve is
 * reported to {@code failures}, not thrown.
 *
 * @param run the run whose {@link WorkerCache} holds the objectives
 * @param spec the objective to build on each executor
 * @param theta the parameters
 * @param seed the evaluation seed
 * @param chunk the most rows per {@link Objective#evaluate} call
 * @param tree the summation tree of the partitions
 * @param failures where failed solves are reported
 */
record PartitionEvaluation(long run, Broadcast<SerializedSpec<Objective.Spec>> spec, ParamBroadcast theta, long seed,
                           int chunk, CanonicalTree tree, TaskProblems<String> failures)
    implements Function2<Integer, Iterator<Batch>, Iterator<TreeSum<GradientAggregator>>> {

  @Override
  public Iterator<TreeSum<GradientAggregator>> call(Integer partition, Iterator<Batch> blocks) {
    Objective objective = WorkerCache.borrow(run, spec.value());
    try {
      GradientAggregator sums = new GradientAggregator(objective.parameterCount());
      try {
        evaluate(partition, blocks, objective, sums);
      } catch (SolverException e) {
        failures.report(partition, e.getMessage()); // deterministic: reported, not retried
        sums = new GradientAggregator(objective.parameterCount());
      }
      return Collections.singletonList(TreeSum.leaf(tree, partition, sums, PartitionGradient.MERGE)).iterator();
    } finally {
      WorkerCache.release(run, objective);
    }
  }

  private void evaluate(int partition, Iterator<Batch> blocks, Objective objective, GradientAggregator sums) {
    long k = 0;
    while (blocks.hasNext()) {
      Batch block = blocks.next();
      int[] indices = new int[Math.min(chunk, block.rows())];
      Batch buffer = Batch.allocateLike(block, indices.length);
      for (int from = 0; from < block.rows(); from += chunk, k++) {
        int n = Math.min(chunk, block.rows() - from);
        if (n != buffer.rows()) {
          buffer = Batch.allocateLike(block, n);
        }
        for (int i = 0; i < n; i++) {
          indices[i] = from + i;
        }
        block.gather(indices, 0, buffer);
        objective.evaluate(theta.value(), buffer, SeedSequence.of(seed).derive("evaluate", k, partition), sums);
      }
    }
  }
}
