package org.odespark.flow;

import org.odespark.ode.VectorField;

/**
 * dz/dt = f(z, t) of one {@link FlowField} on a batch of rows, without the trace: the flow {@link Cnf}'s
 * encoding, decoding and sampling integrate. Holds θ by reference; not thread-safe (owns a workspace).
 */
final class BlockFlow implements VectorField {

  private final FlowField field;
  private final double[] theta;
  private final int rows;
  private final FlowField.Workspace workspace;
  /** f, computed alongside a Jacobian-vector product and not returned. */
  private final double[] f;

  BlockFlow(FlowField field, double[] theta, int rows) {
    CnfField.checkTheta(field, theta);
    this.field = field;
    this.theta = theta;
    this.rows = rows;
    this.workspace = field.newWorkspace(rows, 1);
    this.f = new double[rows * field.dim()];
  }

  @Override
  public int dimension() {
    return rows * field.dim();
  }

  @Override
  public void evaluate(double t, double[] y, double[] dydt) {
    field.forward(t, theta, y, rows, null, 0, dydt, null, workspace);
  }

  @Override
  public boolean hasJvp() {
    return true;
  }

  @Override
  public void jvp(double t, double[] y, double[] v, double[] out) {
    field.forward(t, theta, y, rows, v, 1, f, out, workspace);
  }
}
