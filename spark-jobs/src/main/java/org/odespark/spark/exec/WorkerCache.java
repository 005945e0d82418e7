package org.odespark.spark.exec;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.odespark.objective.Batch;
import org.odespark.objective.Objective;
import org.odespark.train.MinibatchSampler;

/**
 * Per-executor-JVM reuse across iterations (Spark MLlib's {@code @transient lazy val} pattern): Objectives
 * with their workspaces, built lazily from the broadcast spec and lent to one task at a time, and each
 * partition's minibatch sampler (which caches its epoch permutation) with its gather buffer. Entries are keyed
 * by a run key drawn on the driver, so runs never share them; a new run key drops the old run's entries.
 * Nothing here changes results: a task that finds nothing builds the same objects afresh.
 */
final class WorkerCache {

  /** A partition's sampler and buffers for one run. */
  static final class PartitionWork {
    final MinibatchSampler sampler;
    final int[] indices;
    final Batch buffer;
    final int rows;

    PartitionWork(MinibatchSampler sampler, int[] indices, Batch buffer, int rows) {
      this.sampler = sampler;
      this.indices = indices;
      this.buffer = buffer;
      this.rows = rows;
    }
  }

  private static final ConcurrentHashMap<Long, ConcurrentLinkedDeque<Objective>> OBJECTIVES =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Long, ConcurrentHashMap<Integer, PartitionWork>> WORK =
      new ConcurrentHashMap<>();

  private WorkerCache() {}

  /** An idle Objective of this run, or a new one; give it back with {@link #release}. */
  static Objective borrow(long run, SerializedSpec<Objective.Spec> spec) {
    dropOtherRuns(run);
    Objective o = OBJECTIVES.computeIfAbsent(run, k -> new ConcurrentLinkedDeque<>()).pollFirst();
    return o != null ? o : spec.get().create();
  }

  static void release(long run, Objective objective) {
    ConcurrentLinkedDeque<Objective> idle = OBJECTIVES.get(run);
    if (idle != null) {
      idle.addFirst(objective);
    }
  }

  /** The partition's sampler and buffers (taken out of the cache: return them with {@link #putWork}). */
  static PartitionWork takeWork(long run, int partition, Batch block, int share, long seed) {
    ConcurrentHashMap<Integer, PartitionWork> m = WORK.computeIfAbsent(run, k -> new ConcurrentHashMap<>());
    PartitionWork w = m.remove(partition);
    if (w != null && w.rows == block.rows() && w.indices.length == share && w.buffer.cols() == block.cols()) {
      return w;
    }
    return new PartitionWork(new MinibatchSampler(seed, partition, block.rows(), share), new int[share],
        Batch.allocateLike(block, share), block.rows());
  }

  static void putWork(long run, int partition, PartitionWork w) {
    ConcurrentHashMap<Integer, PartitionWork> m = WORK.get(run);
    if (m != null) {
      m.put(partition, w);
    }
  }

  private static void dropOtherRuns(long run) {
    if (OBJECTIVES.size() > 1 || (!OBJECTIVES.isEmpty() && !OBJECTIVES.containsKey(run))) {
      OBJECTIVES.keySet().removeIf(k -> k != run);
      WORK.keySet().removeIf(k -> k != run);
    }
  }
}
