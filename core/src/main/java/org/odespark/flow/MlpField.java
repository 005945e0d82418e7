package org.odespark.flow;

import java.util.random.RandomGenerator;
import org.odespark.nn.Mlp;

/**
 * An {@link Mlp} f: ℝᴰ → ℝᴰ as a {@link FlowField} (the field of every {@link CnfSpec}-built {@link Cnf}):
 * each call goes straight to the MLP's batched forward-with-tangents and reverse-over-forward backward, so
 * the numbers are the MLP's own. Immutable and thread-safe, like the MLP.
 */
public final class MlpField implements FlowField {

  private final Mlp mlp;

  public MlpField(Mlp mlp) {
    if (mlp.inputDim() != mlp.outputDim()) {
      throw new IllegalArgumentException("a CNF vector field maps D to D, got " + mlp.inputDim() + " -> "
          + mlp.outputDim());
    }
    this.mlp = mlp;
  }

  public Mlp mlp() {
    return mlp;
  }

  @Override
  public int dim() {
    return mlp.inputDim();
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
  public void initialize(double[] theta, RandomGenerator rng) {
    mlp.initialize(theta, rng);
  }

  @Override
  public Workspace newWorkspace(int rows, int tangents) {
    return new MlpWorkspace(mlp.newWorkspace(rows, tangents));
  }

  @Override
  public void forward(double t, double[] theta, double[] z, int rows, double[] zDot, int tangents, double[] f,
                      double[] fDot, Workspace ws) {
    mlp.forward(t, theta, z, rows, zDot, tangents, f, fDot, unwrap(ws));
  }

  @Override
  public double backward(double[] theta, double[] fBar, double[] fDotBar, double[] zBar, double[] thetaBar,
                         Workspace ws) {
    return mlp.backward(theta, fBar, fDotBar, zBar, thetaBar, unwrap(ws));
  }

  private static Mlp.Workspace unwrap(Workspace ws) {
    if (!(ws instanceof MlpWorkspace m)) {
      throw new IllegalArgumentException("not a workspace of an MlpField: " + ws);
    }
    return m.inner;
  }

  private record MlpWorkspace(Mlp.Workspace inner) implements Workspace {}
}
