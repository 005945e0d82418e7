package org.odespark.classify;

import java.util.SplittableRandom;
import org.odespark.nn.Check;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.testing.FiniteDifferences;
import org.odespark.testing.RandomVectors;

/** Gradients of classifier objectives: analytic through the objective, and by central differences. */
final class Derivatives {

  private Derivatives() {}

  /** Σ w ∇θ CE from {@link Objective#accumulate}. */
  static double[] gradient(Objective o, double[] theta, Batch batch) {
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    o.accumulate(theta, batch, 0, agg);
    return agg.gradientSum().clone();
  }

  /** Σ w CE from {@link Objective#evaluate}. */
  static double loss(Objective o, double[] theta, Batch batch) {
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    o.evaluate(theta, batch, 0, agg);
    return agg.lossSum();
  }

  /** Central differences of {@link #loss} in every coordinate of θ, step h·max(1, |θᵢ|). */
  static double[] finiteDifferences(Objective o, double[] theta, Batch batch, double h) {
    return FiniteDifferences.gradientWithRelativeStep(w -> loss(o, w, batch), theta, h);
  }

  /** A labelled batch with features in [-scale, scale], random labels and weights in [0.5, 1.5). */
  static Batch randomBatch(SplittableRandom r, int rows, int cols, int classes, double scale) {
    double[] x = RandomVectors.uniform(r, rows * cols, scale);
    int[] labels = new int[rows];
    double[] weights = new double[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(classes);
      weights[i] = 0.5 + r.nextDouble();
    }
    return new Batch(rows, cols, x, labels, weights);
  }

  /** Componentwise relative agreement with a floor at 1 % of ‖expected‖∞: see {@link Check#assertClose}. */
  static void assertClose(String what, double[] expected, double[] actual, double tol) {
    Check.assertClose(what, expected, actual, tol);
  }
}
