package org.odespark.adjoint;

import org.odespark.nn.Mlp;

/**
 * {@code dz/dt = f(z, t, θ)} with f an {@link Mlp} applied to every row of a minibatch: the state is the
 * whole batch, rows × d flat (a Neural ODE block, Chen et al., NeurIPS 2018). Holds a reference to θ (not
 * a copy): update θ in place between solves, never during one. Not thread-safe (owns an MLP workspace).
 */
public final class NeuralVectorField implements DifferentiableVectorField {

  private final Mlp mlp;
  private final double[] theta;
  private final int rows;
  private final int dim;
  private final Mlp.Workspace workspace;

  /**
   * @param theta the model's flat parameters; the MLP reads its own slice
   * @param rows examples in the batch
   */
  public NeuralVectorField(Mlp mlp, double[] theta, int rows) {
    if (mlp.inputDim() != mlp.outputDim()) {
      throw new IllegalArgumentException("a vector field needs input dimension = output dimension, got "
          + mlp.inputDim() + " -> " + mlp.outputDim());
    }
    if (theta.length < mlp.offset() + mlp.parameterCount()) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but the MLP needs "
          + (mlp.offset() + mlp.parameterCount()));
    }
    this.mlp = mlp;
    this.theta = theta;
    this.rows = rows;
    this.dim = mlp.inputDim();
    this.workspace = mlp.newWorkspace(rows, 1);
  }

  public Mlp mlp() {
    return mlp;
  }

  public int rows() {
    return rows;
  }

  @Override
  public int dimension() {
    return rows * dim;
  }

  @Override
  public int parameterOffset() {
    return mlp.offset();
  }

  @Override
  public int parameterCount() {
    return mlp.parameterCount();
  }

  @Override
  public void evaluate(double t, double[] y, double[] dydt) {
    mlp.forward(t, theta, y, rows, dydt, workspace);
  }

  @Override
  public double vjp(double t, double[] y, double[] a, double[] f, double[] yBar, double[] thetaBar) {
    // The forward pass fills the workspace the reverse pass reads; its output is f itself.
    mlp.forward(t, theta, y, rows, f != null ? f : yBar, workspace);
    return mlp.backward(theta, a, null, yBar, thetaBar, workspace);
  }

  @Override
  public boolean hasJvp() {
    return true;
  }

  @Override
  public void jvp(double t, double[] y, double[] v, double[] out) {
    // The forward pass computes f and Jv together; f is written to out first and then overwritten by Jv.
    mlp.forward(t, theta, y, rows, v, 1, out, out, workspace);
  }
}
