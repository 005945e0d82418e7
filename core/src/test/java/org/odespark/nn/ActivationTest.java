package org.odespark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.odespark.testing.FiniteDifferences;

class ActivationTest {

  /** Central differences with h = 1e-5 are accurate to ~1e-9 for these smooth functions. */
  private static final double FD_TOLERANCE = 1e-7;

  @ParameterizedTest
  @EnumSource(Activation.class)
  void derivativesMatchFiniteDifferences(Activation a) {
    double[] xs = {-6, -2.5, -1, -0.3, 0.2, 0.7, 1.5, 3, 7};
    double[] v = new double[1];
    double[] d1 = new double[1];
    double[] d2 = new double[1];
    double h = 1e-5;
    for (double x : xs) {
      a.apply(new double[] {x}, v, d1, d2, 1);
      Check.assertClose(a + " σ' at " + x, FiniteDifferences.derivative(u -> valueAndSlope(a, u)[0], x, h), d1[0],
          FD_TOLERANCE, 1e-3);
      Check.assertClose(a + " σ'' at " + x, FiniteDifferences.derivative(u -> valueAndSlope(a, u)[1], x, h), d2[0],
          FD_TOLERANCE, 1e-3);
    }
  }

  /** {σ(u), σ'(u)} from one {@link Activation#apply} without the second derivative. */
  private static double[] valueAndSlope(Activation a, double u) {
    double[] value = new double[1];
    double[] slope = new double[1];
    a.apply(new double[] {u}, value, slope, null, 1);
    return new double[] {value[0], slope[0]};
  }

  @Test
  void valuesAreTheTextbookFunctions() {
    double[] out = new double[1];
    Activation.SOFTPLUS.apply(new double[] {800}, out, null, null, 1);
    assertEquals(800, out[0], 0, "softplus must not overflow for large inputs");
    Activation.SOFTPLUS.apply(new double[] {-800}, out, null, null, 1);
    assertTrue(out[0] >= 0 && out[0] < 1e-300);
    Activation.SWISH.apply(new double[] {2}, out, null, null, 1);
    assertEquals(2 / (1 + Math.exp(-2)), out[0], 1e-15);
    Activation.ELU.apply(new double[] {-1}, out, null, null, 1);
    assertEquals(Math.exp(-1) - 1, out[0], 1e-15);
    Activation.SIGMOID.apply(new double[] {-800}, out, null, null, 1);
    assertEquals(0, out[0], 1e-300);
  }

  /** Accuracy bound of the fast tanh (as before): the polynomial is exact to 1e-17; e, e + 2 and the quotient
   * each add a rounding, and e carries that of eʳ − 1 scaled by 2ᵏ. */
  private static final double TANH_ULPS = 4;

  @Test
  void fastTanhIsWithinFourUlpsOfStrictMath() {
    double[] x = TanhInputs.edgeCasesAndRandom(400_000, 1);
    double worst = 0;
    double worstAt = 0;
    for (double v : x) {
      if (Double.isNaN(v)) {
        assertTrue(Double.isNaN(Activation.tanh(v)), "tanh(NaN) must be NaN");
        continue;
      }
      double expected = StrictMath.tanh(v);
      double got = Activation.tanh(v);
      double ulps = expected == 0 ? (got == 0 ? 0 : Double.POSITIVE_INFINITY)
          : Math.abs(got - expected) / Math.ulp(expected);
      if (ulps > worst || Math.copySign(1, got) != Math.copySign(1, expected)) {
        worst = Math.max(ulps, Math.copySign(1, got) != Math.copySign(1, expected) ? Double.POSITIVE_INFINITY : 0);
        worstAt = v;
      }
    }
    assertTrue(worst <= TANH_ULPS, "fast tanh is " + worst + " ulps from StrictMath.tanh at x=" + worstAt);
    assertEquals(0.0, Activation.tanh(0.0), 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Activation.tanh(-0.0)));
    assertEquals(1.0, Activation.tanh(40), 0.0);
    assertEquals(1.0, Activation.tanh(Double.MAX_VALUE), 0.0);
    assertEquals(-1.0, Activation.tanh(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(Double.MIN_VALUE, Activation.tanh(Double.MIN_VALUE), 0.0);
  }

  @Test
  void vectorTanhEqualsTheScalarPathBitForBit() {
    org.junit.jupiter.api.Assumptions.assumeTrue(VectorMath.AVAILABLE, "needs --add-modules jdk.incubator.vector");
    double[] edges = TanhInputs.edgeCasesAndRandom(100_003, 2);
    // The edge cases with a −0 bias (x + (−0) = x), then rows of 67 columns (a scalar tail of 3 per row) with
    // a random bias; σ, σ' and σ'' are compared bit for bit.
    double[] negativeZero = new double[edges.length];
    java.util.Arrays.fill(negativeZero, -0.0);
    double[] bias = new double[67];
    java.util.SplittableRandom r = new java.util.SplittableRandom(4);
    for (int j = 0; j < bias.length; j++) {
      bias[j] = r.nextGaussian();
    }
    // Many rounds, so that the JIT compiles the kernel and the compiled code is checked too.
    for (int round = 0; round < 40; round++) {
      compareWithScalar(edges, negativeZero, edges.length, 1, round);
      compareWithScalar(edges, bias, 67, 1490, round);
    }
  }

  private static void compareWithScalar(double[] x, double[] bias, int width, int rows, int round) {
    int n = width * rows;
    double[][] vector = {new double[n], new double[n], new double[n]};
    double[][] scalar = {new double[n], new double[n], new double[n]};
    VectorMath.tanhRows(x.clone(), bias, width, rows, vector[0], vector[1], vector[2]);
    for (int row = 0; row < rows; row++) {
      Activation.tanhRow(x, bias, row * width, 0, width, scalar[0], scalar[1], scalar[2]);
    }
    String[] what = {"σ", "σ'", "σ''"};
    for (int w = 0; w < 3; w++) {
      for (int i = 0; i < n; i++) {
        double v = vector[w][i];
        double s = scalar[w][i];
        if (Double.isNaN(s) ? !Double.isNaN(v) : Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(s)) {
          throw new AssertionError("round " + round + ": vector " + what[w] + "(" + x[i] + " + " + bias[i % width]
              + ") = " + v + " but the scalar path gives " + s + "; the two must agree bit for bit");
        }
      }
    }
  }

  @Test
  void tanhIsBitIdenticalInTheInterpreterC1C2AndWithoutTheVectorApi() throws Exception {
    // The digest of this JVM (C2 after warm-up, Vector API when present) against fresh JVMs that run the same
    // inputs interpreted only, compiled by C1 only or by C2 only (low thresholds, and the compilation log
    // must show the kernel compiled), each with and without the Vector API.
    long here = TanhInputs.digest(5_000, 200);
    String vector = "--add-modules=jdk.incubator.vector";
    String[] c1 = {"-XX:TieredStopAtLevel=1", "-XX:Tier3InvocationThreshold=5", "-XX:Tier3MinInvocationThreshold=5",
        "-XX:Tier3CompileThreshold=10", "-XX:Tier3BackEdgeThreshold=2000"};
    String[] c2 = {"-XX:-TieredCompilation", "-XX:CompileThreshold=20"};
    String[][] modes = {{"-Xint", vector}, {"-Xint"}, concat(c1, vector), c1, concat(c2, vector), c2};
    for (String[] mode : modes) {
      boolean interpreted = mode[0].equals("-Xint");
      boolean vectorized = mode[mode.length - 1].equals(vector);
      String compiled = vectorized ? "VectorMath$Kernels::tanhRows" : "Activation::tanhRow";
      String[] options = interpreted ? mode : concat(mode, "-XX:+PrintCompilation");
      TanhInputs.ChildRun run = TanhInputs.digestInFreshJvm(options, 5_000, interpreted ? 1 : 60);
      assertEquals(here, run.digest(), "tanh digest differs in a JVM with " + String.join(" ", options));
      if (!interpreted) {
        assertTrue(run.output().contains(compiled), "the JVM with " + String.join(" ", mode) + " never compiled "
            + compiled + ", so its digest checks the interpreter only");
      }
    }
  }

  private static String[] concat(String[] a, String b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + 1);
    r[a.length] = b;
    return r;
  }

  @Test
  void expm1OfTheTanhRangeIsWithinTwoUlps() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      // Uniform over [0, 44] and log-uniform down to 1e-300 (where e^y − 1 must keep relative accuracy).
      double y = i < 2 ? 44.0 * i : i % 2 == 0 ? 44 * r.nextDouble() : Math.pow(10, -300 + 301.6 * r.nextDouble());
      double expected = StrictMath.expm1(y);
      double got = Activation.expm1OfTanhRange(y);
      double ulps = expected == 0 ? Math.abs(got) : Math.abs(got - expected) / Math.ulp(expected);
      assertTrue(ulps <= 2, "expm1(" + y + ") is " + ulps + " ulps off");
    }
  }

  @Test
  void unknownNameListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.named("tahn"));
    assertTrue(e.getMessage().contains("'tahn'") && e.getMessage().contains("valid: tanh, softplus, sigmoid, elu,"
        + " swish"), e.getMessage());
    assertEquals(Activation.SWISH, Activation.named("Swish"));
  }
}
