package org.odespark.spark.io;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.odespark.io.DataFingerprint;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;

/**
 * A held-out split of cached blocks for validation during training: row i of partition p is held out when
 * the i-th uniform draw of {@code SeedSequence(seed).random("validation", p)} is below the fraction. The
 * blocks are a function of the data and the partition count (the readers' canonical order), so the split is
 * too: the same data, partitions, seed and fraction hold out the same rows on any cluster and in any task
 * order. Both parts keep the partitioning, are cached, and replace the whole blocks (which are unpersisted).
 */
public final class HeldOutSplit {

  /** The two parts; the training part's fingerprint names the split, so a resume with another split fails. */
  public record Parts(TrainingData train, TrainingData heldOut) {}

  private HeldOutSplit() {}

  /**
   * Splits {@code data}.
   *
   * @param fraction share of the rows held out, in (0, 1)
   * @param key the configuration key of the fraction, for messages
   * @throws IllegalArgumentException naming the key if either part would be empty
   */
  public static Parts split(TrainingData data, double fraction, long seed, StorageLevel level, String key) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(key + " must be in (0, 1), got " + fraction);
    }
    JavaRDD<Batch[]> both = data.blocks().mapPartitionsWithIndex((Integer p, Iterator<Batch> it) -> {
      List<Batch[]> out = new ArrayList<>(1);
      RandomGenerator u = SeedSequence.of(seed).random("validation", p);
      while (it.hasNext()) {
        Batch b = it.next();
        int[] kept = new int[b.rows()];
        int[] held = new int[b.rows()];
        int k = 0;
        int h = 0;
        for (int i = 0; i < b.rows(); i++) {
          if (u.nextDouble() < fraction) {
            held[h++] = i;
          } else {
            kept[k++] = i;
          }
        }
        out.add(new Batch[] {k == 0 ? null : b.gather(java.util.Arrays.copyOf(kept, k)),
            h == 0 ? null : b.gather(java.util.Arrays.copyOf(held, h))});
      }
      return out.iterator();
    }, true);
    JavaRDD<Batch> train = part(both, 0).setName("odespark training part").persist(level);
    JavaRDD<Batch> heldOut = part(both, 1).setName("odespark held-out part").persist(level);
    long[] trainRows = rows(train, data.partitions());
    long[] heldRows = rows(heldOut, data.partitions());
    data.unpersist();
    DataFingerprint f = data.fingerprint();
    String split = String.format(Locale.ROOT, "%s = %s, seed %d", key, fraction, seed);
    long heldOutRows = java.util.Arrays.stream(heldRows).sum();
    if (heldOutRows == 0 || java.util.Arrays.stream(trainRows).sum() == 0) {
      train.unpersist(false);
      heldOut.unpersist(false);
      throw new IllegalArgumentException(split + " leaves " + (heldOutRows == 0 ? "no held-out" : "no training")
          + " row of the " + f.rows() + " rows of " + f.source());
    }
    return new Parts(
        new TrainingData(train, new DataFingerprint(f.source() + " (training part, " + split + ")", f.cols(),
            trainRows, f.contentHash(), f.labelled(), f.weighted(), f.featureNames()), data.standardization()),
        new TrainingData(heldOut, new DataFingerprint(f.source() + " (held-out part, " + split + ")", f.cols(),
            heldRows, f.contentHash(), f.labelled(), f.weighted(), f.featureNames()), data.standardization()));
  }

  private static JavaRDD<Batch> part(JavaRDD<Batch[]> both, int which) {
    return both.mapPartitions((Iterator<Batch[]> it) -> {
      List<Batch> out = new ArrayList<>(1);
      while (it.hasNext()) {
        Batch b = it.next()[which];
        if (b != null) {
          out.add(b);
        }
      }
      return out.iterator();
    }, true);
  }

  /** Rows per partition, in partition order (one pass, which also fills the cache). */
  static long[] rows(JavaRDD<Batch> blocks, int partitions) {
    long[] rows = new long[partitions];
    for (long[] r : blocks.mapPartitionsWithIndex((Integer p, Iterator<Batch> it) -> {
      long n = 0;
      while (it.hasNext()) {
        n += it.next().rows();
      }
      return List.of(new long[] {p, n}).iterator();
    }, true).collect()) {
      rows[(int) r[0]] = r[1];
    }
    return rows;
  }
}
