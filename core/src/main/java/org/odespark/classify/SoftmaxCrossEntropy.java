package org.odespark.classify;

/**
 * The softmax cross-entropy of a block of logits and its gradient, in the numerically stable form
 * <pre>
 *   CEᵢ = log Σⱼ exp(ℓᵢⱼ) − ℓᵢ,yᵢ = mᵢ + log Σⱼ exp(ℓᵢⱼ − mᵢ) − ℓᵢ,yᵢ,   mᵢ = maxⱼ ℓᵢⱼ,
 *   ∂(wᵢ CEᵢ)/∂ℓᵢⱼ = wᵢ (softmax(ℓᵢ)ⱼ − [j = yᵢ]),
 * </pre>
 * where every exponent is ≤ 0, so nothing overflows and the largest term of the sum is 1. Stateless.
 */
public final class SoftmaxCrossEntropy {

  private SoftmaxCrossEntropy() {}

  /**
   * Σᵢ wᵢ CEᵢ over {@code rows} rows; when {@code logitsBar} is non-null also writes ∂(Σ wᵢ CEᵢ)/∂ℓ.
   *
   * @param logits rows × classes, row-major, not modified
   * @param labels one class in [0, classes) per row, not modified (checked by the caller)
   * @param weights one weight per row, or null for unit weights; not modified
   * @param logitsBar rows × classes, overwritten, or null; must not alias {@code logits}
   */
  public static double lossAndGradient(double[] logits, int rows, int classes, int[] labels, double[] weights,
                                       double[] logitsBar) {
    double loss = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * classes;
      double max = logits[row];
      for (int j = 1; j < classes; j++) {
        max = Math.max(max, logits[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(logits[row + j] - max);
      }
      double w = weights == null ? 1.0 : weights[r];
      int y = labels[r];
      loss += w * (max + Math.log(sum) - logits[row + y]);
      if (logitsBar != null) {
        double scale = w / sum;
        for (int j = 0; j < classes; j++) {
          logitsBar[row + j] = scale * Math.exp(logits[row + j] - max);
        }
        logitsBar[row + y] -= w;
      }
    }
    return loss;
  }

  /**
   * Σᵢ wᵢ [argmaxⱼ ℓᵢⱼ = yᵢ], ties going to the lowest class index: the weight of the correctly classified
   * rows (their number with unit weights).
   */
  public static double weightedCorrect(double[] logits, int rows, int classes, int[] labels, double[] weights) {
    double correct = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * classes;
      int best = 0;
      for (int j = 1; j < classes; j++) {
        if (logits[row + j] > logits[row + best]) {
          best = j;
        }
      }
      if (best == labels[r]) {
        correct += weights == null ? 1.0 : weights[r];
      }
    }
    return correct;
  }
}
