package org.odespark.latent;

import org.odespark.adjoint.DifferentiableVectorField;
import org.odespark.adjoint.NeuralVectorField;

/**
 * A row-wise field with some rows frozen: dhᵣ/dt = μᵣ · f(hᵣ) with μᵣ ∈ {0, 1} read from a mask array. The
 * ODE-RNN encoder uses it so that a series' hidden state stays at its initial zero until the sweep reaches
 * the series' own last observation, which keeps each series' encoding independent of the other series in
 * its minibatch (up to the shared step sizes). The vector-Jacobian product masks the cotangent the same way
 * (aᵀ ∂(μ f)/∂· = (μ a)ᵀ ∂f/∂·, rows being independent). Mutable (the mask position), one thread.
 */
final class MaskedRowField implements DifferentiableVectorField {

  private final NeuralVectorField field;
  private final int rows;
  private final int dim;
  private final double[] maskedA;
  private double[] mask;
  private int maskOffset;

  MaskedRowField(NeuralVectorField field) {
    this.field = field;
    this.rows = field.rows();
    this.dim = field.dimension() / rows;
    this.maskedA = new double[field.dimension()];
  }

  /** Rows r with {@code mask[offset + r] == 0} are frozen from now on. */
  void mask(double[] m, int offset) {
    this.mask = m;
    this.maskOffset = offset;
  }

  @Override
  public int dimension() {
    return field.dimension();
  }

  @Override
  public int parameterOffset() {
    return field.parameterOffset();
  }

  @Override
  public int parameterCount() {
    return field.parameterCount();
  }

  @Override
  public void evaluate(double t, double[] y, double[] dydt) {
    field.evaluate(t, y, dydt);
    zeroFrozen(dydt);
  }

  @Override
  public double vjp(double t, double[] y, double[] a, double[] f, double[] yBar, double[] thetaBar) {
    for (int r = 0; r < rows; r++) {
      double m = mask[maskOffset + r];
      for (int j = r * dim; j < (r + 1) * dim; j++) {
        maskedA[j] = m * a[j];
      }
    }
    double tBar = field.vjp(t, y, maskedA, f, yBar, thetaBar);
    if (f != null) {
      zeroFrozen(f);
    }
    return tBar;
  }

  private void zeroFrozen(double[] v) {
    for (int r = 0; r < rows; r++) {
      if (mask[maskOffset + r] == 0) {
        java.util.Arrays.fill(v, r * dim, (r + 1) * dim, 0.0);
      }
    }
  }
}
