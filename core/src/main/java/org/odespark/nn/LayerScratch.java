package org.odespark.nn;

/**
 * Scratch memory of one {@link Layer}: the layer's coefficients at the current t (gate, bias, effective
 * weights) and its reverse-pass sums, separate arrays so that the JIT can vectorize loops that read one and
 * write another. Sized by the layer's widths, not by the rows. Created by {@link Layer#newScratch}; owned by
 * one thread.
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
  /**
   * The effective weights diag(s) W: outputs × inputs, or inputs × outputs (transposed) for a narrow input;
   * null when they are W itself (ungated, not transposed), which is then read from θ.
   */
  final double[] weights;
  /** ȳᵀ x (outputs × inputs, or transposed like {@link #weights}); null when W̄ accumulates into θ̄ directly. */
  final double[] weightSums;

  LayerScratch(int rows, int inputs, int outputs, boolean gated, boolean transposed) {
    this.rows = rows;
    this.gate = new double[outputs];
    this.bias = new double[outputs];
    this.gateSums = new double[outputs];
    this.biasSums = new double[outputs];
    this.weights = gated || transposed ? new double[inputs * outputs] : null;
    this.weightSums = gated || transposed ? new double[inputs * outputs] : null;
  }

  /** Largest number of rows the scratch serves. */
  public int rows() {
    return rows;
  }
}
