package org.odespark.flow;

import java.util.random.RandomGenerator;

/**
 * The vector field f(z, t; θ): ℝᴰ → ℝᴰ of one CNF block, batched over rows, with the forward-mode and
 * reverse-over-forward derivatives {@link CnfField} needs for the trace, the regularizers and the adjoint.
 * {@link MlpField} adapts an {@link org.odespark.nn.Mlp}; any other field (a physical model, a physical
 * model plus a neural correction, an analytic test field) implements this interface and goes into a
 * {@link Cnf} through {@link Cnf#overFields}.
 *
 * <p>Layouts: a batch is row-major, z is rows × D with row r at {@code z[r·D …]}. K tangents are stacked as K
 * blocks of rows: tangent k of row r is row {@code k·rows + r} of a (K·rows) × D array.
 *
 * <p>Parameters: the field reads θ[{@link #parameterOffset()} … + {@link #parameterCount()}) of the model's
 * flat θ and nothing else, and adds into the same slice of θ̄ and nothing else (the adjoint integrates only
 * that slice). Build the slice with an {@link org.odespark.nn.ParameterLayout.Builder} shared by all blocks,
 * so that it is one contiguous range.
 *
 * <p>Threads: the field itself is immutable and may be shared between threads and between blocks' solves;
 * every mutable thing lives in a {@link Workspace}, which one thread uses at a time. The caller creates one
 * workspace per (field, batch size) and reuses it for every evaluation.
 */
public interface FlowField {

  /** Per-thread scratch of a field: whatever {@link #forward} keeps for {@link #backward}. */
  interface Workspace {}

  /** D, the dimension of z (input and output). */
  int dim();

  /** Index in θ of the field's first parameter. */
  int parameterOffset();

  /** Number of parameters the field reads from θ (may be 0). */
  int parameterCount();

  /** Writes initial values into the field's slice of θ, drawing from {@code rng}; touches nothing else. */
  void initialize(double[] theta, RandomGenerator rng);

  /**
   * A workspace for batches of up to {@code rows} rows and up to {@code tangents} tangents per row
   * ({@code tangents} may be 0: then only the plain forward pass runs on it).
   */
  Workspace newWorkspace(int rows, int tangents);

  /**
   * f = f(z, t) and the K Jacobian-vector products ḟ⁽ᵏ⁾ = (∂f/∂z)(z, t) ż⁽ᵏ⁾, per row; keeps in {@code ws}
   * what {@link #backward} needs. Must not allocate (it runs at every solver stage).
   *
   * @param theta the model's flat θ, read only
   * @param z rows × D, read only
   * @param zDot K·rows × D, read only (null when tangents = 0)
   * @param tangents K ≥ 0, at most the workspace's capacity
   * @param f rows × D, overwritten
   * @param fDot K·rows × D, overwritten (null when tangents = 0)
   */
  void forward(double t, double[] theta, double[] z, int rows, double[] zDot, int tangents, double[] f,
               double[] fDot, Workspace ws);

  /**
   * Reverse pass of the last {@link #forward} on {@code ws}. The caller guarantees that it comes right after
   * that forward, on the same workspace, with θ, z and ż unchanged in between (so a field may keep
   * references to them rather than copies). With c = Σ_r f̄_r·f_r + Σ_{k,r} ḟ̄⁽ᵏ⁾_r·ḟ⁽ᵏ⁾_r, where the tangents ż
   * are constants:
   * <pre>
   *   z̄ = ∂c/∂z  (overwritten; reverse-over-forward through ḟ = (∂f/∂z) ż needs the second derivatives of f)
   *   θ̄ += ∂c/∂θ  (accumulated, only the field's slice)
   *   returns ∂c/∂t
   * </pre>
   *
   * @param fBar rows × D, read only
   * @param fDotBar K·rows × D, read only, or null: then the tangents do not contribute
   * @param zBar rows × D, overwritten, or null when not needed
   * @param thetaBar layout of θ, accumulated (+=)
   */
  double backward(double[] theta, double[] fBar, double[] fDotBar, double[] zBar, double[] thetaBar,
                  Workspace ws);
}
