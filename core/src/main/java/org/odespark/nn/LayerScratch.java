package org.odespark.nn;

/**
 * Scratch memory of one {@link Layer} for up to {@link #rows()} rows: separate arrays (not offsets into one),
 * so that the JIT can vectorize loops that read one and write another. Created by {@link Layer#newScratch};
 * owned by one thread.
 */
public final class LayerScratch {

  final int rows;
  /** Gate values s(t) (outputs). */
  final double[] gate;
  /** Bias values β(t) (outputs). */
  final double[] bias;
  /** Σ_rows ȳ ⊙ (x Wᵀ) (outputs). */
  final double[] gateSums;
  /** Σ_rows ȳ (outputs). */
  final double[] biasSums;
  /** ȳ ⊙ s (rows × outputs). */
  final double[] modulated;
  /** x Wᵀ when not supplied by the caller (rows × outputs). */
  final double[] product;

  LayerScratch(int rows, int outputs, boolean gated) {
    this.rows = rows;
    this.gate = new double[outputs];
    this.bias = new double[outputs];
    this.gateSums = new double[outputs];
    this.biasSums = new double[outputs];
    this.modulated = gated ? new double[rows * outputs] : null;
    this.product = gated ? new double[rows * outputs] : null;
  }

  /** Largest number of rows the scratch serves. */
  public int rows() {
    return rows;
  }
}
