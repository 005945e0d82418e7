package org.odespark.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.testing.FiniteDifferences;

/**
 * Derivatives of layers and MLPs three ways: the dot-product test ⟨u, J v⟩ = ⟨Jᵀu, v⟩, central finite
 * differences of vector-Jacobian products for x, θ and t, and finite differences of the reverse-over-forward
 * gradient of ⟨ȳ, f⟩ + ⟨ẏ̄, (∂f/∂x) ẋ⟩. Every layer type × activation on random small networks.
 */
class MlpDerivativeTest {

  /** Dot-product test: both sides are the same sums in a different order; round-off only. */
  private static final double ADJOINT_TOLERANCE = 1e-12;
  /** Central differences with h = 1e-6 are accurate to ~1e-9 relative here; 1e-6 fails any wrong term. */
  private static final double FD_TOLERANCE = 1e-6;
  private static final double FD_STEP = 1e-6;

  static Stream<Arguments> networks() {
    List<Arguments> cases = new ArrayList<>();
    for (Mlp.LayerType type : Mlp.LayerType.values()) {
      for (Activation act : Activation.values()) {
        cases.add(Arguments.of(type, act));
      }
    }
    return cases.stream();
  }

  private static final int IN = 3;
  private static final int ROWS = 4;
  private static final int TANGENTS = 2;

  private record Net(Mlp mlp, double[] theta) {}

  private static Net net(Mlp.LayerType type, Activation act, long seed) {
    ParameterLayout.Builder layout = new ParameterLayout.Builder();
    Mlp mlp = new Mlp(IN, new int[] {5, 4}, IN, type, act, layout, "f");
    double[] theta = new double[layout.size()];
    mlp.initialize(theta, new SplittableRandom(seed));
    // Larger weights than the initialization, so that the activations' curvature matters.
    for (int i = 0; i < theta.length; i++) {
      theta[i] *= 2.5;
    }
    return new Net(mlp, theta);
  }

  private static double[] f(Net n, double t, double[] x) {
    double[] y = new double[ROWS * IN];
    n.mlp.forward(t, n.theta, x, ROWS, y, n.mlp.newWorkspace(ROWS, 0));
    return y;
  }

  private static double[] jvp(Net n, double t, double[] theta, double[] x, double[] xDot) {
    double[] y = new double[ROWS * IN];
    double[] yDot = new double[TANGENTS * ROWS * IN];
    n.mlp.forward(t, theta, x, ROWS, xDot, TANGENTS, y, yDot, n.mlp.newWorkspace(ROWS, TANGENTS));
    return yDot;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("networks")
  void dotProductTestRelatesJvpAndVjp(Mlp.LayerType type, Activation act) {
    SplittableRandom r = new SplittableRandom(11);
    Net n = net(type, act, 3);
    double t = 0.37;
    double[] x = Check.random(r, ROWS * IN, 1.5);
    double[] v = Check.random(r, TANGENTS * ROWS * IN, 1);
    double[] u = Check.random(r, ROWS * IN, 1);
    double[] jv = jvp(n, t, n.theta, x, v);
    Mlp.Workspace ws = n.mlp.newWorkspace(ROWS, 0);
    n.mlp.forward(t, n.theta, x, ROWS, new double[ROWS * IN], ws);
    double[] jtu = new double[ROWS * IN];
    n.mlp.backward(n.theta, u, null, jtu, new double[n.theta.length], ws);
    for (int k = 0; k < TANGENTS; k++) {
      double left = 0;
      double right = 0;
      for (int i = 0; i < ROWS * IN; i++) {
        left += u[i] * jv[k * ROWS * IN + i];
        right += jtu[i] * v[k * ROWS * IN + i];
      }
      Check.assertClose(type + "/" + act + " ⟨u, Jv⟩ vs ⟨Jᵀu, v⟩ tangent " + k, left, right, ADJOINT_TOLERANCE, 1e-3);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("networks")
  void jvpMatchesFiniteDifferences(Mlp.LayerType type, Activation act) {
    SplittableRandom r = new SplittableRandom(12);
    Net n = net(type, act, 4);
    double t = -0.8;
    double[] x = Check.random(r, ROWS * IN, 1.5);
    double[] v = Check.random(r, TANGENTS * ROWS * IN, 1);
    double[] jv = jvp(n, t, n.theta, x, v);
    // Differences of f itself (no dot product to average round-off): h = 1e-5 keeps the round-off
    // ε|f|/h near 1e-11 while the truncation error stays near 1e-10.
    double step = 1e-5;
    for (int k = 0; k < TANGENTS; k++) {
      double[] direction = Arrays.copyOfRange(v, k * ROWS * IN, (k + 1) * ROWS * IN);
      double[] expected = FiniteDifferences.directional(y -> f(n, t, y), x, direction, step);
      double[] actual = Arrays.copyOfRange(jv, k * ROWS * IN, (k + 1) * ROWS * IN);
      Check.assertClose(type + "/" + act + " JVP tangent " + k, expected, actual, FD_TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("networks")
  void vjpMatchesFiniteDifferencesInInputParametersAndTime(Mlp.LayerType type, Activation act) {
    SplittableRandom r = new SplittableRandom(13);
    Net n = net(type, act, 5);
    double t = 0.6;
    double[] x = Check.random(r, ROWS * IN, 1.5);
    double[] yBar = Check.random(r, ROWS * IN, 1);
    Mlp.Workspace ws = n.mlp.newWorkspace(ROWS, 0);
    n.mlp.forward(t, n.theta, x, ROWS, new double[ROWS * IN], ws);
    double[] xBar = new double[ROWS * IN];
    double[] thetaBar = new double[n.theta.length];
    double tBar = n.mlp.backward(n.theta, yBar, null, xBar, thetaBar, ws);

    Check.assertClose(type + "/" + act + " x̄", FiniteDifferences.gradientWithRelativeStep(
        v -> Check.dot(yBar, f(n, t, v), yBar.length), x, FD_STEP), xBar, FD_TOLERANCE);
    Check.assertClose(type + "/" + act + " θ̄", FiniteDifferences.gradientWithRelativeStep(
        th -> Check.dot(yBar, f(new Net(n.mlp, th), t, x), yBar.length), n.theta, FD_STEP), thetaBar, FD_TOLERANCE);
    double tFd = FiniteDifferences.gradientWithRelativeStep(
        tt -> Check.dot(yBar, f(n, tt[0], x), yBar.length), new double[] {t}, FD_STEP)[0];
    if (type == Mlp.LayerType.LINEAR) {
      assertTrue(tBar == 0, "an autonomous network has no time cotangent, got " + tBar);
    } else {
      Check.assertClose(type + "/" + act + " t̄", tFd, tBar, FD_TOLERANCE, 1e-6);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("networks")
  void reverseOverForwardMatchesFiniteDifferences(Mlp.LayerType type, Activation act) {
    SplittableRandom r = new SplittableRandom(14);
    Net n = net(type, act, 6);
    double t = 0.25;
    double[] x = Check.random(r, ROWS * IN, 1.5);
    double[] xDot = Check.random(r, TANGENTS * ROWS * IN, 1);
    double[] yBar = Check.random(r, ROWS * IN, 1);
    double[] yDotBar = Check.random(r, TANGENTS * ROWS * IN, 1);
    Mlp.Workspace ws = n.mlp.newWorkspace(ROWS, TANGENTS);
    n.mlp.forward(t, n.theta, x, ROWS, xDot, TANGENTS, new double[ROWS * IN], new double[TANGENTS * ROWS * IN], ws);
    double[] xBar = new double[ROWS * IN];
    double[] thetaBar = new double[n.theta.length];
    double tBar = n.mlp.backward(n.theta, yBar, yDotBar, xBar, thetaBar, ws);

    // G(x, θ, t) = ⟨ȳ, f⟩ + ⟨ẏ̄, (∂f/∂x) ẋ⟩ with ẋ held fixed.
    Check.assertClose(type + "/" + act + " x̄ through the JVP",
        FiniteDifferences.gradientWithRelativeStep(v -> g(n, n.theta, t, v, xDot, yBar, yDotBar), x, FD_STEP), xBar,
        FD_TOLERANCE);
    Check.assertClose(type + "/" + act + " θ̄ through the JVP",
        FiniteDifferences.gradientWithRelativeStep(th -> g(n, th, t, x, xDot, yBar, yDotBar), n.theta, FD_STEP),
        thetaBar, FD_TOLERANCE);
    double tFd = FiniteDifferences.gradientWithRelativeStep(
        tt -> g(n, n.theta, tt[0], x, xDot, yBar, yDotBar), new double[] {t}, FD_STEP)[0];
    if (type != Mlp.LayerType.LINEAR) {
      Check.assertClose(type + "/" + act + " t̄ through the JVP", tFd, tBar, FD_TOLERANCE, 1e-6);
    }
  }

  private static double g(Net n, double[] theta, double t, double[] x, double[] xDot, double[] yBar,
                          double[] yDotBar) {
    double[] y = new double[ROWS * IN];
    double[] yDot = new double[TANGENTS * ROWS * IN];
    n.mlp.forward(t, theta, x, ROWS, xDot, TANGENTS, y, yDot, n.mlp.newWorkspace(ROWS, TANGENTS));
    return Check.dot(yBar, y, y.length) + Check.dot(yDotBar, yDot, yDot.length);
  }

  @Test
  void initializationIsDeterministicAndBounded() {
    ParameterLayout.Builder a = new ParameterLayout.Builder();
    Mlp m = new Mlp(2, new int[] {64, 64}, 2, Mlp.LayerType.CONCAT_SQUASH, Activation.TANH, a, "f");
    double[] t1 = new double[a.size()];
    double[] t2 = new double[a.size()];
    m.initialize(t1, new SplittableRandom(42));
    m.initialize(t2, new SplittableRandom(42));
    assertTrue(java.util.Arrays.equals(t1, t2), "same seed must give the same parameters");
    ParameterLayout layout = a.build();
    ParameterLayout.Block w1 = layout.block("f.1.W");
    for (int i = 0; i < w1.size(); i++) {
      double v = t1[w1.offset() + i];
      assertTrue(Math.abs(v) <= 1 / Math.sqrt(64), "f.1.W entry " + i + " = " + v + " outside U(±1/√64)");
    }
    assertTrue(layout.size() == m.parameterCount(), layout.toString());
  }

  @Test
  void forwardAndReverseAreBitIdenticalInEveryJitStateWithAndWithoutTheVectorApi() throws Exception {
    // Tanh, the narrow first and last layers and the elementwise passes all have Vector API kernels with
    // scalar twins: the bits must not depend on which runs, nor on the interpreter, C1 or C2.
    long here = TanhInputs.mlpDigest(20, 150);
    String[][] modes = {{"-Xint", "--add-modules=jdk.incubator.vector"}, {"-Xint"},
        {"-XX:-TieredCompilation", "-XX:CompileThreshold=20", "--add-modules=jdk.incubator.vector"},
        {"-Dodespark.vector=false", "--add-modules=jdk.incubator.vector"}};
    for (String[] mode : modes) {
      long there = TanhInputs.runInFreshJvm(mode, "mlp", "20", mode[0].equals("-Xint") ? "1" : "150").digest();
      org.junit.jupiter.api.Assertions.assertEquals(here, there, "network digest differs in a JVM with "
          + String.join(" ", mode));
    }
  }
}
