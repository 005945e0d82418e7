package org.odespark.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where each named parameter tensor of a model lives in the one flat array θ. Layers are views: they read
 * their weights at fixed offsets, so a gradient is a flat array of the same layout, gradients from many
 * machines add elementwise, and an optimizer updates one array. Immutable once built.
 */
public final class ParameterLayout {

  /** One tensor: a rows × cols row-major block starting at {@code offset}. */
  public record Block(String name, int offset, int rows, int cols) {
    public int size() {
      return rows * cols;
    }
  }

  private final List<Block> blocks;
  private final int size;

  private ParameterLayout(List<Block> blocks, int size) {
    this.blocks = Collections.unmodifiableList(blocks);
    this.size = size;
  }

  /** Total number of parameters |θ|. */
  public int size() {
    return size;
  }

  public List<Block> blocks() {
    return blocks;
  }

  /** The block called {@code name}. */
  public Block block(String name) {
    for (Block b : blocks) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("no parameter block '" + name + "' in " + blockNames());
  }

  private List<String> blockNames() {
    return blocks.stream().map(Block::name).toList();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ParameterLayout(" + size + " parameters)");
    for (Block b : blocks) {
      s.append("\n  ").append(b.name()).append(" [").append(b.rows()).append('×').append(b.cols()).append("] @")
          .append(b.offset());
    }
    return s.toString();
  }

  /** Appends blocks one after another. */
  public static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private int next;

    /** Appends a rows × cols block and returns its offset. */
    public int add(String name, int rows, int cols) {
      if (rows < 1 || cols < 1) {
        throw new IllegalArgumentException("parameter block " + name + " must be at least 1×1, got " + rows + "×" + cols);
      }
      for (Block b : blocks) {
        if (b.name().equals(name)) {
          throw new IllegalArgumentException("duplicate parameter block name " + name);
        }
      }
      int offset = next;
      blocks.add(new Block(name, offset, rows, cols));
      next += rows * cols;
      return offset;
    }

    /** Current size, i.e. the offset the next block will get. */
    public int size() {
      return next;
    }

    public ParameterLayout build() {
      return new ParameterLayout(new ArrayList<>(blocks), next);
    }
  }
}
