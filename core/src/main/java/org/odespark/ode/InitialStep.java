package org.odespark.ode;

/**
 * Hairer's starting step (Hairer, Nørsett, Wanner, Solving ODEs I, 2nd ed., §II.4, "Starting step size";
 * the rule of DOPRI5, scipy and torchdiffeq): from d₀ = ‖y₀‖, d₁ = ‖f₀‖ in the tolerance-scaled RMS norm,
 * h₀ = 0.01 d₀/d₁ (10⁻⁶ when either is below 10⁻⁵), one explicit Euler step to estimate the second derivative
 * d₂ = ‖f(t₀ + h₀, y₀ + h₀f₀) − f₀‖ / h₀, and h = min(100 h₀, (0.01 / max(d₁, d₂))^(1/(q+1))), bounded by
 * the interval and {@code maxStep}. Costs one function evaluation; used by the adaptive controllers. The solver's
 * {@code firstStep}, when set, is taken instead.
 */
final class InitialStep {

  private InitialStep() {}

  static double hairer(OdeSolver solver, VectorField f, double t0, double[] y0, double[] f0, double tEnd,
                       SolverWorkspace ws) {
    double span = Math.abs(tEnd - t0);
    double limit = Math.min(span, solver.maxStep());
    if (!Double.isNaN(solver.firstStep())) {
      return solver.firstStep();
    }
    int n = ws.n;
    double dir = Math.signum(tEnd - t0);
    Tolerances tol = solver.tolerances();
    double d0 = tol.rmsScaled(y0, y0, n);
    double d1 = tol.rmsScaled(f0, y0, n);
    double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
    h0 = Math.min(h0, limit);
    double[] y1 = ws.yStage;
    double[] f1 = ws.k[1];
    for (int m = 0; m < n; m++) {
      y1[m] = y0[m] + dir * h0 * f0[m];
    }
    f.evaluate(t0 + dir * h0, y1, f1);
    ws.nfe++;
    for (int m = 0; m < n; m++) {
      ws.err[m] = f1[m] - f0[m];
    }
    double d2 = tol.rmsScaled(ws.err, y0, n) / h0;
    double dMax = Math.max(d1, d2);
    double h1 = !(dMax > 1e-15) ? Math.max(1e-6, h0 * 1e-3)
        : Math.pow(0.01 / dMax, 1.0 / (solver.method().errorOrder() + 1));
    if (Double.isNaN(d2)) {
      h1 = h0;
    }
    return Math.min(Math.min(100 * h0, h1), limit);
  }
}
