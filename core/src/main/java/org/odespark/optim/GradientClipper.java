package org.odespark.optim;

import org.odespark.check.Checks;

/**
 * Clipping by global L2 norm (Pascanu, Mikolov, Bengio, "On the difficulty of training recurrent neural
 * networks", ICML 2013, Algorithm 1): g ← g · maxNorm / ‖g‖₂ when ‖g‖₂ &gt; maxNorm, otherwise g unchanged.
 * The direction of g is kept; only its length is capped. Unlike PyTorch's {@code clip_grad_norm_} no ε is
 * added to the norm, so a clipped gradient has norm maxNorm up to rounding.
 *
 * <p>A gradient with a NaN or infinite component has no meaningful norm: {@link #clip} then throws an
 * {@link IllegalStateException} naming the first such component and leaves g unchanged, rather than
 * silently scaling it into zeros or NaNs. Immutable, thread-safe.
 *
 * @param maxNorm the largest allowed norm, &gt; 0 and finite
 */
public record GradientClipper(double maxNorm) {

  public GradientClipper {
    Checks.positiveFinite("maxNorm", maxNorm);
  }

  /**
   * g ← g · min(1, maxNorm / ‖g‖₂); returns ‖g‖₂ before clipping.
   *
   * @param gradient g, flat, modified in place when its norm exceeds {@link #maxNorm()}
   * @return the L2 norm of g before clipping
   * @throws IllegalStateException if g has a NaN or infinite component (g is then not modified)
   */
  public double clip(double[] gradient) {
    double norm = norm(gradient);
    if (norm > maxNorm) {
      double scale = maxNorm / norm;
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] *= scale;
      }
    }
    return norm;
  }

  /**
   * ‖g‖₂ = √(Σ gᵢ²), without overflow for large finite components.
   *
   * @param gradient g, not modified
   * @throws IllegalStateException if g has a NaN or infinite component
   */
  public static double norm(double[] gradient) {
    double sumOfSquares = 0;
    for (double g : gradient) {
      sumOfSquares += g * g;
    }
    if (sumOfSquares >= Double.MIN_NORMAL && sumOfSquares <= Double.MAX_VALUE) {
      return Math.sqrt(sumOfSquares);
    }
    // Rare path: a non-finite component, squares that overflow, or squares that underflow (possibly all
    // the way to 0, so a zero sum is not proof of a zero gradient). Rescale by the largest magnitude.
    double largest = 0;
    for (int i = 0; i < gradient.length; i++) {
      double g = gradient[i];
      if (!Double.isFinite(g)) {
        throw new IllegalStateException("gradient component " + i + " is " + g
            + ": the norm is undefined, refusing to clip (check the loss and the backward pass)");
      }
      largest = Math.max(largest, Math.abs(g));
    }
    if (largest == 0) {
      return 0;
    }
    double scaled = 0;
    for (double g : gradient) {
      double q = g / largest;
      scaled += q * q;
    }
    return largest * Math.sqrt(scaled);
  }
}
