package org.odespark.spark.exec;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A fixed merge tree over partition indices 0 … P−1, so that a sum of per-partition partial results has the
 * same bits whatever order Spark delivers them in (see {@link TreeSum}).
 *
 * <p>Level 0 holds the P leaves. Level ℓ + 1 has m_{ℓ+1} nodes, and node j of level ℓ + 1 is the sum of the
 * nodes i of level ℓ with i mod m_{ℓ+1} = j, added in increasing i. The root is the sum of the nodes of the
 * top level in increasing index. The widths follow the level schedule of Spark's {@code RDD.treeAggregate}
 * for the same depth d: scale s = max(⌈P^{1/d}⌉, 2), and while m &gt; s + ⌈m/s⌉, m ← ⌊m/s⌋. Spark keys the
 * partial of partition i by i mod m at each level, so siblings of this tree meet on the same executor and
 * most additions happen there; correctness does not depend on that match, only on the tree being fixed.
 *
 * <p>Immutable.
 */
public final class CanonicalTree implements Serializable {

  private static final long serialVersionUID = 1L;

  /** widths[0] = P, widths[ℓ] = m_ℓ. */
  private final int[] widths;

  private CanonicalTree(int[] widths) {
    this.widths = widths;
  }

  /**
   * The tree of {@code partitions} leaves for a treeAggregate of the given depth.
   *
   * @throws IllegalArgumentException if partitions &lt; 1 or depth &lt; 1
   */
  public static CanonicalTree of(int partitions, int depth) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    // The same arithmetic as Spark's treeAggregate, double rounding included.
    int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    int[] widths = new int[1];
    widths[0] = partitions;
    int m = partitions;
    while (m > scale + Math.ceil((double) m / scale)) {
      m /= scale;
      widths = Arrays.copyOf(widths, widths.length + 1);
      widths[widths.length - 1] = m;
    }
    return new CanonicalTree(widths);
  }

  public int partitions() {
    return widths[0];
  }

  /** Number of levels below the root (1 when the root adds the leaves directly). */
  public int levels() {
    return widths.length;
  }

  /** Number of nodes of level ℓ. */
  public int width(int level) {
    return widths[level];
  }

  /** Level of the root: {@link #levels()}. */
  public int rootLevel() {
    return widths.length;
  }

  /** Index of the parent of node i of level ℓ (the root has one node, index 0). */
  public int parent(int level, int index) {
    return level + 1 == widths.length ? 0 : index % widths[level + 1];
  }

  /** Number of children of node j of level ℓ ≥ 1. */
  public int childCount(int level, int index) {
    int below = widths[level - 1];
    if (level == widths.length) {
      return below;
    }
    int m = widths[level];
    return below / m + (index < below % m ? 1 : 0);
  }

  /** Index (in level ℓ − 1) of the k-th child of node j of level ℓ, in increasing order. */
  public int child(int level, int index, int k) {
    return level == widths.length ? k : index + k * widths[level];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CanonicalTree t && Arrays.equals(widths, t.widths);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(widths);
  }

  @Override
  public String toString() {
    return "CanonicalTree" + Arrays.toString(widths) + "→root";
  }
}
