package org.odespark.ode;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * The implicit stages of a diagonally implicit Runge–Kutta step: Newton's method on
 * <pre>
 *   G(Y) = Y − B − hγ f(t + cᵢh, Y) = 0,     B = y + h Σ_{j&lt;i} aᵢⱼ kⱼ,     then kᵢ = (Y − B)/(hγ)
 * </pre>
 * (Hairer &amp; Wanner, Solving ODEs II, §IV.8). Small systems (n ≤ {@code denseLimit}) use simplified Newton
 * with one Jacobian per step attempt, J = ∂f/∂y(t, y), built column by column from the field's JVP (or forward
 * differences of f when it has none), and one LU of I − hγJ (LAPACK dgetrf) reused by every stage and
 * iteration. Larger systems are matrix-free: Newton–Krylov with restarted GMRES (Saad &amp; Schultz 1986) on
 * (I − hγ J(Y)) δ = −G(Y), J(Y)v from the JVP or a difference quotient (Knoll &amp; Keyes, JCP 193, 2004),
 * solved to a tenth of the Newton correction's size. The iteration stops when the correction, in the
 * tolerance-scaled norm and extrapolated by the contraction rate θ/(1 − θ), is below κ = 0.03; it fails
 * (the step is rejected and shrunk) when θ ≥ 0.9 or after {@value #MAX_ITERATIONS} iterations.
 *
 * <p>Scratch lives here, sized on first use; one instance per {@link SolverWorkspace}. Not thread-safe.
 */
final class NewtonStages {

  static final int MAX_ITERATIONS = 10;
  private static final double KAPPA = 0.03;
  private static final int KRYLOV_DIMENSION = 30;
  private static final double SQRT_EPS = Math.sqrt(Math.ulp(1.0));

  private int n;
  private double[] matrix = new double[0];
  private int[] pivots = new int[0];
  private final intW info = new intW(0);
  private double factoredScale = Double.NaN;
  private boolean jacobianValid;
  private double[] jacobian = new double[0];
  private double[] delta = new double[0];
  private double[] residual = new double[0];
  private double[] f = new double[0];
  private double[] probe = new double[0];
  private double[] probeOut = new double[0];
  private double[] basis = new double[0];
  private double[] hessenberg = new double[0];
  private double[] givensC = new double[0];
  private double[] givensS = new double[0];
  private double[] rhs = new double[0];
  /** Convergence rate carried between stage solves (Hairer's η). */
  private double eta = 1;

  void prepare(int dim, int denseLimit) {
    if (n != dim) {
      n = dim;
      delta = new double[n];
      residual = new double[n];
      f = new double[n];
      probe = new double[n];
      probeOut = new double[n];
      if (n <= denseLimit) {
        jacobian = new double[n * n];
        matrix = new double[n * n];
        pivots = new int[n];
      } else {
        basis = new double[(KRYLOV_DIMENSION + 1) * n];
        hessenberg = new double[(KRYLOV_DIMENSION + 1) * KRYLOV_DIMENSION];
        givensC = new double[KRYLOV_DIMENSION];
        givensS = new double[KRYLOV_DIMENSION];
        rhs = new double[KRYLOV_DIMENSION + 1];
      }
    }
  }

  /** A new step attempt: the dense Jacobian is recomputed at its start when first needed. */
  void beginStep() {
    jacobianValid = false;
    factoredScale = Double.NaN;
  }

  /**
   * Solves stage i for Y in place and writes kᵢ.
   *
   * @param base B, not modified (may not alias y)
   * @param y on entry the predictor, on return the stage value Y
   * @param k receives kᵢ
   * @param t0 the step's start time and y0 its start state (where the dense Jacobian is taken)
   * @return false when Newton's method did not converge
   */
  boolean solve(VectorField field, double t, double hg, double[] base, double[] y, double[] k, double t0,
                double[] y0, Tolerances tol, boolean dense, SolverWorkspace ws) {
    if (dense && !factor(field, t0, y0, hg, ws)) {
      return false;
    }
    double previous = Double.NaN;
    eta = Math.pow(Math.max(eta, Math.ulp(1.0)), 0.8);
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      field.evaluate(t, y, f);
      ws.nfe++;
      for (int m = 0; m < n; m++) {
        residual[m] = -(y[m] - base[m] - hg * f[m]);
      }
      if (dense) {
        System.arraycopy(residual, 0, delta, 0, n);
        LAPACK.getInstance().dgetrs("N", n, 1, matrix, n, pivots, delta, n, info);
      } else if (!gmres(field, t, hg, y, ws)) {
        return false;
      }
      double norm = tol.rmsScaled(delta, y, n);
      if (!(norm < Double.POSITIVE_INFINITY)) {
        return false;
      }
      for (int m = 0; m < n; m++) {
        y[m] += delta[m];
      }
      if (it > 0) {
        double theta = norm / previous;
        if (theta >= 0.9) {
          return false;
        }
        eta = theta / (1 - theta);
      }
      previous = norm;
      if (eta * norm <= KAPPA || norm == 0) {
        for (int m = 0; m < n; m++) {
          k[m] = (y[m] - base[m]) / hg;
        }
        return true;
      }
    }
    return false;
  }

  /** LU of I − hγJ at the step start, J built once per step attempt. */
  private boolean factor(VectorField field, double t0, double[] y0, double hg, SolverWorkspace ws) {
    if (!jacobianValid) {
      boolean differences = !field.hasJvp();
      if (differences) {
        // f(t₀, y₀) afresh: the solver's k₀ of an implicit method is (Y − B)/(hγ) from the last stage, accurate
        // to the Newton tolerance over hγ, far too coarse for a difference quotient.
        field.evaluate(t0, y0, f);
        ws.nfe++;
      }
      for (int j = 0; j < n; j++) {
        if (field.hasJvp()) {
          java.util.Arrays.fill(probe, 0.0);
          probe[j] = 1;
          field.jvp(t0, y0, probe, probeOut);
          ws.jvps++;
        } else {
          System.arraycopy(y0, 0, probe, 0, n);
          double e = SQRT_EPS * Math.max(Math.abs(y0[j]), 1e-5);
          probe[j] += e;
          e = probe[j] - y0[j];
          field.evaluate(t0, probe, probeOut);
          ws.nfe++;
          for (int m = 0; m < n; m++) {
            probeOut[m] = (probeOut[m] - f[m]) / e;
          }
        }
        System.arraycopy(probeOut, 0, jacobian, j * n, n);
      }
      jacobianValid = true;
    }
    if (hg != factoredScale) {
      for (int q = 0; q < n * n; q++) {
        matrix[q] = -hg * jacobian[q];
      }
      for (int m = 0; m < n; m++) {
        matrix[m * n + m] += 1;
      }
      LAPACK.getInstance().dgetrf(n, n, matrix, n, pivots, info);
      if (info.val != 0) {
        factoredScale = Double.NaN;
        return false;
      }
      factoredScale = hg;
    }
    return true;
  }

  /** (I − hγ J(Y)) v, J(Y)v from the field's JVP or a forward difference around f = f(t, Y). */
  private void apply(VectorField field, double t, double hg, double[] y, double[] v, int vOff, double[] out,
                     int outOff, SolverWorkspace ws) {
    System.arraycopy(v, vOff, probe, 0, n);
    if (field.hasJvp()) {
      field.jvp(t, y, probe, probeOut);
      ws.jvps++;
    } else {
      double vNorm = 0;
      double yNorm = 0;
      for (int m = 0; m < n; m++) {
        vNorm += probe[m] * probe[m];
        yNorm += Math.abs(y[m]);
      }
      vNorm = Math.sqrt(vNorm);
      double e = vNorm == 0 ? 0 : SQRT_EPS * (1 + yNorm / n) / vNorm;
      for (int m = 0; m < n; m++) {
        probe[m] = y[m] + e * probe[m];
      }
      field.evaluate(t, probe, probeOut);
      ws.nfe++;
      for (int m = 0; m < n; m++) {
        probeOut[m] = e == 0 ? 0 : (probeOut[m] - f[m]) / e;
      }
    }
    for (int m = 0; m < n; m++) {
      out[outOff + m] = v[vOff + m] - hg * probeOut[m];
    }
  }

  /** GMRES(m) for (I − hγJ) δ = residual from δ = 0, to 1/10 of the residual's size; δ into {@code delta}. */
  private boolean gmres(VectorField field, double t, double hg, double[] y, SolverWorkspace ws) {
    int m = KRYLOV_DIMENSION;
    java.util.Arrays.fill(delta, 0.0);
    double beta0 = norm2(residual, 0);
    if (beta0 == 0) {
      return true;
    }
    double target = 0.1 * beta0;
    for (int restart = 0; restart < 3; restart++) {
      // r = residual − A δ
      apply(field, t, hg, y, delta, 0, basis, 0, ws);
      for (int q = 0; q < n; q++) {
        basis[q] = residual[q] - basis[q];
      }
      double beta = norm2(basis, 0);
      if (beta <= target) {
        return true;
      }
      for (int q = 0; q < n; q++) {
        basis[q] /= beta;
      }
      java.util.Arrays.fill(rhs, 0.0);
      rhs[0] = beta;
      int j = 0;
      for (; j < m; j++) {
        int next = (j + 1) * n;
        apply(field, t, hg, y, basis, j * n, basis, next, ws);
        // Modified Gram–Schmidt.
        for (int i = 0; i <= j; i++) {
          double h = 0;
          for (int q = 0; q < n; q++) {
            h += basis[next + q] * basis[i * n + q];
          }
          hessenberg[i * m + j] = h;
          for (int q = 0; q < n; q++) {
            basis[next + q] -= h * basis[i * n + q];
          }
        }
        double hn = norm2(basis, next);
        hessenberg[(j + 1) * m + j] = hn;
        for (int i = 0; i < j; i++) {
          double a = hessenberg[i * m + j];
          double b = hessenberg[(i + 1) * m + j];
          hessenberg[i * m + j] = givensC[i] * a + givensS[i] * b;
          hessenberg[(i + 1) * m + j] = -givensS[i] * a + givensC[i] * b;
        }
        double a = hessenberg[j * m + j];
        double r = Math.hypot(a, hn);
        givensC[j] = r == 0 ? 1 : a / r;
        givensS[j] = r == 0 ? 0 : hn / r;
        hessenberg[j * m + j] = r;
        hessenberg[(j + 1) * m + j] = 0;
        rhs[j + 1] = -givensS[j] * rhs[j];
        rhs[j] = givensC[j] * rhs[j];
        if (hn != 0) {
          for (int q = 0; q < n; q++) {
            basis[next + q] /= hn;
          }
        }
        if (Math.abs(rhs[j + 1]) <= target || hn == 0) {
          j++;
          break;
        }
      }
      // Back substitution for the coefficients, then δ += V c.
      for (int i = j - 1; i >= 0; i--) {
        double s = rhs[i];
        for (int l = i + 1; l < j; l++) {
          s -= hessenberg[i * m + l] * rhs[l];
        }
        rhs[i] = s / hessenberg[i * m + i];
      }
      for (int i = 0; i < j; i++) {
        double c = rhs[i];
        for (int q = 0; q < n; q++) {
          delta[q] += c * basis[i * n + q];
        }
      }
      if (!Double.isFinite(delta[0])) {
        return false;
      }
    }
    return true;
  }

  private double norm2(double[] v, int off) {
    double s = 0;
    for (int q = 0; q < n; q++) {
      s += v[off + q] * v[off + q];
    }
    return Math.sqrt(s);
  }
}
