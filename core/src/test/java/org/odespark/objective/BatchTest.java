package org.odespark.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.odespark.testing.AllocationMeter;

/** Validation, accessors and the allocation-free gather of {@link Batch}. */
class BatchTest {

  /** 4 rows × 3 columns: row i is (10i, 10i + 1, 10i + 2), label 100 + i, weight i / 2. */
  private static Batch sample() {
    double[] x = new double[12];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        x[3 * i + j] = 10 * i + j;
      }
    }
    return new Batch(4, 3, x, new int[] {100, 101, 102, 103}, new double[] {0, 0.5, 1, 1.5});
  }

  @Test
  void accessorsReadTheSharedArrays() {
    double[] x = {1, 2, 3, 4};
    int[] y = {7, 8};
    Batch b = new Batch(2, 2, x, y, null);
    assertSame(x, b.features());
    assertSame(y, b.labels());
    assertEquals(3.0, b.feature(1, 0), 0.0);
    assertEquals(8, b.label(1));
    assertEquals(1.0, b.weight(1), 0.0, "unweighted examples weigh 1");
    assertEquals(2.0, b.weightSum(), 0.0);
    assertEquals(3.0, sample().weightSum(), 0.0);
    assertTrue(b.hasLabels());
    assertEquals(false, b.hasWeights());
    assertThrows(IllegalStateException.class, b::weights);
    assertThrows(IllegalStateException.class, () -> new Batch(1, 1, new double[1], null, null).label(0));
    assertThrows(IndexOutOfBoundsException.class, () -> b.feature(2, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> b.feature(0, 2));
    assertEquals("Batch[2x2, labelled and unweighted]", b.toString());
  }

  @Test
  void constructorRejectsInconsistentOrInvalidData() {
    assertMessage("rows must be >= 1, got 0", () -> new Batch(0, 2, new double[0], null, null));
    assertMessage("cols must be >= 1, got -1", () -> new Batch(2, -1, new double[0], null, null));
    assertMessage("features must not be null", () -> new Batch(2, 3, null, null, null));
    assertMessage("features must have rows*cols = 2*3 = 6 entries, got 5",
        () -> new Batch(2, 3, new double[5], null, null));
    assertMessage("features must be finite, got NaN at row 1, column 2",
        () -> new Batch(2, 3, new double[] {0, 0, 0, 0, 0, Double.NaN}, null, null));
    assertMessage("features must be finite, got -Infinity at row 0, column 1",
        () -> new Batch(2, 3, new double[] {0, Double.NEGATIVE_INFINITY, 0, 0, 0, 0}, null, null));
    assertMessage("labels must have one entry per row (2), got 3", () -> new Batch(2, 1, new double[2],
        new int[3], null));
    assertMessage("weights must have one entry per row (2), got 1", () -> new Batch(2, 1, new double[2], null,
        new double[1]));
    assertMessage("weights must be finite and >= 0, got weights[1] = -0.5",
        () -> new Batch(2, 1, new double[2], null, new double[] {1, -0.5}));
    assertMessage("weights must be finite and >= 0, got weights[0] = NaN",
        () -> new Batch(2, 1, new double[2], null, new double[] {Double.NaN, 1}));
    assertMessage("weights must be finite and >= 0, got weights[1] = Infinity", () -> new Batch(2, 1,
        new double[2], null, new double[] {0, Double.POSITIVE_INFINITY}));
    assertMessage("rows*cols = 4294836225 exceeds the largest array (2147483639)",
        () -> Batch.allocate(65535, 65535, false, false));
  }

  @Test
  void gatherCopiesSelectedRowsInOrder() {
    Batch source = sample();
    Batch dest = Batch.allocateLike(source, 3);
    assertEquals(1.0, dest.weight(0), 0.0, "a fresh buffer has unit weights");
    int[] indices = {9, 3, 1, 3, 9};
    source.gather(indices, 1, dest);
    assertArrayEquals(new double[] {30, 31, 32, 10, 11, 12, 30, 31, 32}, dest.features(), 0.0);
    assertArrayEquals(new int[] {103, 101, 103}, dest.labels());
    assertArrayEquals(new double[] {1.5, 0.5, 1.5}, dest.weights(), 0.0);
    Batch copy = source.gather(new int[] {2, 0});
    assertArrayEquals(new double[] {20, 21, 22, 0, 1, 2}, copy.features(), 0.0);
    assertArrayEquals(new int[] {102, 100}, copy.labels());
  }

  @Test
  void gatherChecksItsArguments() {
    Batch source = sample();
    Batch dest = Batch.allocateLike(source, 2);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> source.gather(new int[] {0, 4}, 0, dest));
    assertEquals("indices[1] = 4 is outside [0, 4)", e.getMessage());
    assertMessage("need dest.rows() = 2 indices from position 2, but indices has length 3",
        () -> source.gather(new int[] {0, 1, 2}, 2, dest));
    assertMessage("dest must have 3 columns like the source, got 2",
        () -> source.gather(new int[] {0, 1}, 0, Batch.allocate(2, 2, true, true)));
    assertMessage("dest must be labelled and weighted like the source, got unlabelled and weighted (use"
        + " Batch.allocateLike)",
        () -> source.gather(new int[] {0, 1}, 0, Batch.allocate(2, 3, false, true)));
    assertMessage("dest must not share arrays with the source batch",
        () -> source.gather(new int[] {0, 1, 2, 3}, 0, source));
    assertMessage("indices must not be empty (a batch has at least one row)",
        () -> source.gather(new int[0]));
  }

  @Test
  void gatherAllocatesNothing() {
    Batch source = Batch.allocate(1000, 8, true, true);
    Batch dest = Batch.allocateLike(source, 64);
    int[] indices = new int[64 * 100];
    for (int k = 0; k < indices.length; k++) {
      indices[k] = (k * 7919) % 1000;
    }
    int[] call = {0};
    long allocated = AllocationMeter.allocatedBytes(
        () -> source.gather(indices, 64 * (call[0]++ % 100), dest), 20_000, 10_000);
    assertTrue(AllocationMeter.allocatesNothingPerCall(allocated, 10_000), "10000 gathers allocated " + allocated + " bytes");
  }

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}
