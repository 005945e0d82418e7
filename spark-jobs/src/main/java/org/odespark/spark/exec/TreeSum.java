package org.odespark.spark.exec;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partial sum over a {@link CanonicalTree}: the set of tree nodes whose value is complete, each with its
 * value. {@link #combine} unites two disjoint sets and, whenever all children of a node are present,
 * replaces them by the node, whose value is the children's values added in increasing index. Every node's
 * value is therefore a fixed expression of its leaves, evaluated in a fixed order: the root has the same bits
 * whatever order, grouping and machines the partials are combined in. This is what makes Spark's
 * {@code treeAggregate} (which merges in task-completion and shuffle-fetch order) deterministic.
 *
 * <p>The empty sum is the identity: it is the zero value of the aggregation, small to ship. Values are
 * merged in place ({@code merge(into, from)} may modify and return {@code into}); a value handed to
 * {@link #leaf} or {@link #combine} belongs to the sum afterwards. Mutable, one thread.
 *
 * @param <V> the partial value (a GradientAggregator)
 */
final class TreeSum<V extends Serializable> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How two values add: {@code into + from}, possibly in place; must not keep {@code from}. */
  public interface Merge<V> extends Serializable {
    V merge(V into, V from);
  }

  private final CanonicalTree tree;
  /** Complete nodes by (level << 32 | index). */
  private final TreeMap<Long, V> nodes = new TreeMap<>();

  private TreeSum(CanonicalTree tree) {
    this.tree = tree;
  }

  /** The empty sum (the identity). */
  public static <V extends Serializable> TreeSum<V> empty(CanonicalTree tree) {
    return new TreeSum<>(tree);
  }

  /** The sum holding only partition {@code partition}'s value. */
  public static <V extends Serializable> TreeSum<V> leaf(CanonicalTree tree, int partition, V value,
                                                         Merge<V> merge) {
    if (partition < 0 || partition >= tree.partitions()) {
      throw new IllegalArgumentException("partition " + partition + " is outside [0, " + tree.partitions() + ")");
    }
    TreeSum<V> s = new TreeSum<>(tree);
    s.insert(0, partition, value, merge);
    return s;
  }

  /**
   * a ∪ b, collapsed: the result is {@code a} (modified) or {@code b}. Commutative and associative in the
   * sense that matters: any order of combining the same leaves gives the same node values.
   *
   * @throws IllegalArgumentException if the trees differ or a node is present in both (a partition counted
   *     twice)
   */
  public static <V extends Serializable> TreeSum<V> combine(TreeSum<V> a, TreeSum<V> b, Merge<V> merge) {
    if (!a.tree.equals(b.tree)) {
      throw new IllegalArgumentException("cannot combine sums over different trees: " + a.tree + " and " + b.tree);
    }
    if (b.nodes.isEmpty()) {
      return a;
    }
    if (a.nodes.isEmpty()) {
      return b;
    }
    TreeSum<V> into = a.nodes.size() >= b.nodes.size() ? a : b;
    TreeSum<V> from = into == a ? b : a;
    for (Map.Entry<Long, V> e : from.nodes.entrySet()) {
      long key = e.getKey();
      into.insert((int) (key >>> 32), (int) key, e.getValue(), merge);
    }
    from.nodes.clear();
    return into;
  }

  private void insert(int level, int index, V value, Merge<V> merge) {
    long key = key(level, index);
    if (nodes.containsKey(key) || covered(level, index)) {
      throw new IllegalArgumentException("tree node (level " + level + ", index " + index
          + ") is added twice: a partition's partial result was counted twice");
    }
    nodes.put(key, value);
    // Collapse upwards while the parent's children are all present.
    while (level < tree.rootLevel()) {
      int parentLevel = level + 1;
      int parent = tree.parent(level, index);
      int children = tree.childCount(parentLevel, parent);
      for (int k = 0; k < children; k++) {
        if (!nodes.containsKey(key(level, tree.child(parentLevel, parent, k)))) {
          return;
        }
      }
      V sum = nodes.remove(key(level, tree.child(parentLevel, parent, 0)));
      for (int k = 1; k < children; k++) {
        sum = merge.merge(sum, nodes.remove(key(level, tree.child(parentLevel, parent, k))));
      }
      nodes.put(key(parentLevel, parent), sum);
      level = parentLevel;
      index = parent;
    }
  }

  /** Whether an ancestor of the node is already complete (which would also count this node twice). */
  private boolean covered(int level, int index) {
    while (level < tree.rootLevel()) {
      index = tree.parent(level, index);
      level++;
      if (nodes.containsKey(key(level, index))) {
        return true;
      }
    }
    return false;
  }

  private static long key(int level, int index) {
    return ((long) level << 32) | (index & 0xffffffffL);
  }

  /** Whether every partition has been added. */
  public boolean isComplete() {
    return nodes.size() == 1 && nodes.containsKey(key(tree.rootLevel(), 0));
  }

  /**
   * The total over all partitions.
   *
   * @throws IllegalStateException naming missing partitions if some were never added
   */
  public V root() {
    if (!isComplete()) {
      StringBuilder missing = new StringBuilder();
      int shown = 0;
      for (int p = 0; p < tree.partitions() && shown < 10; p++) {
        if (!nodes.containsKey(key(0, p)) && !covered(0, p)) {
          missing.append(shown++ == 0 ? "" : ", ").append(p);
        }
      }
      throw new IllegalStateException("the aggregation is incomplete: no result from partition(s) " + missing);
    }
    return nodes.get(key(tree.rootLevel(), 0));
  }

  @Override
  public String toString() {
    return "TreeSum[" + nodes.size() + " nodes of " + tree + "]";
  }
}
