package org.odespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.odespark.random.SeedSequence;
import org.odespark.testing.AllocationMeter;

/**
 * Mean and variance against exact decimal arithmetic, and split-and-merge against a single pass.
 *
 * <p>Relative tolerance 1e-12 for both: the brief's bound for merges, and about 10⁴ ulps, room for the
 * rounding of ~10⁴ additions while any formula error (a wrong Chan term, a missing δ² correction) is of
 * order 1. Means are compared relative to |mean| + stddev, since a mean near 0 has no relative accuracy.
 */
class RunningMomentsTest {

  private static final double RELATIVE = 1e-12;
  private static final int ROWS = 10_007;
  private static final int COLS = 4;

  /**
   * Columns chosen to stress the arithmetic: 10⁶ + N(0, 1) (a large offset, where the textbook Σx² − n·x̄²
   * loses every digit), U(−1, 1), 3·10⁻⁸ + 10⁻⁸·N(0, 1) (tiny values), N(0, 10⁶) (large spread).
   */
  private static double[] data(long seed) {
    RandomGenerator rng = SeedSequence.of(seed).random("moments-test");
    double[] x = new double[ROWS * COLS];
    for (int i = 0; i < ROWS; i++) {
      x[COLS * i] = 1e6 + rng.nextGaussian();
      x[COLS * i + 1] = 2 * rng.nextDouble() - 1;
      x[COLS * i + 2] = 3e-8 + 1e-8 * rng.nextGaussian();
      x[COLS * i + 3] = 1e3 * rng.nextGaussian();
    }
    return x;
  }

  @Test
  void singlePassMatchesExactArithmetic() {
    double[] x = data(1);
    RunningMoments m = new RunningMoments(COLS).add(x, 0, ROWS, COLS);
    MathContext mc = new MathContext(40);
    for (int j = 0; j < COLS; j++) {
      BigDecimal sum = BigDecimal.ZERO;
      for (int i = 0; i < ROWS; i++) {
        sum = sum.add(new BigDecimal(x[COLS * i + j]));
      }
      BigDecimal mean = sum.divide(BigDecimal.valueOf(ROWS), mc);
      BigDecimal m2 = BigDecimal.ZERO;
      for (int i = 0; i < ROWS; i++) {
        BigDecimal d = new BigDecimal(x[COLS * i + j]).subtract(mean);
        m2 = m2.add(d.multiply(d, mc), mc);
      }
      double exactVariance = m2.doubleValue() / ROWS;
      double scale = Math.abs(mean.doubleValue()) + Math.sqrt(exactVariance);
      assertEquals(mean.doubleValue(), m.mean()[j], RELATIVE * scale, "mean of column " + j);
      assertEquals(m2.doubleValue(), m.m2()[j], RELATIVE * m2.doubleValue(), "M2 of column " + j);
      assertEquals(exactVariance, m.variance()[j], RELATIVE * exactVariance, "variance of column " + j);
    }
    assertEquals(ROWS, m.count());
  }

  @Test
  void splitAndMergeEqualsOnePass() {
    double[] x = data(2);
    RunningMoments single = new RunningMoments(COLS).add(x, 0, ROWS, COLS);
    // Parts of very different sizes, including empty and single-row ones, some added in several blocks.
    int[] cuts = {0, 0, 1, 2, 1500, 1501, 4000, 9000, ROWS};
    RunningMoments[] parts = new RunningMoments[cuts.length - 1];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = new RunningMoments(COLS);
      int from = cuts[p];
      int to = cuts[p + 1];
      int middle = from + (to - from) / 3;
      parts[p].add(x, COLS * from, middle - from, COLS).add(x, COLS * middle, to - middle, COLS);
    }
    RunningMoments sequential = new RunningMoments(COLS);
    for (RunningMoments part : parts) {
      sequential.merge(part);
    }
    // A tree in another order: ((7 + 0) + (3 + 5)) + ((1 + 6) + (2 + 4)).
    RunningMoments tree = copy(parts[7]).merge(parts[0]).merge(copy(parts[3]).merge(parts[5]))
        .merge(copy(parts[1]).merge(parts[6]).merge(copy(parts[2]).merge(parts[4])));
    for (RunningMoments merged : new RunningMoments[] {sequential, tree}) {
      assertEquals(ROWS, merged.count());
      assertClose(single, merged);
    }
  }

  @Test
  void oneRowAtATimeIsWelfordsUpdate() {
    double[] x = data(3);
    RunningMoments single = new RunningMoments(COLS).add(x, 0, ROWS, COLS);
    RunningMoments rowByRow = new RunningMoments(COLS);
    for (int i = 0; i < ROWS; i++) {
      rowByRow.add(x, COLS * i, 1, COLS);
    }
    assertClose(single, rowByRow);
  }

  @Test
  void emptyMomentsAreTheIdentityOfMerge() {
    double[] x = data(4);
    RunningMoments m = new RunningMoments(COLS).add(x, 0, 100, COLS);
    double[] mean = m.mean();
    double[] m2 = m.m2();
    m.merge(new RunningMoments(COLS)).add(x, 0, 0, COLS);
    assertArrayEquals(mean, m.mean(), 0.0);
    assertArrayEquals(m2, m.m2(), 0.0);
    RunningMoments fromEmpty = new RunningMoments(COLS).merge(m);
    assertArrayEquals(mean, fromEmpty.mean(), 0.0);
    assertArrayEquals(m2, fromEmpty.m2(), 0.0);
    assertEquals(100, fromEmpty.count());
  }

  /** Spark ships partial moments between JVMs: the state survives serialization, the scratch space not. */
  @Test
  void survivesSerialization() throws Exception {
    double[] x = data(6);
    RunningMoments m = new RunningMoments(COLS).add(x, 0, 500, COLS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    RunningMoments back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (RunningMoments) in.readObject();
    }
    back.add(x, 500 * COLS, ROWS - 500, COLS);
    m.add(x, 500 * COLS, ROWS - 500, COLS);
    assertArrayEquals(m.mean(), back.mean(), 0.0);
    assertArrayEquals(m.m2(), back.m2(), 0.0);
  }

  @Test
  void varianceFlavours() {
    double[] x = {1, 2, 4, 7}; // one column: mean 3.5, M2 = 6.25 + 2.25 + 0.25 + 12.25 = 21
    RunningMoments m = new RunningMoments(1).add(x, 0, 4, 1);
    assertEquals(3.5, m.mean()[0], 1e-15);
    assertEquals(21.0, m.m2()[0], 1e-14);
    assertEquals(21.0 / 4, m.variance()[0], 1e-14, "population variance M2/n");
    assertEquals(21.0 / 3, m.sampleVariance()[0], 1e-14, "sample variance M2/(n-1)");
    assertEquals(Math.sqrt(21.0 / 4), m.stddev()[0], 1e-14, "population standard deviation");
  }

  @Test
  void invalidUseIsReported() {
    RunningMoments m = new RunningMoments(2);
    assertEquals("the mean needs at least 1 row, got 0",
        assertThrows(IllegalStateException.class, m::mean).getMessage());
    m.add(new double[] {1, 2}, 0, 1, 2);
    assertEquals("the sample variance needs at least 2 rows, got 1",
        assertThrows(IllegalStateException.class, m::sampleVariance).getMessage());
    assertEquals("cols must be 2 as at construction, got 3", assertThrows(IllegalArgumentException.class,
        () -> m.add(new double[6], 0, 2, 3)).getMessage());
    assertEquals("2 rows of 2 values from offset 1 do not fit in an array of length 4",
        assertThrows(IllegalArgumentException.class, () -> m.add(new double[4], 1, 2, 2)).getMessage());
    assertEquals("count must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
        () -> m.add(new double[4], 0, -1, 2)).getMessage());
    assertEquals("cannot merge moments of 3 columns into moments of 2 columns",
        assertThrows(IllegalArgumentException.class, () -> m.merge(new RunningMoments(3))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.merge(m));
    assertThrows(IllegalArgumentException.class, () -> new RunningMoments(0));
  }

  @Test
  void addAllocatesNothingAfterTheFirstCall() {
    double[] x = data(5);
    RunningMoments m = new RunningMoments(COLS);
    int[] call = {0};
    long allocated = AllocationMeter.allocatedBytes(() -> m.add(x, COLS * (call[0]++ % 100), 64, COLS),
        20_000, 10_000);
    assertTrue(AllocationMeter.allocatesNothingPerCall(allocated, 10_000), "10000 adds allocated " + allocated + " bytes");
  }

  private static RunningMoments copy(RunningMoments m) {
    return new RunningMoments(m.cols()).merge(m);
  }

  private static void assertClose(RunningMoments expected, RunningMoments actual) {
    double[] mean = expected.mean();
    double[] variance = expected.variance();
    for (int j = 0; j < expected.cols(); j++) {
      double scale = Math.abs(mean[j]) + Math.sqrt(variance[j]);
      assertEquals(mean[j], actual.mean()[j], RELATIVE * scale, "mean of column " + j);
      assertEquals(variance[j], actual.variance()[j], RELATIVE * variance[j], "variance of column " + j);
    }
  }
}
