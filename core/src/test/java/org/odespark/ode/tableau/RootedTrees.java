package org.odespark.ode.tableau;

import java.util.ArrayList;
import java.util.List;

/**
 * Butcher's rooted trees up to a given order with their elementary weights, for checking Runge–Kutta order
 * conditions: a method with stages (c, A) and weights w has order p iff Σᵢ wᵢ Φᵢ(t) = 1/γ(t) for every tree
 * t with |t| ≤ p (Hairer, Nørsett, Wanner, Solving ODEs I, §II.2, Theorem 2.13). A continuous extension
 * w(θ) has order q iff Σᵢ wᵢ(θ) Φᵢ(t) = θ^|t| / γ(t) for |t| ≤ q.
 */
final class RootedTrees {

  /** A tree as the list of indices of its children's trees (non-increasing). */
  record Tree(int order, int[] children, double gamma) {}

  final List<Tree> trees = new ArrayList<>();

  RootedTrees(int maxOrder) {
    trees.add(new Tree(1, new int[0], 1.0));
    for (int n = 2; n <= maxOrder; n++) {
      int before = trees.size();
      generate(n, n - 1, before - 1, new ArrayList<>());
    }
  }

  private void generate(int order, int remaining, int maxIndex, List<Integer> chosen) {
    if (remaining == 0) {
      int[] ch = chosen.stream().mapToInt(Integer::intValue).toArray();
      double gamma = order;
      for (int c : ch) {
        gamma *= trees.get(c).gamma();
      }
      trees.add(new Tree(order, ch, gamma));
      return;
    }
    for (int i = maxIndex; i >= 0; i--) {
      int o = trees.get(i).order();
      if (o <= remaining) {
        chosen.add(i);
        generate(order, remaining - o, i, chosen);
        chosen.remove(chosen.size() - 1);
      }
    }
  }

  long countOfOrder(int order) {
    return trees.stream().filter(t -> t.order() == order).count();
  }

  /**
   * Φᵢ(t) for every tree and stage: Φᵢ(τ) = 1, Φᵢ([t₁…tₘ]) = Πₖ Σⱼ aᵢⱼ Φⱼ(tₖ).
   *
   * @param a stage coefficients, L × L row-major (strictly lower triangular)
   */
  double[][] stageWeights(double[] a, int stages) {
    double[][] phi = new double[trees.size()][];
    double[][] aPhi = new double[trees.size()][];
    for (int t = 0; t < trees.size(); t++) {
      double[] p = new double[stages];
      java.util.Arrays.fill(p, 1.0);
      for (int c : trees.get(t).children()) {
        for (int i = 0; i < stages; i++) {
          p[i] *= aPhi[c][i];
        }
      }
      phi[t] = p;
      double[] ap = new double[stages];
      for (int i = 0; i < stages; i++) {
        for (int j = 0; j < stages; j++) {
          ap[i] += a[i * stages + j] * p[j];
        }
      }
      aPhi[t] = ap;
    }
    return phi;
  }
}
