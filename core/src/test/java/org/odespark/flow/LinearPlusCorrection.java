package org.odespark.flow;

import java.util.random.RandomGenerator;
import org.odespark.nn.Mlp;

/**
 * The tests' hand-written {@link FlowField}: f(z, t) = A z + g(z, t), A (D × D, row-major in θ at the field's
 * offset) a "physical" linear model and g an optional {@link Mlp} correction placed right after A. Without g
 * it is the analytic field f(z) = A z with θ = A: z(T) = exp(AT) z(0) and Δlogp(T) = −T·tr(A).
 */
final class LinearPlusCorrection implements FlowField {

  private final int offset;
  private final int dim;
  private final Mlp correction;

  /** @param correction g, reading θ right after A, or null for the purely linear field */
  LinearPlusCorrection(int offset, int dim, Mlp correction) {
    if (correction != null && (correction.offset() != offset + dim * dim || correction.inputDim() != dim
        || correction.outputDim() != dim)) {
      throw new IllegalArgumentException("the correction must map D to D and follow A in θ");
    }
    this.offset = offset;
    this.dim = dim;
    this.correction = correction;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public int parameterOffset() {
    return offset;
  }

  @Override
  public int parameterCount() {
    return dim * dim + (correction == null ? 0 : correction.parameterCount());
  }

  /** A = −½ I + small noise (a contraction), g by its own initializer. */
  @Override
  public void initialize(double[] theta, RandomGenerator rng) {
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        theta[offset + i * dim + j] = (i == j ? -0.5 : 0) + 0.3 * (rng.nextDouble() - 0.5);
      }
    }
    if (correction != null) {
      correction.initialize(theta, rng);
    }
  }

  private static final class Scratch implements Workspace {
    final Mlp.Workspace g;
    /** The forward's inputs, by reference (the contract keeps them unchanged until backward). */
    double[] z;
    double[] zDot;
    int rows;
    int tangents;

    Scratch(Mlp.Workspace g) {
      this.g = g;
    }
  }

  @Override
  public Workspace newWorkspace(int rows, int tangents) {
    return new Scratch(correction == null ? null : correction.newWorkspace(rows, tangents));
  }

  @Override
  public void forward(double t, double[] theta, double[] z, int rows, double[] zDot, int tangents, double[] f,
                      double[] fDot, Workspace workspace) {
    Scratch ws = (Scratch) workspace;
    ws.z = z;
    ws.zDot = zDot;
    ws.rows = rows;
    ws.tangents = tangents;
    if (correction != null) {
      correction.forward(t, theta, z, rows, zDot, tangents, f, fDot, ws.g);
    }
    boolean add = correction != null;
    applyA(theta, z, rows, f, add);
    if (tangents > 0) {
      applyA(theta, zDot, tangents * rows, fDot, add);
    }
  }

  /** out (+)= x Aᵀ, row by row. */
  private void applyA(double[] theta, double[] x, int n, double[] out, boolean add) {
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < dim; i++) {
        double s = add ? out[r * dim + i] : 0;
        for (int j = 0; j < dim; j++) {
          s += theta[offset + i * dim + j] * x[r * dim + j];
        }
        out[r * dim + i] = s;
      }
    }
  }

  @Override
  public double backward(double[] theta, double[] fBar, double[] fDotBar, double[] zBar, double[] thetaBar,
                         Workspace workspace) {
    Scratch ws = (Scratch) workspace;
    double tBar = 0;
    if (correction != null) {
      tBar = correction.backward(theta, fBar, fDotBar, zBar, thetaBar, ws.g);
    }
    int rows = ws.rows;
    if (zBar != null) {
      // z̄ (+)= f̄ A; ḟ = A ż does not depend on z.
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < dim; j++) {
          double s = correction != null ? zBar[r * dim + j] : 0;
          for (int i = 0; i < dim; i++) {
            s += fBar[r * dim + i] * theta[offset + i * dim + j];
          }
          zBar[r * dim + j] = s;
        }
      }
    }
    outer(fBar, ws.z, rows, thetaBar);
    if (fDotBar != null) {
      outer(fDotBar, ws.zDot, ws.tangents * rows, thetaBar);
    }
    return tBar;
  }

  /** θ̄_A += Σ_r bar_r x_rᵀ. */
  private void outer(double[] bar, double[] x, int n, double[] thetaBar) {
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < dim; i++) {
        double b = bar[r * dim + i];
        for (int j = 0; j < dim; j++) {
          thetaBar[offset + i * dim + j] += b * x[r * dim + j];
        }
      }
    }
  }
}
