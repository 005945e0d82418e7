package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odespark.testing.FiniteDifferences;

class SoftmaxCrossEntropyTest {

  @Test
  void equalLogitsGiveLogOfTheClassCount() {
    double[] logits = {0.3, 0.3, 0.3, 0.3};
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, 1, 4, new int[] {2}, null, null);
    // CE of the uniform distribution: log 4, exactly up to rounding of log and exp(0) = 1.
    assertEquals(Math.log(4), loss, 1e-15);
  }

  @Test
  void hugeLogitsStayFinite() {
    // A naive exp(1000) overflows; the shifted form gives CE = log(1 + e^−1) and CE = 1 + log(1 + e^−1).
    double[] logits = {1000, 999, -1000, 1001};
    double[] bar = new double[4];
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, 2, 2, new int[] {0, 0}, null, bar);
    double expected = Math.log1p(Math.exp(-1)) + (2001 + Math.log1p(Math.exp(-2001)));
    assertEquals(expected, loss, 1e-12 * expected);
    for (double b : bar) {
      assertTrue(Double.isFinite(b));
    }
  }

  @Test
  void gradientIsWeightedSoftmaxMinusOneHotAndMatchesFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(5);
    int rows = 4;
    int classes = 5;
    double[] logits = new double[rows * classes];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = 6 * r.nextDouble() - 3;
    }
    int[] labels = {0, 4, 2, 2};
    double[] weights = {1.0, 0.25, 2.0, 0.0};
    double[] bar = new double[logits.length];
    SoftmaxCrossEntropy.lossAndGradient(logits, rows, classes, labels, weights, bar);
    double h = 1e-6;
    double[] fd = FiniteDifferences.gradient(
        z -> SoftmaxCrossEntropy.lossAndGradient(z, rows, classes, labels, weights, null), logits, h);
    // Central differences of a smooth function at h = 1e-6: truncation ~1e-12, round-off ~1e-10.
    Derivatives.assertClose("∂CE/∂logits", fd, bar, 1e-7);
    for (int row = 0; row < rows; row++) {
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += bar[row * classes + j];
      }
      // Σⱼ (softmaxⱼ − [j = y]) = 0: only rounding remains.
      assertEquals(0, sum, 1e-15, "row " + row);
    }
    for (int j = 0; j < classes; j++) {
      assertEquals(0, bar[3 * classes + j], 0.0, "a zero-weight row has zero gradient");
    }
  }

  @Test
  void correctCountsWeightsAndBreaksTiesTowardTheLowestClass() {
    double[] logits = {1, 2, 0, /* */ 5, 5, 1, /* */ 0, 0, 3};
    int[] labels = {1, 0, 0};
    double[] weights = {2, 0.5, 7};
    assertEquals(2.5, SoftmaxCrossEntropy.weightedCorrect(logits, 3, 3, labels, weights), 0.0);
    assertEquals(2, SoftmaxCrossEntropy.weightedCorrect(logits, 3, 3, labels, null), 0.0);
  }
}
