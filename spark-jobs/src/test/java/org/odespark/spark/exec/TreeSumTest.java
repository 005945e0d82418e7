package org.odespark.spark.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The canonical tree makes a floating-point sum independent of merge order and grouping: checked without
 * Spark over every permutation of the leaves for small P, each combined by a random bracketing (what
 * Spark's arrival order and executor grouping amount to), and on random orders for larger P.
 */
class TreeSumTest {

  /** A one-number partial sum; plain double addition, so the order is visible in the bits. */
  static final class Cell implements java.io.Serializable {
    double v;

    Cell(double v) {
      this.v = v;
    }
  }

  private static final TreeSum.Merge<Cell> ADD = (a, b) -> {
    a.v += b.v;
    return a;
  };

  /** Values spanning 30 orders of magnitude with both signs, so that a different order changes the sum. */
  private static double[] values(int p, long seed) {
    Random r = new Random(seed);
    double[] v = new double[p];
    for (int i = 0; i < p; i++) {
      v[i] = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextInt(31) - 15) * (1 + r.nextDouble());
    }
    return v;
  }

  /** Combines the leaves given in {@code order} by a random bracketing: repeatedly merge two random partials. */
  private static double combineInOrder(CanonicalTree tree, double[] v, List<Integer> order, Random r) {
    List<TreeSum<Cell>> pending = new ArrayList<>();
    for (int p : order) {
      pending.add(TreeSum.leaf(tree, p, new Cell(v[p]), ADD));
    }
    pending.add(TreeSum.empty(tree));
    while (pending.size() > 1) {
      TreeSum<Cell> a = pending.remove(r.nextInt(pending.size()));
      TreeSum<Cell> b = pending.remove(r.nextInt(pending.size()));
      pending.add(r.nextBoolean() ? TreeSum.combine(a, b, ADD) : TreeSum.combine(b, a, ADD));
    }
    return pending.get(0).root().v;
  }

  @Test
  void everyPermutationOfSmallTreesGivesTheSameBits() {
    Random r = new Random(20261124);
    for (int p = 1; p <= 6; p++) {
      for (int depth = 1; depth <= 3; depth++) {
        CanonicalTree tree = CanonicalTree.of(p, depth);
        double[] v = values(p, 31L * p + depth);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p; i++) {
          order.add(i);
        }
        double reference = combineInOrder(tree, v, order, new Random(0));
        for (List<Integer> perm : permutations(order)) {
          for (int bracketing = 0; bracketing < 3; bracketing++) {
            double s = combineInOrder(tree, v, perm, r);
            assertEquals(Double.doubleToRawLongBits(reference), Double.doubleToRawLongBits(s),
                "P=" + p + " depth=" + depth + " order " + perm + ": " + s + " vs " + reference);
          }
        }
      }
    }
  }

  @Test
  void largeTreesAreOrderIndependentAndTheTestCouldFail() {
    Random r = new Random(7);
    for (int p : new int[] {9, 37, 100, 257}) {
      for (int depth = 1; depth <= 4; depth++) {
        CanonicalTree tree = CanonicalTree.of(p, depth);
        double[] v = values(p, p * 13L + depth);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p; i++) {
          order.add(i);
        }
        double reference = combineInOrder(tree, v, order, new Random(1));
        java.util.Set<Long> naive = new java.util.HashSet<>();
        for (int trial = 0; trial < 20; trial++) {
          Collections.shuffle(order, r);
          assertEquals(Double.doubleToRawLongBits(reference),
              Double.doubleToRawLongBits(combineInOrder(tree, v, order, r)), "P=" + p + " depth=" + depth);
          double s = 0;
          for (int i : order) {
            s += v[i];
          }
          naive.add(Double.doubleToRawLongBits(s));
        }
        // Without the tree, the same values summed in these orders give several different results.
        assertTrue(naive.size() > 1, "the test data must be order-sensitive (P=" + p + ")");
      }
    }
  }

  @Test
  void nodeValuesFollowTheDocumentedTree() {
    // P = 5, depth 2: scale ⌈√5⌉ = 3, and 5 > 3 + ⌈5/3⌉ is false: the root adds the leaves in index order.
    CanonicalTree flat = CanonicalTree.of(5, 2);
    assertEquals(1, flat.levels());
    // P = 8, depth 3: scale 2; 8 > 2 + 4 → m = 4; 4 > 2 + 2 is false. Level 1 node j = leaves j, j + 4.
    CanonicalTree t = CanonicalTree.of(8, 3);
    assertEquals(2, t.levels());
    assertEquals(4, t.width(1));
    double[] v = values(8, 3);
    double expected = 0;
    for (int j = 0; j < 4; j++) {
      expected += v[j] + v[j + 4];
    }
    List<Integer> order = List.of(7, 3, 0, 5, 1, 6, 2, 4);
    assertEquals(expected, combineInOrder(t, v, order, new Random(5)));
    // P = 100, depth 2: scale 10 → m = 10 (100 > 10 + 10); then 10 > 10 + 1 is false.
    CanonicalTree hundred = CanonicalTree.of(100, 2);
    assertArrayEquals(new int[] {100, 10}, new int[] {hundred.width(0), hundred.width(1)});
    assertEquals(10, hundred.childCount(1, 3));
    assertEquals(13, hundred.child(1, 3, 1));
  }

  @Test
  void duplicatesAndGapsAreErrors() {
    CanonicalTree tree = CanonicalTree.of(4, 1);
    TreeSum<Cell> a = TreeSum.leaf(tree, 1, new Cell(1), ADD);
    TreeSum<Cell> b = TreeSum.leaf(tree, 1, new Cell(1), ADD);
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> TreeSum.combine(a, b, ADD));
    assertTrue(twice.getMessage().contains("counted twice"), twice.getMessage());
    TreeSum<Cell> c = TreeSum.combine(TreeSum.leaf(tree, 0, new Cell(1), ADD), TreeSum.leaf(tree, 3, new Cell(2), ADD),
        ADD);
    assertFalse(c.isComplete());
    IllegalStateException gap = assertThrows(IllegalStateException.class, c::root);
    assertTrue(gap.getMessage().contains("partition(s) 1, 2"), gap.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TreeSum.combine(c, TreeSum.empty(CanonicalTree.of(5, 1)), ADD));
    assertNotEquals(CanonicalTree.of(4, 1), CanonicalTree.of(5, 1));
  }

  private static List<List<Integer>> permutations(List<Integer> items) {
    if (items.size() <= 1) {
      return List.of(new ArrayList<>(items));
    }
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<Integer> rest = new ArrayList<>(items);
      Integer first = rest.remove(i);
      for (List<Integer> p : permutations(rest)) {
        p.add(0, first);
        out.add(p);
      }
    }
    return out;
  }
}
