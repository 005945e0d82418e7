package org.odespark.spark.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.odespark.data.ToyDistributions;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;

/**
 * A toy density generated on the executors: partition p of P holds ⌊n/P⌋ rows (one more for p &lt; n mod
 * P) drawn from {@code SeedSequence(seed).random("toy-data", p)}. The driver ships only P indices, so 10⁸ rows
 * need no driver memory, and a partition recomputed after a lost executor has the same bits.
 */
final class ToyBlocks {

  private ToyBlocks() {}

  static JavaRDD<Batch> generate(JavaSparkContext sc, String name, long rows, long seed, int partitions) {
    ToyDistributions.checkName(name);
    long largest = rows / partitions + (rows % partitions == 0 ? 0 : 1);
    if (largest > (Integer.MAX_VALUE - 8) / 2) {
      throw new DataFormatException("data.toy.rows = " + rows + " over " + partitions + " partitions gives "
          + largest + " rows per partition, above the largest block: set data.partitions to at least "
          + (rows / ((Integer.MAX_VALUE - 8) / 2) + 1));
    }
    if (rows < partitions) {
      throw new DataFormatException("data.toy.rows = " + rows + " is below data.partitions = " + partitions
          + ": every partition needs a row");
    }
    List<Integer> indices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      indices.add(p);
    }
    return sc.parallelize(indices, partitions).mapPartitionsWithIndex((p, it) -> {
      int n = (int) (rows / partitions + (p < rows % partitions ? 1 : 0));
      if (n == 0) {
        return Collections.<Batch>emptyIterator();
      }
      Iterator<Batch> one = List.of(ToyDistributions.batch(name, n, SeedSequence.of(seed).random("toy-data", p)))
          .iterator();
      return one;
    }, true);
  }
}
