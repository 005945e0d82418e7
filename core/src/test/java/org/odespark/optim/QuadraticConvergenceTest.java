package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer drives the convex quadratic f(θ) = Σ dᵢ (θᵢ − cᵢ)²/2 with curvatures dᵢ spread
 * geometrically over [1, 100] (condition number 100) to its minimum θ = c.
 */
class QuadraticConvergenceTest {

  private static final int N = 8;

  /**
   * Every run below reaches rounding level (~1e-15) within its step budget; this leaves room for other
   * platforms' rounding and still fails any update that stalls, oscillates or diverges.
   */
  private static final double TOLERANCE = 1e-10;

  static Stream<Arguments> optimizers() {
    return Stream.of(
        // lr = 1/L: the slowest mode contracts by 1 − 1/100 per step, 0.99³⁰⁰⁰ ≈ 1e-13.
        Arguments.of("gradient descent", 3000,
            (IntFunction<Optimizer>) n -> new Sgd(n, SgdOptions.defaults().withLearningRate(1e-2))),
        // Polyak's tuning lr = 4/(√L + √m)², μ = ((√κ − 1)/(√κ + 1))²: rate ≈ 9/11 per step.
        Arguments.of("heavy ball", 400,
            (IntFunction<Optimizer>) n -> new Sgd(n, SgdOptions.defaults().withLearningRate(4.0 / 121)
                .withMomentum(81.0 / 121))),
        Arguments.of("Nesterov", 1000,
            (IntFunction<Optimizer>) n -> new Sgd(n, SgdOptions.defaults().withLearningRate(1e-2)
                .withNesterovMomentum(0.8))),
        // Adam at lr 0.05 is within 3e-9 after 400 steps and at rounding level after 800.
        Arguments.of("Adam", 1000,
            (IntFunction<Optimizer>) n -> new Adam(n, AdamOptions.defaults().withLearningRate(0.05))),
        // λ = 0: decay would move AdamW's fixed point away from c.
        Arguments.of("AdamW with warmup and cosine decay", 1000,
            (IntFunction<Optimizer>) n -> new AdamW(n, AdamOptions.adamWDefaults().withLearningRate(0.05)
                .withWeightDecay(0).withSchedule(LearningRateSchedule.cosine(2000, 0).withWarmup(0, 100)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void reachesTheMinimum(String what, int steps, IntFunction<Optimizer> factory) {
    double[] d = new double[N];
    double[] c = new double[N];
    for (int i = 0; i < N; i++) {
      d[i] = Math.pow(100, i / (N - 1.0));
      c[i] = (i % 2 == 0 ? 1 : -1) * (0.5 + 0.25 * i);
    }
    Optimizer o = factory.apply(N);
    double[] theta = new double[N];
    double[] g = new double[N];
    for (int k = 0; k < steps; k++) {
      for (int i = 0; i < N; i++) {
        g[i] = d[i] * (theta[i] - c[i]);
      }
      o.step(theta, g);
    }
    int worst = 0;
    for (int i = 1; i < N; i++) {
      if (Math.abs(theta[i] - c[i]) > Math.abs(theta[worst] - c[worst])) {
        worst = i;
      }
    }
    double error = Math.abs(theta[worst] - c[worst]);
    assertTrue(error <= TOLERANCE, what + ": worst component " + worst + " is " + theta[worst] + ", minimum "
        + c[worst] + ", error " + error + " > " + TOLERANCE);
  }
}
