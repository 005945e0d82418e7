package org.odespark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MinibatchSamplerTest {

  @Test
  void sharesFollowPartitionSizesAndSumToTheBatch() {
    assertArrayEquals(new int[] {34, 33, 33}, MinibatchSampler.shares(new long[] {100, 100, 100}, 100));
    assertArrayEquals(new int[] {10, 0, 90}, MinibatchSampler.shares(new long[] {10, 0, 90}, 100));
    int[] s = MinibatchSampler.shares(new long[] {7, 13, 1, 29}, 17);
    assertEquals(17, Arrays.stream(s).sum());
    assertThrows(IllegalArgumentException.class, () -> MinibatchSampler.shares(new long[] {0, 0}, 5));
  }

  @Test
  void everyEpochVisitsEachRowOnce() {
    int rows = 23;
    int share = 5;
    MinibatchSampler s = new MinibatchSampler(7, 2, rows, share);
    int[] counts = new int[rows];
    int[] out = new int[share];
    int iterations = 13; // 65 positions: less than three epochs of 23 rows
    for (int i = 0; i < iterations; i++) {
      s.draw(i, out);
      for (int j = 0; j < share; j++) {
        counts[out[j]]++;
      }
    }
    // 65 positions: two full epochs (every row twice) and 19 rows of the third.
    int thrice = 0;
    for (int c : counts) {
      assertEquals(true, c == 2 || c == 3, "row visited " + c + " times");
      thrice += c == 3 ? 1 : 0;
    }
    assertEquals(65 - 2 * rows, thrice);
  }

  @Test
  void drawsArePureFunctionsOfTheIteration() {
    MinibatchSampler sequential = new MinibatchSampler(11, 0, 50, 8);
    int[] a = new int[8];
    int[] b = new int[8];
    for (int i = 0; i < 20; i++) {
      sequential.draw(i, a);
    }
    new MinibatchSampler(11, 0, 50, 8).draw(19, b);
    assertArrayEquals(a, b, "a resumed sampler must draw what an uninterrupted one draws");
    new MinibatchSampler(12, 0, 50, 8).draw(19, b);
    assertFalse(Arrays.equals(a, b), "another seed must draw other rows");
    new MinibatchSampler(11, 1, 50, 8).draw(19, b);
    assertFalse(Arrays.equals(a, b), "another partition must draw other rows");
  }
}
