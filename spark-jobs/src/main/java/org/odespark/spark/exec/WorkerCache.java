package org.odespark.spark.exec;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.odespark.objective.Batch;
import org.odespark.objective.Objective;
import org.odespark.train.TrainerPartition;

/**
 * Per-executor-JVM reuse across iterations (Spark MLlib's {@code @transient lazy val} pattern): Objectives
 * with their workspaces, built lazily from the broadcast spec and lent to one task at a time, and each
 * partition's {@link TrainerPartition} (its sampler caches the epoch permutation, its buffer the minibatch).
 * Entries are keyed by a run key drawn on the driver, so runs never share them; a new run key drops the old
 * run's entries. Nothing here changes results: a task that finds nothing builds the same objects afresh.
 */
final class WorkerCache {

  private static final ConcurrentHashMap<Long, ConcurrentLinkedDeque<Objective>> OBJECTIVES =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Long, ConcurrentHashMap<Integer, TrainerPartition>> PARTITIONS =
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

  /** The partition's step for these rows and share (taken out of the cache: return it with {@link #put}). */
  static TrainerPartition take(long run, int partition, Batch block, int share, long seed) {
    TrainerPartition p = PARTITIONS.computeIfAbsent(run, k -> new ConcurrentHashMap<>()).remove(partition);
    return p != null && p.serves(block, share) ? p : new TrainerPartition(seed, partition, block.rows(), share);
  }

  static void put(long run, int partition, TrainerPartition p) {
    ConcurrentHashMap<Integer, TrainerPartition> m = PARTITIONS.get(run);
    if (m != null) {
      m.put(partition, p);
    }
  }

  private static void dropOtherRuns(long run) {
    if (OBJECTIVES.size() > 1 || (!OBJECTIVES.isEmpty() && !OBJECTIVES.containsKey(run))) {
      OBJECTIVES.keySet().removeIf(k -> k != run);
      PARTITIONS.keySet().removeIf(k -> k != run);
    }
  }
}
