package org.odespark.ode.tableau;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Order conditions of every built-in tableau, its embedded estimates and its continuous extension. */
class ButcherTableauTest {

  /** Coefficients are given to 16+ digits; a transcription error shows up far above this. */
  private static final double CONDITION_TOLERANCE = 1e-12;

  private static final RootedTrees TREES = new RootedTrees(9);

  /** The embedded orders of each adaptive method's estimates (primary, secondary). */
  private static final Map<String, int[]> EMBEDDED_ORDERS = Map.of(
      "bosh3", new int[] {2}, "dopri5", new int[] {4}, "tsit5", new int[] {4}, "dopri8", new int[] {5, 3},
      "kvaerno5", new int[] {4});

  static Stream<String> methods() {
    return RungeKuttaMethods.names().stream();
  }

  @Test
  void treeCountsMatchTheKnownSequence() {
    long[] expected = {1, 1, 2, 4, 9, 20, 48, 115, 286};
    for (int order = 1; order <= 9; order++) {
      assertEquals(expected[order - 1], TREES.countOfOrder(order), "rooted trees of order " + order);
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void weightsSatisfyExactlyTheClaimedOrder(String name) {
    ButcherTableau t = RungeKuttaMethods.named(name);
    double[][] phi = TREES.stageWeights(flatA(t), t.stages());
    assertEquals(-1, firstViolatedOrder(t.b(), phi, 1.0, t.order()), name + " order conditions");
    assertTrue(firstViolatedOrder(t.b(), phi, 1.0, t.order() + 1) == t.order() + 1,
        name + " also satisfies all conditions of order " + (t.order() + 1) + ": claimed order too low");
  }

  @ParameterizedTest
  @MethodSource("methods")
  void embeddedEstimatesHaveTheirOrders(String name) {
    ButcherTableau t = RungeKuttaMethods.named(name);
    if (!t.isAdaptive()) {
      return;
    }
    int[] orders = EMBEDDED_ORDERS.get(name);
    double[][] estimates = {t.errorWeights(), t.secondaryErrorWeights()};
    double[][] phi = TREES.stageWeights(flatA(t), t.stages());
    for (int e = 0; e < orders.length; e++) {
      double[] bHat = t.b();
      for (int i = 0; i < bHat.length; i++) {
        bHat[i] -= estimates[e][i];
      }
      assertEquals(-1, firstViolatedOrder(bHat, phi, 1.0, orders[e]), name + " embedded solution " + e);
      assertEquals(orders[e] + 1, firstViolatedOrder(bHat, phi, 1.0, orders[e] + 1),
          name + " embedded solution " + e + " has a higher order than declared");
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void continuousExtensionHasItsOrder(String name) {
    ButcherTableau t = RungeKuttaMethods.named(name);
    Interpolant in = t.interpolant();
    int s = t.stages();
    int logical = in.logicalStages();
    // Extended tableau over the logical stages: row s is f(t₀ + h, y₁) (c = 1, a = b), then extras.
    double[] a = new double[logical * logical];
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < i; j++) {
        a[i * logical + j] = t.a(i, j);
      }
      a[i * logical + i] = t.diagonal(i);
    }
    double[] b = t.b();
    System.arraycopy(b, 0, a, s * logical, s);
    for (int x = 0; x < in.extraStages(); x++) {
      for (int j = 0; j < logical; j++) {
        a[(s + 1 + x) * logical + j] = in.extraA(x, j);
      }
    }
    double[][] phi = TREES.stageWeights(a, logical);
    for (double theta : new double[] {0.2, 0.5, 0.9}) {
      double[] w = new double[logical];
      for (int i = 0; i < logical; i++) {
        w[i] = in.weight(i, theta);
      }
      assertEquals(-1, firstViolatedOrder(w, phi, theta, in.order()),
          name + " dense output at θ=" + theta);
    }
  }

  /** The tableau's A (with its diagonal) as an s × s row-major array. */
  private static double[] flatA(ButcherTableau t) {
    int s = t.stages();
    double[] a = new double[s * s];
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < i; j++) {
        a[i * s + j] = t.a(i, j);
      }
      a[i * s + i] = t.diagonal(i);
    }
    return a;
  }

  /**
   * The order of the first tree (up to maxOrder) whose condition Σ wᵢΦᵢ(t) = θ^|t|/γ(t) fails, or −1 if
   * all hold.
   */
  private static int firstViolatedOrder(double[] w, double[][] phi, double theta, int maxOrder) {
    for (int k = 0; k < TREES.trees.size(); k++) {
      RootedTrees.Tree tree = TREES.trees.get(k);
      if (tree.order() > maxOrder) {
        break;
      }
      double sum = 0;
      double scale = 0;
      for (int i = 0; i < w.length; i++) {
        sum += w[i] * phi[k][i];
        scale += Math.abs(w[i] * phi[k][i]);
      }
      double expected = Math.pow(theta, tree.order()) / tree.gamma();
      if (Math.abs(sum - expected) > CONDITION_TOLERANCE * Math.max(scale, 1)) {
        return tree.order();
      }
    }
    return -1;
  }

  @Test
  void fsalIsDerivedFromTheCoefficients() {
    for (String name : RungeKuttaMethods.names()) {
      boolean expected = name.equals("bosh3") || name.equals("dopri5") || name.equals("tsit5")
          || name.equals("kvaerno5");
      assertEquals(expected, RungeKuttaMethods.named(name).fsal(), name);
    }
  }

  @Test
  void inconsistentTableauIsRejectedWithTheOffendingRow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad",
        new double[] {0, 0.5}, new double[][] {{}, {0.4}}, new double[] {0, 1}, null, null, 2, 0,
        Interpolant.polynomial(1, 2, new double[][] {{0, 0}, {0, 1}})));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad",
        new double[] {0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0.1, 1}, null, null, 2, 0,
        Interpolant.polynomial(1, 2, new double[][] {{0, 0.1}, {0, 1}})));
    assertTrue(w.getMessage().contains("b must sum to 1"), w.getMessage());
  }

  @Test
  void unknownMethodNameSuggestsTheClosest() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RungeKuttaMethods.named("dopri"));
    assertTrue(e.getMessage().contains("did you mean 'dopri5'"), e.getMessage());
    assertTrue(e.getMessage().contains("tsit5"), e.getMessage());
    if (RungeKuttaMethods.names().size() != 9) {
      fail("expected the nine built-in methods, got " + RungeKuttaMethods.names());
    }
  }
}
