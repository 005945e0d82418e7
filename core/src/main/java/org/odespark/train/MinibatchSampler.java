package org.odespark.train;

import java.util.random.RandomGenerator;
import org.odespark.check.Checks;
import org.odespark.random.SeedSequence;

/**
 * Which rows of one partition form its share of the global minibatch at each iteration. The rows of a
 * partition are visited in epochs; epoch e is a permutation of the partition's rows drawn from
 * {@code SeedSequence(seed).random("epoch", e, partition)}, and iteration i takes positions
 * [i·share, (i+1)·share) of the concatenated epochs. The result is a pure function of (seed, partition,
 * rows, share, iteration): task retries, reruns and resumed runs draw the same rows, and the one-JVM
 * trainer is exactly the one-partition case. Permutations are cached (at most two epochs), so a draw costs
 * O(share) except at epoch boundaries (O(rows)).
 *
 * <p>Shares of a global batch follow the partition sizes ({@link #shares}). Mutable (the cache), one thread.
 */
public final class MinibatchSampler {

  private final SeedSequence seeds;
  private final int partition;
  private final int rows;
  private final int share;
  private int[] current = new int[0];
  private long currentEpoch = -1;
  private int[] next = new int[0];
  private long nextEpoch = -1;

  public MinibatchSampler(long seed, int partition, int rows, int share) {
    if (rows < 0 || share < 0 || partition < 0) {
      throw new IllegalArgumentException("partition, rows and share must be >= 0, got " + partition + ", " + rows
          + ", " + share);
    }
    if (share > 0 && rows == 0) {
      throw new IllegalArgumentException("partition " + partition + " has no rows but a share of " + share);
    }
    this.seeds = SeedSequence.of(seed);
    this.partition = partition;
    this.rows = rows;
    this.share = share;
  }

  /**
   * Writes the row indices of iteration {@code iteration} (0-based) into {@code out[0, share)}.
   */
  public void draw(long iteration, int[] out) {
    if (out.length < share) {
      throw new IllegalArgumentException("output holds " + out.length + " indices, share is " + share);
    }
    long position = iteration * share;
    for (int j = 0; j < share; j++, position++) {
      long epoch = position / rows;
      int offset = (int) (position % rows);
      out[j] = permutation(epoch)[offset];
    }
  }

  private int[] permutation(long epoch) {
    if (epoch == currentEpoch) {
      return current;
    }
    if (epoch == nextEpoch) {
      return next;
    }
    // Keep the most recent epoch, replace the older one: an iteration spans at most two epochs.
    int[] target = currentEpoch < nextEpoch ? current : next;
    if (target.length != rows) {
      target = new int[rows];
    }
    for (int i = 0; i < rows; i++) {
      target[i] = i;
    }
    RandomGenerator rng = seeds.random("epoch", epoch, partition);
    for (int i = rows - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = target[i];
      target[i] = target[j];
      target[j] = t;
    }
    if (currentEpoch < nextEpoch) {
      current = target;
      currentEpoch = epoch;
    } else {
      next = target;
      nextEpoch = epoch;
    }
    return target;
  }

  /**
   * Splits a global batch across partitions in proportion to their sizes (largest remainder; ties go to the
   * lower partition index), so the shares sum to {@code globalBatch} and empty partitions get 0.
   */
  public static int[] shares(long[] partitionRows, int globalBatch) {
    long total = 0;
    for (long r : partitionRows) {
      if (r < 0) {
        throw new IllegalArgumentException("partition sizes must be >= 0");
      }
      total += r;
    }
    if (total == 0) {
      throw new IllegalArgumentException("the data set is empty: no partition has any rows");
    }
    Checks.atLeast("batch size", globalBatch, 1);
    int p = partitionRows.length;
    int[] shares = new int[p];
    double[] remainder = new double[p];
    int assigned = 0;
    for (int i = 0; i < p; i++) {
      double exact = (double) globalBatch * partitionRows[i] / total;
      shares[i] = (int) Math.floor(exact);
      remainder[i] = exact - shares[i];
      assigned += shares[i];
    }
    for (int left = globalBatch - assigned; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < p; i++) {
        if (partitionRows[i] > 0 && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      shares[best]++;
      remainder[best] = -1;
    }
    return shares;
  }
}
