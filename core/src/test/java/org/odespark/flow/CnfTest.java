package org.odespark.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odespark.adjoint.GradientMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.testing.Close;
import org.odespark.testing.FiniteDifferences;
import org.odespark.testing.RandomVectors;

class CnfTest {

  private static final int ROWS = 5;

  /** Two blocks, learned end times, both regularizers: every term of the gradient is exercised. */
  private static CnfSpec smallSpec(String trace, String gradient) {
    return CnfSpec.builder(2).hidden(6).blocks(2).time(0.5, true).trace(TraceEstimator.named(trace))
        .regularization(0.1, 0.05)
        .tolerances(1e-12, 1e-12).gradient(GradientMethod.named(gradient)).build();
  }

  private static Batch data(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = RandomVectors.uniform(r, ROWS * 2, 1);
    double[] w = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      w[i] = 0.5 + r.nextDouble();
    }
    return new Batch(ROWS, 2, x, null, w);
  }

  /** The training objective: Σ w·NLL + λ_K Σ w·K + λ_J Σ w·J. */
  private static double objective(Cnf cnf, double[] theta, Batch batch, long seed) {
    GradientAggregator agg = new GradientAggregator(theta.length);
    cnf.accumulate(theta, batch, seed, agg);
    return agg.lossSum() + cnf.spec().kineticWeight() * agg.metric(GradientAggregator.Metric.KINETIC)
        + cnf.spec().jacobianWeight() * agg.metric(GradientAggregator.Metric.JACOBIAN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exact/adjoint", "hutchinson-gaussian/adjoint", "exact/backprop", "exact/checkpoint"})
  void lossGradientMatchesFiniteDifferences(String variant) {
    String[] parts = variant.split("/");
    Cnf cnf = smallSpec(parts[0], parts[1]).create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 7);
    Batch batch = data(3);
    long seed = 99;
    GradientAggregator agg = new GradientAggregator(theta.length);
    cnf.accumulate(theta, batch, seed, agg);
    double[] grad = agg.gradientSum().clone();
    // h = 1e-4: solves at tol 1e-12 leave ~1e-12 of step-sequence noise in the loss (1e-8 after dividing by
    // h), and the central difference's truncation is ~1e-8 relative.
    double h = 1e-4;
    double[] fd = FiniteDifferences.gradient(th -> objective(cnf, th, batch, seed), theta, h);
    Close.assertClose(variant + " dL/dθ", fd, grad, 1e-5);
    assertTrue(agg.nfeBackward() > 0 && agg.solves() == 2, "two blocks, each one forward and one backward solve");
  }

  @Test
  void checkpointedBackpropGivesBackpropsGradient() {
    // Backprop through the same steps, the states re-solved from checkpoints: the same numbers to round-off.
    Cnf backprop = smallSpec("hutchinson-gaussian", "backprop").create();
    Cnf checkpoint = smallSpec("hutchinson-gaussian", "checkpoint").create();
    double[] theta = new double[backprop.parameterCount()];
    backprop.initialize(theta, 8);
    Batch batch = data(4);
    GradientAggregator p = new GradientAggregator(theta.length);
    GradientAggregator c = new GradientAggregator(theta.length);
    backprop.accumulate(theta, batch, 5, p);
    checkpoint.accumulate(theta, batch, 5, c);
    assertEquals(p.lossSum(), c.lossSum(), 1e-13 * Math.abs(p.lossSum()));
    Close.assertClose("checkpoint vs backprop dL/dθ", p.gradientSum(), c.gradientSum(), 1e-10);
    assertTrue(c.nfeBackward() > p.nfeBackward(), "the checkpointed pass re-solves the segments");
  }

  @Test
  void scoreMatchesFiniteDifferencesOfTheLogDensity() {
    Cnf cnf = smallSpec("exact", "adjoint").create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 8);
    Batch batch = data(4);
    double[] score = new double[ROWS * 2];
    cnf.logDensityGradient(theta, batch, 0, score);
    double h = 1e-4;
    // Component i of the features is row i / 2's: difference that row's log density only.
    double[] fd = new double[ROWS * 2];
    double[] logp = new double[ROWS];
    double[] x = batch.features().clone();
    for (int i = 0; i < ROWS * 2; i++) {
      int row = i / 2;
      fd[i] = FiniteDifferences.partial(v -> {
        cnf.logDensity(theta, new Batch(ROWS, 2, v, null, null), 0, logp, 0);
        return logp[row];
      }, x, i, h);
    }
    Close.assertClose("∇x log p", fd, score, 1e-5);
  }

  @Test
  void encodeThenDecodeIsTheIdentityAtTightTolerance() {
    Cnf cnf = smallSpec("exact", "adjoint").create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 9);
    Batch batch = data(5);
    double[] z = new double[ROWS * 2];
    double[] back = new double[ROWS * 2];
    cnf.encode(theta, batch.features(), ROWS, z);
    cnf.decode(theta, z, ROWS, back);
    double worst = 0;
    for (int i = 0; i < z.length; i++) {
      worst = Math.max(worst, Math.abs(back[i] - batch.features()[i]));
    }
    assertTrue(worst <= 1e-5, "round trip error " + worst + " (issue bar 1e-5)");
    assertTrue(worst < 1e-9, "round trip error " + worst + " at tol 1e-12");
    double moved = 0;
    for (int i = 0; i < z.length; i++) {
      moved = Math.max(moved, Math.abs(z[i] - batch.features()[i]));
    }
    assertTrue(moved > 1e-3, "the flow must actually move the points");
  }

  @Test
  void densityIntegratesToOne() {
    CnfSpec spec = CnfSpec.builder(2).hidden(16, 16).tolerances(1e-6, 1e-6).time(1.0, false).build();
    Cnf cnf = spec.create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 10);
    // Sharpen the flow so the density is far from the base Gaussian.
    for (int i = 0; i < theta.length; i++) {
      theta[i] *= 2;
    }
    int g = 160;
    double lo = -7;
    double hi = 7;
    double cell = (hi - lo) / g;
    double[] grid = new double[g * g * 2];
    for (int i = 0; i < g; i++) {
      for (int j = 0; j < g; j++) {
        grid[2 * (i * g + j)] = lo + (j + 0.5) * cell;
        grid[2 * (i * g + j) + 1] = lo + (i + 0.5) * cell;
      }
    }
    double[] logp = new double[g * g];
    cnf.logDensity(theta, new Batch(g * g, 2, grid, null, null), 0, logp, 0);
    double mass = 0;
    double distance = 0;
    for (int k = 0; k < g * g; k++) {
      double x = grid[2 * k];
      double y = grid[2 * k + 1];
      double base = Math.exp(-0.5 * (x * x + y * y)) / (2 * Math.PI);
      mass += Math.exp(logp[k]) * cell * cell;
      distance += Math.abs(Math.exp(logp[k]) - base) * cell * cell;
    }
    // Midpoint rule on a 160² grid over [−7, 7]²: quadrature and tail errors well below 1%; the bar 2%.
    assertEquals(1.0, mass, 0.02, "∫ p(x) dx over the grid");
    assertTrue(distance > 0.1, "the flow's density must differ from the base N(0, I): L1 distance " + distance);
  }

  @Test
  void samplesAreDecodedGaussianDraws() {
    Cnf cnf = smallSpec("exact", "adjoint").create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 11);
    int n = 300;
    double[] x = new double[n * 2];
    cnf.sample(theta, n, 5, x);
    double[] z = new double[n * 2];
    cnf.encode(theta, x, n, z);
    double mean = 0;
    double sq = 0;
    for (double v : z) {
      mean += v / z.length;
      sq += v * v / z.length;
    }
    // Encoding samples recovers N(0, I) draws: sample mean within 4 standard errors (1/√600), variance ≈ 1.
    assertEquals(0, mean, 4 / Math.sqrt(z.length));
    assertEquals(1, sq - mean * mean, 0.2);
    double[] again = new double[n * 2];
    cnf.sample(theta, n, 5, again);
    assertTrue(java.util.Arrays.equals(x, again), "same seed, same samples");
  }
}
