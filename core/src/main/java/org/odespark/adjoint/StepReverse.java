package org.odespark.adjoint;

import org.odespark.ode.tableau.ButcherTableau;

/**
 * One explicit Runge–Kutta step of a tableau, forward and in reverse mode, for the gradient methods that
 * differentiate the discrete solve (backprop and the checkpointed adjoint):
 * <pre>
 *   y₁ = y₀ + h Σᵢ bᵢ kᵢ,   kᵢ = f(t + cᵢh, Yᵢ),   Yᵢ = y₀ + h Σⱼ aᵢⱼ kⱼ
 *   k̄ᵢ = h bᵢ ȳ₁ + h Σₗ aₗᵢ Ȳₗ,   Ȳᵢ = k̄ᵢᵀ ∂f/∂y (Yᵢ),   ȳ₀ = ȳ₁ + Σᵢ Ȳᵢ,   θ̄ += Σᵢ k̄ᵢᵀ ∂f/∂θ (Yᵢ)
 * </pre>
 * The step size is a constant (the derivative of the discrete map actually computed). Stages that do not
 * reach y₁ (FSAL's last one) are skipped. Immutable; scratch comes from the {@link GradientWorkspace}.
 */
final class StepReverse {

  private final int stages;
  private final double[] c;
  private final double[] b;
  private final double[][] a;
  /** Whether stage i influences y₁ at all. */
  private final boolean[] needed;
  private final int lastNeeded;

  StepReverse(ButcherTableau tableau) {
    if (tableau.isImplicit()) {
      throw new IllegalArgumentException("backpropagation through the steps of " + tableau.name() + " (implicit"
          + " stages) is not supported: use the adjoint (AdjointSolver), which accepts implicit methods");
    }
    this.stages = tableau.stages();
    this.c = tableau.c();
    this.b = tableau.b();
    this.a = new double[stages][stages];
    for (int i = 0; i < stages; i++) {
      for (int j = 0; j < i; j++) {
        a[i][j] = tableau.a(i, j);
      }
    }
    this.needed = new boolean[stages];
    int last = -1;
    for (int i = stages - 1; i >= 0; i--) {
      needed[i] = b[i] != 0;
      for (int l = i + 1; l < stages && !needed[i]; l++) {
        needed[i] = needed[l] && a[l][i] != 0;
      }
      if (needed[i] && last < 0) {
        last = i;
      }
    }
    this.lastNeeded = last;
  }

  /** Makes room in ws for the stages of dimension n. */
  void prepare(GradientWorkspace ws, int n) {
    if (ws.stageInputs.length < stages || ws.stageInputs[0].length != n) {
      ws.stageInputs = new double[stages][n];
      ws.stageDerivatives = new double[stages][n];
      ws.stageBars = new double[stages][n];
    }
    ws.f = GradientWorkspace.exactly(ws.f, n);
  }

  /**
   * The stage inputs Yᵢ of the step from (t, y₀) into ws.stageInputs and the derivatives kᵢ of all stages
   * before {@code upTo} into ws.stageDerivatives (increments summed before they are added to y₀).
   *
   * @return the function evaluations spent
   */
  private int stages(DifferentiableVectorField f, double t, double h, double[] y0, int y0Offset, int upTo,
                     int evaluateBelow, GradientWorkspace ws) {
    int n = f.dimension();
    double[][] in = ws.stageInputs;
    double[][] kk = ws.stageDerivatives;
    int evaluations = 0;
    for (int i = 0; i <= upTo; i++) {
      double[] yi = in[i];
      if (i == 0) {
        System.arraycopy(y0, y0Offset, yi, 0, n);
      } else {
        java.util.Arrays.fill(yi, 0, n, 0.0);
        for (int j = 0; j < i; j++) {
          double coef = h * a[i][j];
          if (coef != 0) {
            double[] kj = kk[j];
            for (int m = 0; m < n; m++) {
              yi[m] += coef * kj[m];
            }
          }
        }
        for (int m = 0; m < n; m++) {
          yi[m] = y0[y0Offset + m] + yi[m];
        }
      }
      if (i < evaluateBelow) {
        f.evaluate(t + c[i] * h, yi, kk[i]);
        evaluations++;
      }
    }
    return evaluations;
  }

  /**
   * y₁ of the step of size h from (t, y₀) into {@code y1} (may alias y0 only when the offsets match).
   *
   * @return the function evaluations spent
   */
  int advance(DifferentiableVectorField f, double t, double h, double[] y0, int y0Offset, double[] y1,
              int y1Offset, GradientWorkspace ws) {
    int n = f.dimension();
    int evaluations = stages(f, t, h, y0, y0Offset, lastNeeded, lastNeeded + 1, ws);
    double[] d = ws.f;
    java.util.Arrays.fill(d, 0, n, 0.0);
    for (int i = 0; i <= lastNeeded; i++) {
      double coef = h * b[i];
      if (coef != 0) {
        double[] ki = ws.stageDerivatives[i];
        for (int m = 0; m < n; m++) {
          d[m] += coef * ki[m];
        }
      }
    }
    for (int m = 0; m < n; m++) {
      y1[y1Offset + m] = y0[y0Offset + m] + d[m];
    }
    return evaluations;
  }

  /**
   * Replaces {@code bar} (ȳ at the end of the step from (t, y₀) of size h) by ȳ at its start and adds the
   * step's θ̄.
   *
   * @return the function evaluations spent (stage recomputation and vector-Jacobian products)
   */
  int vjp(DifferentiableVectorField f, double t, double h, double[] y0, int y0Offset, double[] bar,
          double[] thetaBar, GradientWorkspace ws) {
    int n = f.dimension();
    double[][] in = ws.stageInputs;
    double[][] kBar = ws.stageBars;
    // The last needed stage's derivative value is not used by any later stage: its input suffices.
    int evaluations = stages(f, t, h, y0, y0Offset, lastNeeded, lastNeeded, ws);
    for (int i = 0; i <= lastNeeded; i++) {
      double coef = h * b[i];
      for (int m = 0; m < n; m++) {
        kBar[i][m] = coef * bar[m];
      }
    }
    double[] stageBar = ws.f;
    for (int i = lastNeeded; i >= 0; i--) {
      if (!needed[i]) {
        continue;
      }
      f.vjp(t + c[i] * h, in[i], kBar[i], null, stageBar, thetaBar);
      evaluations++;
      for (int m = 0; m < n; m++) {
        bar[m] += stageBar[m];
      }
      for (int j = 0; j < i; j++) {
        double coef = h * a[i][j];
        if (coef != 0) {
          for (int m = 0; m < n; m++) {
            kBar[j][m] += coef * stageBar[m];
          }
        }
      }
    }
    return evaluations;
  }
}
