package org.odespark.flow;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odespark.adjoint.DifferentiableVectorField;
import org.odespark.check.Checks;
import org.odespark.nn.Mlp;

/**
 * The dynamics of one continuous normalizing flow block on a minibatch (Chen et al. 2018, "instantaneous
 * change of variables"; Grathwohl et al., FFJORD, ICLR 2019; Finlay et al., ICML 2020 for the
 * regularizers). Per example b, with f a {@link FlowField} (an {@link Mlp} through {@link MlpField}, or a
 * field of the user's):
 * <pre>
 *   dz_b/dt       = f(z_b, t)
 *   dΔlogp_b/dt   = −tr(∂f/∂z)(z_b, t)          exact, or Hutchinson's ε_bᵀ (∂f/∂z) ε_b
 *   dE_b/dt       = ‖f(z_b, t)‖²                 kinetic energy (only when enabled)
 *   dJ_b/dt       = ‖(∂f/∂z) ε_b‖²               Jacobian Frobenius norm, estimated (exactly Σₖ‖(∂f/∂z)eₖ‖²
 *                                                with the exact trace); only when enabled
 * </pre>
 * The trace comes from K Jacobian-vector products per example (K = D unit vectors, or one probe ε), all in
 * one batched pass through the field ({@link FlowField#forward}). The vector-Jacobian product the adjoint
 * needs differentiates through those products (reverse-over-forward, {@link FlowField#backward}); the
 * cotangents of Δlogp, E and J are constant
 * in time because nothing depends on them.
 *
 * <p>State layout (flat): z (rows × D), Δlogp (rows), then E (rows) and J (rows) when enabled. Holds θ by
 * reference ({@link #bind}); a field is reused across minibatches of the same size. Not thread-safe (owns
 * its workspace and probe).
 */
public final class CnfField implements DifferentiableVectorField {

  private final FlowField field;
  private double[] theta;
  private final int rows;
  private final int dim;
  private final TraceEstimator estimator;
  private final boolean kinetic;
  private final boolean jacobian;
  private final int tangents;
  private final int logpAt;
  private final int kineticAt;
  private final int jacobianAt;
  private final int dimension;
  private final double[] tangentIn;
  private final double[] f;
  private final double[] fDot;
  private final double[] fBar;
  private final double[] fDotBar;
  private final FlowField.Workspace workspace;

  /** The dynamics of an MLP field: {@link #CnfField(FlowField, double[], int, TraceEstimator, boolean, boolean)}. */
  public CnfField(Mlp mlp, double[] theta, int rows, TraceEstimator estimator, boolean kinetic, boolean jacobian) {
    this(new MlpField(mlp), theta, rows, estimator, kinetic, jacobian);
  }

  /**
   * @param field the vector field f: D → D
   * @param theta the model's parameters (held by reference; may be null until {@link #bind})
   * @param rows examples in the batch
   */
  public CnfField(FlowField field, double[] theta, int rows, TraceEstimator estimator, boolean kinetic,
                  boolean jacobian) {
    Checks.atLeast("rows", rows, 1);
    this.field = field;
    this.theta = theta;
    this.rows = rows;
    this.dim = field.dim();
    this.estimator = estimator;
    this.kinetic = kinetic;
    this.jacobian = jacobian;
    this.tangents = estimator.tangents(dim);
    this.logpAt = rows * dim;
    this.kineticAt = logpAt + rows;
    this.jacobianAt = kineticAt + (kinetic ? rows : 0);
    this.dimension = jacobianAt + (jacobian ? rows : 0);
    this.tangentIn = new double[tangents * rows * dim];
    if (estimator.isExact()) {
      for (int k = 0; k < dim; k++) {
        for (int b = 0; b < rows; b++) {
          tangentIn[(k * rows + b) * dim + k] = 1.0;
        }
      }
    }
    this.f = new double[rows * dim];
    this.fDot = new double[tangents * rows * dim];
    this.fBar = new double[rows * dim];
    this.fDotBar = new double[tangents * rows * dim];
    this.workspace = field.newWorkspace(rows, tangents);
  }

  /** Points the field at θ (by reference) for the solves that follow. */
  public void bind(double[] parameters) {
    checkTheta(field, parameters);
    this.theta = parameters;
  }

  /** Refuses a θ too short for the field's slice. */
  static void checkTheta(FlowField field, double[] theta) {
    if (theta.length < field.parameterOffset() + field.parameterCount()) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but the field needs "
          + (field.parameterOffset() + field.parameterCount()));
    }
  }

  /** Draws this solve's Hutchinson probe ε (one per example); does nothing for the exact trace. */
  public void drawProbe(RandomGenerator rng) {
    if (!estimator.isExact()) {
      estimator.drawProbe(rng, tangentIn, rows * dim);
    }
  }

  public int rows() {
    return rows;
  }

  /** Index of Δlogp of example 0 in the state. */
  public int logpOffset() {
    return logpAt;
  }

  /** Index of the kinetic-energy integral of example 0, or −1 when disabled. */
  public int kineticOffset() {
    return kinetic ? kineticAt : -1;
  }

  /** Index of the Jacobian-norm integral of example 0, or −1 when disabled. */
  public int jacobianOffset() {
    return jacobian ? jacobianAt : -1;
  }

  @Override
  public int dimension() {
    return dimension;
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
  public void evaluate(double t, double[] s, double[] ds) {
    field.forward(t, theta, s, rows, tangentIn, tangents, f, fDot, workspace);
    writeDerivative(ds);
  }

  private void writeDerivative(double[] ds) {
    System.arraycopy(f, 0, ds, 0, rows * dim);
    int block = rows * dim;
    for (int b = 0; b < rows; b++) {
      int row = b * dim;
      double div = 0;
      if (estimator.isExact()) {
        for (int k = 0; k < dim; k++) {
          div += fDot[k * block + row + k];
        }
      } else {
        for (int j = 0; j < dim; j++) {
          div += tangentIn[row + j] * fDot[row + j];
        }
      }
      ds[logpAt + b] = -div;
      if (kinetic) {
        double e = 0;
        for (int j = 0; j < dim; j++) {
          e += f[row + j] * f[row + j];
        }
        ds[kineticAt + b] = e;
      }
      if (jacobian) {
        double q = 0;
        for (int k = 0; k < tangents; k++) {
          for (int j = 0; j < dim; j++) {
            double v = fDot[k * block + row + j];
            q += v * v;
          }
        }
        ds[jacobianAt + b] = q;
      }
    }
  }

  @Override
  public double vjp(double t, double[] s, double[] a, double[] out, double[] sBar, double[] thetaBar) {
    field.forward(t, theta, s, rows, tangentIn, tangents, f, fDot, workspace);
    if (out != null) {
      writeDerivative(out);
    }
    int block = rows * dim;
    // Cotangent of f: a_z, plus 2 a_E f from the kinetic energy.
    for (int b = 0; b < rows; b++) {
      int row = b * dim;
      double kineticBar = kinetic ? 2 * a[kineticAt + b] : 0;
      for (int j = 0; j < dim; j++) {
        fBar[row + j] = a[row + j] + kineticBar * f[row + j];
      }
    }
    // Cotangent of the tangents ḟ = (∂f/∂z)·(probe): −a_Δ ∂div/∂ḟ, plus 2 a_J ḟ from the Jacobian norm.
    if (estimator.isExact()) {
      Arrays.fill(fDotBar, 0.0);
    }
    for (int b = 0; b < rows; b++) {
      int row = b * dim;
      double logpBar = a[logpAt + b];
      double jacobianBar = jacobian ? 2 * a[jacobianAt + b] : 0;
      if (estimator.isExact()) {
        for (int k = 0; k < dim; k++) {
          fDotBar[k * block + row + k] = -logpBar;
        }
        if (jacobian) {
          for (int k = 0; k < tangents; k++) {
            for (int j = 0; j < dim; j++) {
              fDotBar[k * block + row + j] += jacobianBar * fDot[k * block + row + j];
            }
          }
        }
      } else {
        for (int j = 0; j < dim; j++) {
          fDotBar[row + j] = -logpBar * tangentIn[row + j] + jacobianBar * fDot[row + j];
        }
      }
    }
    double tBar = field.backward(theta, fBar, fDotBar, sBar, thetaBar, workspace);
    Arrays.fill(sBar, logpAt, dimension, 0.0);
    return tBar;
  }
}
