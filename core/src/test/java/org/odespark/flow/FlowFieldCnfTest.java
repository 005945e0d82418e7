package org.odespark.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.testing.Close;
import org.odespark.testing.FiniteDifferences;
import org.odespark.testing.RandomVectors;

/** A {@link Cnf} over hand-written {@link FlowField}s ({@link LinearPlusCorrection}), against closed forms. */
class FlowFieldCnfTest {

  private static final int D = 2;
  private static final int ROWS = 4;
  private static final double[] TIMES = {0.7, 0.4};
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private static GradientSpec solvers(String method) {
    return GradientSpec.of(GradientMethod.named(method), SolverSpec.adaptive("dopri5", 1e-12, 1e-12));
  }

  /**
   * Two blocks f_k(z) = A_k z (+ an MLP correction g_k), A_k then g_k in θ: {@code correction} is "linear"
   * (none), "corrected" (ConcatSquash layers) or "mixed" (ConcatLinear hidden layer, Linear output layer).
   */
  private static Cnf flow(String correction, String trace, double kinetic, double jacobian, String method) {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    FlowField[] fields = new FlowField[TIMES.length];
    for (int k = 0; k < fields.length; k++) {
      int at = b.add("phys" + k + ".A", D, D);
      Mlp g = switch (correction) {
        case "linear" -> null;
        case "corrected" -> new Mlp(D, new int[] {5}, D, Mlp.LayerType.CONCAT_SQUASH, Activation.named("tanh"), b,
            "corr" + k);
        case "mixed" -> new Mlp(D, new int[] {5}, D, Mlp.LayerType.CONCAT, Mlp.LayerType.LINEAR,
            Activation.named("softplus"), b, "corr" + k);
        default -> throw new IllegalArgumentException(correction);
      };
      fields[k] = new LinearPlusCorrection(at, D, g);
    }
    return Cnf.overFields(b.build(), fields, TIMES, TraceEstimator.named(trace), kinetic, jacobian,
        solvers(method));
  }

  private static Batch data(long seed, boolean weighted) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = RandomVectors.uniform(r, ROWS * D, 1.5);
    double[] w = null;
    if (weighted) {
      w = new double[ROWS];
      for (int i = 0; i < ROWS; i++) {
        w[i] = 0.5 + r.nextDouble();
      }
    }
    return new Batch(ROWS, D, x, null, w);
  }

  /** exp(M) by its Taylor series (‖M‖ < 1 here, so 40 terms are exact to round-off). */
  private static double[] expm(double[] m) {
    double[] sum = new double[D * D];
    double[] term = new double[D * D];
    for (int i = 0; i < D; i++) {
      sum[i * D + i] = 1;
      term[i * D + i] = 1;
    }
    for (int n = 1; n <= 40; n++) {
      double[] next = new double[D * D];
      for (int i = 0; i < D; i++) {
        for (int j = 0; j < D; j++) {
          for (int l = 0; l < D; l++) {
            next[i * D + j] += term[i * D + l] * m[l * D + j] / n;
          }
        }
      }
      term = next;
      for (int i = 0; i < D * D; i++) {
        sum[i] += term[i];
      }
    }
    return sum;
  }

  /** The analytic z(T) (rows × D) and Σₖ Δlogpₖ = −Σₖ T_k tr(A_k) of the linear two-block flow. */
  private static double[][] analytic(double[] theta, double[] x) {
    double[] z = x.clone();
    double deltaLogp = 0;
    for (int k = 0; k < TIMES.length; k++) {
      double[] m = new double[D * D];
      for (int i = 0; i < D * D; i++) {
        m[i] = TIMES[k] * theta[k * D * D + i];
      }
      double[] e = expm(m);
      double[] next = new double[z.length];
      for (int r = 0; r < ROWS; r++) {
        for (int i = 0; i < D; i++) {
          for (int j = 0; j < D; j++) {
            next[r * D + i] += e[i * D + j] * z[r * D + j];
          }
        }
      }
      z = next;
      for (int i = 0; i < D; i++) {
        deltaLogp -= TIMES[k] * theta[k * D * D + i * D + i];
      }
    }
    return new double[][] {z, {deltaLogp}};
  }

  private static double[] linearTheta(Cnf cnf) {
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 11);
    // A non-normal, non-symmetric pair with traces of both signs.
    theta[1] = 0.8;
    theta[2] = -0.6;
    theta[4 + 0] = 0.25;
    theta[4 + 1] = -0.4;
    return theta;
  }

  @Test
  void linearFieldHasTheAnalyticLogDensity() {
    Cnf cnf = flow("linear", "exact", 0, 0, "adjoint");
    assertEquals(2 * D * D, cnf.parameterCount(), "θ = (A_0, A_1)");
    double[] theta = linearTheta(cnf);
    Batch batch = data(1, false);
    double[][] exact = analytic(theta, batch.features());
    double[] logp = new double[ROWS];
    cnf.logDensity(theta, batch, 5, logp, 0);
    for (int r = 0; r < ROWS; r++) {
      double sq = 0;
      for (int j = 0; j < D; j++) {
        sq += exact[0][r * D + j] * exact[0][r * D + j];
      }
      // log p(x) = log N(z(T); 0, I) − Δlogp = log N(z(T)) + Σ T_k tr(A_k).
      double expected = -0.5 * sq - 0.5 * D * LOG_2PI - exact[1][0];
      assertEquals(expected, logp[r], 1e-8, "log p of row " + r);
    }
  }

  @Test
  void transformGivesTheAnalyticLatentAndLogDeterminant() {
    Cnf cnf = flow("linear", "exact", 0, 0, "adjoint");
    double[] theta = linearTheta(cnf);
    double[] x = data(2, false).features();
    double[][] exact = analytic(theta, x);
    double[] z = new double[ROWS * D];
    double[] deltaLogp = new double[ROWS];
    cnf.transform(theta, x, ROWS, 0, z, deltaLogp);
    assertArrayEquals(exact[0], z, 1e-9, "z(T) = exp(A_1 T_1) exp(A_0 T_0) x");
    for (int r = 0; r < ROWS; r++) {
      assertEquals(exact[1][0], deltaLogp[r], 1e-10, "Δlogp = −Σ T_k tr(A_k), row " + r);
    }
    // encode integrates the same flow without the trace.
    double[] encoded = new double[ROWS * D];
    cnf.encode(theta, x, ROWS, encoded);
    assertArrayEquals(exact[0], encoded, 1e-9, "encode's z(T)");
    assertThrows(IllegalStateException.class, cnf::spec, "a flow over its own fields has no spec");
  }

  /** The training objective: Σ w·NLL + λ_K Σ w·K + λ_J Σ w·J. */
  private static double objective(Cnf cnf, double[] theta, Batch batch, long seed) {
    GradientAggregator agg = new GradientAggregator(theta.length);
    cnf.accumulate(theta, batch, seed, agg);
    return agg.lossSum() + cnf.kineticWeight() * agg.metric(GradientAggregator.Metric.KINETIC)
        + cnf.jacobianWeight() * agg.metric(GradientAggregator.Metric.JACOBIAN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"linear/exact/adjoint", "linear/exact/backprop", "corrected/exact/adjoint",
      "corrected/exact/backprop", "corrected/hutchinson-gaussian/adjoint", "corrected/exact/checkpoint",
      "mixed/exact/adjoint", "mixed/hutchinson-rademacher/backprop"})
  void lossGradientMatchesFiniteDifferences(String variant) {
    String[] parts = variant.split("/");
    boolean corrected = !parts[0].equals("linear");
    // Both regularizers on the corrected field: every term of CnfField's cotangents goes through the field.
    Cnf cnf = flow(parts[0], parts[1], corrected ? 0.1 : 0, corrected ? 0.05 : 0, parts[2]);
    double[] theta = corrected ? new double[cnf.parameterCount()] : linearTheta(cnf);
    if (corrected) {
      cnf.initialize(theta, 13);
    }
    Batch batch = data(3, true);
    long seed = 21;
    GradientAggregator agg = new GradientAggregator(theta.length);
    cnf.accumulate(theta, batch, seed, agg);
    double[] grad = agg.gradientSum().clone();
    // h = 1e-4 as in CnfTest: tol-1e-12 solves leave ~1e-8 of noise after dividing by h, truncation ~1e-8.
    double[] fd = FiniteDifferences.gradient(th -> objective(cnf, th, batch, seed), theta, 1e-4);
    Close.assertClose(variant + " dL/dθ", fd, grad, 1e-5);
  }

  @Test
  void mixedMlpHasALinearOutputLayer() {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    Mlp g = new Mlp(D, new int[] {5}, D, Mlp.LayerType.CONCAT, Mlp.LayerType.LINEAR, Activation.TANH, b, "g");
    assertEquals(Mlp.LayerType.CONCAT, g.layerType());
    assertEquals(Mlp.LayerType.LINEAR, g.outputLayerType());
    assertTrue(g.layer(0).timeDependent(), "the hidden ConcatLinear sees t");
    assertFalse(g.layer(1).timeDependent(), "the output layer does not");
    assertEquals((5 * D + 5 + 5) + (D * 5 + D), g.parameterCount(), "ConcatLinear W, w_t, b; Linear W, b");
  }

  @Test
  void mlpFieldsThroughOverFieldsAreTheSpecsFlow() {
    // Fixed end times: the spec's flow and the same MlpFields through overFields compute the same numbers.
    CnfSpec spec = CnfSpec.builder(D).hidden(6).blocks(2).time(0.5, false)
        .trace(TraceEstimator.named("hutchinson-gaussian")).regularization(0.1, 0.05).tolerances(1e-8, 1e-8)
        .build();
    Cnf fromSpec = spec.create();
    FlowField[] fields = {fromSpec.field(0), fromSpec.field(1)};
    Cnf over = Cnf.overFields(fromSpec.layout(), fields, new double[] {0.5, 0.5}, spec.trace(),
        spec.kineticWeight(), spec.jacobianWeight(), spec.gradient());
    double[] theta = new double[fromSpec.parameterCount()];
    fromSpec.initialize(theta, 3);
    double[] theta2 = new double[over.parameterCount()];
    over.initialize(theta2, 3);
    assertArrayEquals(theta, theta2, 0.0, "same initialization");
    Batch batch = data(4, true);
    GradientAggregator a = new GradientAggregator(theta.length);
    GradientAggregator b = new GradientAggregator(theta.length);
    fromSpec.accumulate(theta, batch, 9, a);
    over.accumulate(theta, batch, 9, b);
    assertEquals(a.lossSum(), b.lossSum(), 0.0);
    assertArrayEquals(a.gradientSum(), b.gradientSum(), 0.0);
  }

  @Test
  void overFieldsRefusesInconsistentBlocks() {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    FlowField f = new LinearPlusCorrection(b.add("A", D, D), D, null);
    FlowField g = new LinearPlusCorrection(b.add("B", 3, 3), 3, null);
    ParameterLayout layout = b.build();
    GradientSpec s = solvers("adjoint");
    TraceEstimator exact = TraceEstimator.exact();
    assertThrows(IllegalArgumentException.class,
        () -> Cnf.overFields(layout, new FlowField[] {f, g}, new double[] {1, 1}, exact, 0, 0, s));
    assertThrows(IllegalArgumentException.class,
        () -> Cnf.overFields(layout, new FlowField[] {f}, new double[] {1, 1}, exact, 0, 0, s));
    assertThrows(IllegalArgumentException.class,
        () -> Cnf.overFields(layout, new FlowField[] {f}, new double[] {0}, exact, 0, 0, s));
    assertThrows(IllegalArgumentException.class,
        () -> Cnf.overFields(new ParameterLayout.Builder().build(), new FlowField[] {f}, new double[] {1}, exact,
            0, 0, s));
  }
}
