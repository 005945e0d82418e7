package org.odespark.objective;

import java.io.Serializable;
import java.util.Arrays;
import org.odespark.check.Checks;

/**
 * The sums one training step needs from a set of examples (Spark MLlib's DifferentiableLossAggregator
 * pattern, without Spark): Σ wᵢ·lossᵢ, Σ wᵢ, Σ wᵢ ∇θ lossᵢ, the solver counters, and a few named metric sums
 * (e.g. correctly classified examples). One aggregator per partition, merged elementwise; the mean loss and
 * gradient are sums divided by the weight sum. Merging with an empty aggregator is the identity.
 *
 * <p>Floating-point addition is not associative, so merging order changes the last bits; callers that need
 * bit-identical results merge in a fixed order (the Spark trainer adds partition partials in index order).
 * Mutable, one thread.
 */
public final class GradientAggregator implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Names of the metric sums every aggregator carries (fixed, so merging needs no lookup). */
  public enum Metric {
    /** Correctly classified examples (classifiers). */
    CORRECT,
    /** Σ wᵢ · (kinetic-energy regularizer)ᵢ (flows). */
    KINETIC,
    /** Σ wᵢ · (Jacobian Frobenius regularizer)ᵢ (flows). */
    JACOBIAN,
    /** Σ wᵢ · KL(q(z₀ | xᵢ) ‖ p(z₀))ᵢ (latent ODEs). */
    KL,
    /** Σ wᵢ · squared errors of held-out values inside the observed window (time-series models). */
    INTERPOLATION_SQUARED_ERROR,
    /** Σ wᵢ · number of those values. */
    INTERPOLATION_POINTS,
    /** Σ wᵢ · squared errors of held-out values after the last observation (time-series models). */
    EXTRAPOLATION_SQUARED_ERROR,
    /** Σ wᵢ · number of those values. */
    EXTRAPOLATION_POINTS
  }

  private final double[] gradientSum;
  private double lossSum;
  private double weightSum;
  private long examples;
  private long nfeForward;
  private long nfeBackward;
  private long solves;
  private final double[] metrics = new double[Metric.values().length];

  public GradientAggregator(int parameterCount) {
    Checks.atLeast("parameterCount", parameterCount, 0);
    this.gradientSum = new double[parameterCount];
  }

  /** Clears all sums, keeping the arrays. */
  public void reset() {
    Arrays.fill(gradientSum, 0.0);
    Arrays.fill(metrics, 0.0);
    lossSum = 0;
    weightSum = 0;
    examples = 0;
    nfeForward = 0;
    nfeBackward = 0;
    solves = 0;
  }

  /** this += other, elementwise. */
  public GradientAggregator merge(GradientAggregator other) {
    if (other.gradientSum.length != gradientSum.length) {
      throw new IllegalArgumentException("cannot merge aggregators of " + other.gradientSum.length + " and "
          + gradientSum.length + " parameters");
    }
    for (int i = 0; i < gradientSum.length; i++) {
      gradientSum[i] += other.gradientSum[i];
    }
    for (int i = 0; i < metrics.length; i++) {
      metrics[i] += other.metrics[i];
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    examples += other.examples;
    nfeForward += other.nfeForward;
    nfeBackward += other.nfeBackward;
    solves += other.solves;
    return this;
  }

  /** Adds the loss sum and weight sum of a block of examples. */
  public void addLoss(double weightedLossSum, double weights, long count) {
    lossSum += weightedLossSum;
    weightSum += weights;
    examples += count;
  }

  /** Adds one solve's function evaluations (forward pass, backward pass). */
  public void addSolve(long forward, long backward) {
    nfeForward += forward;
    nfeBackward += backward;
    solves++;
  }

  public void addMetric(Metric m, double value) {
    metrics[m.ordinal()] += value;
  }

  /** The gradient sum itself (not a copy): objectives accumulate into it. */
  public double[] gradientSum() {
    return gradientSum;
  }

  public int parameterCount() {
    return gradientSum.length;
  }

  public double lossSum() {
    return lossSum;
  }

  public double weightSum() {
    return weightSum;
  }

  public long examples() {
    return examples;
  }

  public long nfeForward() {
    return nfeForward;
  }

  public long nfeBackward() {
    return nfeBackward;
  }

  /** Number of ODE solves counted (one per block and flow stage); NFE per solve = nfe / solves. */
  public long solves() {
    return solves;
  }

  public double metric(Metric m) {
    return metrics[m.ordinal()];
  }

  /** Σ w·loss / Σ w. */
  public double meanLoss() {
    requireWeight();
    return lossSum / weightSum;
  }

  /** out = Σ w ∇loss / Σ w. */
  public void meanGradient(double[] out) {
    requireWeight();
    for (int i = 0; i < gradientSum.length; i++) {
      out[i] = gradientSum[i] / weightSum;
    }
  }

  private void requireWeight() {
    if (!(weightSum > 0)) {
      throw new IllegalStateException("no examples were aggregated (weight sum " + weightSum
          + "): the data or the minibatch share is empty");
    }
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "GradientAggregator[examples=%d, weight=%.6g, loss=%.6g, nfe=%d/%d]",
        examples, weightSum, weightSum > 0 ? lossSum / weightSum : Double.NaN, nfeForward, nfeBackward);
  }
}
