package org.odespark.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.SolverSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Check;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.testing.FiniteDifferences;

/**
 * Gradients of every time-series model (the latent ODE's ELBO with either encoder, the two baselines)
 * against central finite differences of the loss, and the adjoint against backprop.
 */
class LatentGradientTest {

  /** Three short irregular series with missing features (two features, one masked at some times). */
  static Batch series() {
    SeriesLayout layout = new SeriesLayout(5, 2);
    double[] f = new double[3 * layout.cols()];
    double[][] times = {{0.1, 0.35, 0.6, 0.8}, {0.0, 0.5}, {0.2, 0.3, 0.45, 0.7, 0.9}};
    for (int r = 0; r < 3; r++) {
      int off = r * layout.cols();
      for (int j = 0; j < times[r].length; j++) {
        double t = times[r][j];
        double[] x = {Math.sin(3 * t + r), Math.cos(2 * t - r)};
        double[] m = {1, (r + j) % 3 == 0 ? 0 : 1};
        // The last slot of series 2 is a target: the training loss must ignore it.
        int role = r == 2 && j == times[r].length - 1 ? SeriesLayout.EXTRAPOLATE : SeriesLayout.OBSERVED;
        layout.set(f, off, j, t, role, x, 0, m, 0);
      }
      f[off] = times[r].length;
    }
    return new Batch(3, layout.cols(), f, null, new double[] {1.0, 0.5, 2.0});
  }

  static LatentOdeSpec.Builder small(SolverSpec solver, GradientMethod method) {
    return LatentOdeSpec.builder(5, 2).latentDim(2).hidden(3).fieldHidden(4).decoderHidden(3)
        .activation(Activation.TANH).learnNoise(true).noiseStd(0.4).klWeight(0.7).solver(solver).gradient(method);
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of(LatentOdeSpec.Kind.LATENT_ODE, LatentOdeSpec.Encoder.RNN),
        Arguments.of(LatentOdeSpec.Kind.LATENT_ODE, LatentOdeSpec.Encoder.ODE_RNN),
        Arguments.of(LatentOdeSpec.Kind.RNN, LatentOdeSpec.Encoder.RNN),
        Arguments.of(LatentOdeSpec.Kind.ODE_RNN, LatentOdeSpec.Encoder.RNN));
  }

  private static double[] initial(SeriesObjective o) {
    double[] theta = new double[o.parameterCount()];
    o.initialize(theta, 11);
    return theta;
  }

  private static GradientAggregator sums(SeriesObjective o, double[] theta, Batch b) {
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    o.accumulate(theta, b, 5, agg);
    return agg;
  }

  @ParameterizedTest
  @MethodSource("models")
  void backpropThroughFixedStepsMatchesCentralDifferences(LatentOdeSpec.Kind kind, LatentOdeSpec.Encoder encoder) {
    // Fixed rk4 steps: backprop differentiates the discrete map exactly, so only the differences' own error
    // (truncation ~1e-12, round-off ~1e-10 / 1e-6) remains; 1e-6 relative fails any wrong term.
    SeriesObjective o = small(SolverSpec.fixed("rk4", 8), GradientMethod.BACKPROP).kind(kind).encoder(encoder)
        .build().create();
    Batch b = series();
    double[] theta = initial(o);
    double[] grad = sums(o, theta, b).gradientSum().clone();
    SeriesObjective probe = small(SolverSpec.fixed("rk4", 8), GradientMethod.BACKPROP).kind(kind).encoder(encoder)
        .build().create();
    double[] fd = FiniteDifferences.gradientWithRelativeStep(w -> sums(probe, w, b).lossSum(), theta, 1e-6);
    Check.assertClose(kind + "/" + encoder + " dL/dθ", fd, grad, 1e-6);
  }

  @ParameterizedTest
  @MethodSource("models")
  void adjointAgreesWithBackpropAtTightTolerances(LatentOdeSpec.Kind kind, LatentOdeSpec.Encoder encoder) {
    SolverSpec tight = SolverSpec.adaptive("dopri5", 1e-11, 1e-11);
    Batch b = series();
    SeriesObjective adjoint = small(tight, GradientMethod.ADJOINT).kind(kind).encoder(encoder).build().create();
    SeriesObjective backprop = small(tight, GradientMethod.BACKPROP).kind(kind).encoder(encoder).build().create();
    double[] theta = initial(adjoint);
    GradientAggregator a = sums(adjoint, theta, b);
    GradientAggregator p = sums(backprop, theta, b);
    // Backprop's forward pass also stops at every output time, so the two forward solutions differ by about
    // the tolerance, not round-off: 1e-9 relative.
    assertEquals(p.lossSum(), a.lossSum(), 1e-9 * Math.abs(p.lossSum()));
    // The adjoint's backward solve has its own error, ~tolerance × the sensitivity's size: 1e-6 relative.
    Check.assertClose(kind + "/" + encoder + " adjoint vs backprop", p.gradientSum(), a.gradientSum(), 1e-6);
    if (kind == LatentOdeSpec.Kind.RNN) {
      assertEquals(0, a.nfeForward(), "the RNN solves no ODE");
    } else {
      assertTrue(a.nfeBackward() > 0, "the adjoint solved backward");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void checkpointedBackpropIsBackprop(LatentOdeSpec.Kind kind, LatentOdeSpec.Encoder encoder) {
    // The same steps differentiated the same way, the states re-solved from checkpoints: round-off apart.
    SolverSpec loose = SolverSpec.adaptive("dopri5", 1e-4, 1e-4);
    Batch b = series();
    SeriesObjective checkpoint = small(loose, GradientMethod.CHECKPOINT).kind(kind).encoder(encoder).build()
        .create();
    SeriesObjective backprop = small(loose, GradientMethod.BACKPROP).kind(kind).encoder(encoder).build().create();
    double[] theta = initial(backprop);
    GradientAggregator c = sums(checkpoint, theta, b);
    GradientAggregator p = sums(backprop, theta, b);
    assertEquals(p.lossSum(), c.lossSum(), 1e-12 * Math.abs(p.lossSum()));
    Check.assertClose(kind + "/" + encoder + " checkpoint vs backprop", p.gradientSum(), c.gradientSum(), 1e-10);
  }
}
