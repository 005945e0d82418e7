package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.odespark.data.Batch;
import org.odespark.train.GradientAggregator;
import org.odespark.train.Objective;

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
    double[] out = new double[theta.length];
    double[] w = theta.clone();
    for (int i = 0; i < theta.length; i++) {
      double step = h * Math.max(1, Math.abs(theta[i]));
      w[i] = theta[i] + step;
      double plus = loss(o, w, batch);
      w[i] = theta[i] - step;
      double minus = loss(o, w, batch);
      w[i] = theta[i];
      out[i] = (plus - minus) / (2 * step);
    }
    return out;
  }

  /** A labelled batch with features in [-scale, scale], random labels and weights in [0.5, 1.5). */
  static Batch randomBatch(SplittableRandom r, int rows, int cols, int classes, double scale) {
    double[] x = new double[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = scale * (2 * r.nextDouble() - 1);
    }
    int[] labels = new int[rows];
    double[] weights = new double[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(classes);
      weights[i] = 0.5 + r.nextDouble();
    }
    return new Batch(rows, cols, x, labels, weights);
  }

  /**
   * Asserts |actual − expected| ≤ tol·max(|expected|, 1e−2·‖expected‖∞) componentwise and reports the worst
   * component (the floor keeps components near zero from demanding agreement at round-off level).
   */
  static void assertClose(String what, double[] expected, double[] actual, double tol) {
    double norm = 0;
    for (double e : expected) {
      norm = Math.max(norm, Math.abs(e));
    }
    int worst = -1;
    double worstRatio = 0;
    for (int i = 0; i < expected.length; i++) {
      double bound = tol * Math.max(Math.max(Math.abs(expected[i]), 1e-2 * norm), 1e-300);
      double ratio = Double.isNaN(actual[i]) ? Double.POSITIVE_INFINITY
          : Math.abs(actual[i] - expected[i]) / bound;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = i;
      }
    }
    if (worstRatio > 1) {
      fail(what + ": component " + worst + " expected " + expected[worst] + " got " + actual[worst] + " (error "
          + Math.abs(actual[worst] - expected[worst]) + ", " + worstRatio + "× the allowed " + tol + " relative)");
    }
  }
}
