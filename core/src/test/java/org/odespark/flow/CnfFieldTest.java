package org.odespark.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolverWorkspace;
import org.odespark.ode.TimeGrid;
import org.odespark.random.SeedSequence;
import org.odespark.testing.Close;
import org.odespark.testing.FiniteDifferences;

class CnfFieldTest {

  private static final int DIM = 3;
  private static final int ROWS = 4;

  /** f(z) = z Wᵀ + b: one linear layer, ∂f/∂z = W for every z and t. */
  private static Mlp linear(ParameterLayout.Builder b) {
    return new Mlp(DIM, new int[0], DIM, Mlp.LayerType.LINEAR, Activation.TANH, b, "lin");
  }

  private static double[] solveLogp(CnfField field, double[] theta, double t1, double[] x) {
    double[] s0 = new double[field.dimension()];
    System.arraycopy(x, 0, s0, 0, ROWS * DIM);
    double[] out = new double[2 * field.dimension()];
    OdeSolver.builder("dopri5").tolerances(1e-10, 1e-10).build()
        .solve(field, TimeGrid.of(0, t1), s0, out, new SolverWorkspace(), null);
    double[] logp = new double[ROWS];
    System.arraycopy(out, field.dimension() + field.logpOffset(), logp, 0, ROWS);
    return logp;
  }

  @Test
  void exactTraceOfLinearDynamicsIsMinusTTimesTheTrace() {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    Mlp mlp = linear(b);
    double[] theta = new double[b.size()];
    mlp.initialize(theta, new SplittableRandom(3));
    double trace = 0;
    for (int i = 0; i < DIM; i++) {
      trace += theta[i * DIM + i];
    }
    double t1 = 0.8;
    CnfField field = new CnfField(mlp, theta, ROWS, TraceEstimator.exact(), false, false);
    double[] logp = solveLogp(field, theta, t1, new double[ROWS * DIM]);
    for (int r = 0; r < ROWS; r++) {
      // The integrand is constant, so every Runge–Kutta method integrates it exactly: round-off only.
      assertEquals(-t1 * trace, logp[r], 1e-13, "row " + r);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hutchinson-gaussian", "hutchinson-rademacher"})
  void hutchinsonEstimateIsUnbiasedOnLinearDynamics(String estimator) {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    Mlp mlp = linear(b);
    double[] theta = new double[b.size()];
    mlp.initialize(theta, new SplittableRandom(4));
    double trace = 0;
    for (int i = 0; i < DIM; i++) {
      trace += theta[i * DIM + i];
    }
    double t1 = 0.8;
    CnfField field = new CnfField(mlp, theta, ROWS, TraceEstimator.named(estimator), false, false);
    int draws = 2000;
    double sum = 0;
    double sumSq = 0;
    for (int k = 0; k < draws; k++) {
      field.drawProbe(SeedSequence.of(17).random("probe", k));
      double[] logp = solveLogp(field, theta, t1, new double[ROWS * DIM]);
      for (double v : logp) {
        sum += v;
        sumSq += v * v;
      }
    }
    int n = draws * ROWS;
    double mean = sum / n;
    double stderr = Math.sqrt((sumSq / n - mean * mean) / n);
    // Within 4 standard errors of the exact value −T·tr(W): fails with probability below 1e-4 if unbiased.
    assertTrue(Math.abs(mean + t1 * trace) < 4 * stderr, estimator + ": mean " + mean + " vs exact " + (-t1 * trace)
        + " (standard error " + stderr + ")");
    assertTrue(stderr > 0, "a random estimator must vary");
  }

  @Test
  void rademacherProbesHaveLowerVarianceThanGaussian() {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    Mlp mlp = linear(b);
    double[] theta = new double[b.size()];
    mlp.initialize(theta, new SplittableRandom(5));
    double[] variance = new double[2];
    String[] names = {"hutchinson-rademacher", "hutchinson-gaussian"};
    for (int e = 0; e < 2; e++) {
      CnfField field = new CnfField(mlp, theta, ROWS, TraceEstimator.named(names[e]), false, false);
      double sum = 0;
      double sumSq = 0;
      int n = 0;
      for (int k = 0; k < 1000; k++) {
        field.drawProbe(SeedSequence.of(23).random("probe", k));
        for (double v : solveLogp(field, theta, 1.0, new double[ROWS * DIM])) {
          sum += v;
          sumSq += v * v;
          n++;
        }
      }
      variance[e] = sumSq / n - (sum / n) * (sum / n);
    }
    // Var(εᵀAε) = 2‖A‖²_F (Gaussian) vs 2(‖A‖²_F − Σ aᵢᵢ²) (Rademacher): strictly smaller here.
    assertTrue(variance[0] < variance[1], "Rademacher variance " + variance[0] + " vs Gaussian " + variance[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exact", "hutchinson-gaussian"})
  void vjpOfTheAugmentedDynamicsMatchesFiniteDifferences(String estimator) {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    b.add("before", 1, 2);
    Mlp mlp = new Mlp(DIM, new int[] {5}, DIM, Mlp.LayerType.CONCAT_SQUASH, Activation.SOFTPLUS, b, "f");
    double[] theta = new double[b.size()];
    SplittableRandom r = new SplittableRandom(8);
    mlp.initialize(theta, r);
    CnfField field = new CnfField(mlp, theta, ROWS, TraceEstimator.named(estimator), true, true);
    field.drawProbe(SeedSequence.of(1).random("probe", 0));
    int n = field.dimension();
    double[] s = new double[n];
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = 2 * r.nextDouble() - 1;
      a[i] = 2 * r.nextDouble() - 1;
    }
    double t = 0.3;
    double[] sBar = new double[n];
    double[] thetaBar = new double[theta.length];
    double[] out = new double[n];
    double tBar = field.vjp(t, s, a, out, sBar, thetaBar);
    double[] direct = new double[n];
    field.evaluate(t, s, direct);
    Close.assertClose("vjp's f output", direct, out, 1e-14);

    double h = 1e-6;
    double[] fdS = FiniteDifferences.gradient(v -> aDotG(field, t, v, a), s, h);
    Close.assertClose(estimator + " ∂/∂s", fdS, sBar, 1e-6);
    // The field holds θ itself: the differences perturb it in place, so the function ignores its argument.
    double[] fdTheta = FiniteDifferences.gradient(th -> aDotG(field, t, s, a), theta, h);
    Close.assertClose(estimator + " ∂/∂θ", fdTheta, thetaBar, 1e-6);
    double fdT = FiniteDifferences.derivative(u -> aDotG(field, u, s, a), t, h);
    assertEquals(fdT, tBar, 1e-6 * Math.max(1, Math.abs(fdT)), estimator + " ∂/∂t");
  }

  private static double aDotG(CnfField field, double t, double[] s, double[] a) {
    double[] g = new double[s.length];
    field.evaluate(t, s, g);
    double v = 0;
    for (int i = 0; i < s.length; i++) {
      v += a[i] * g[i];
    }
    return v;
  }
}
