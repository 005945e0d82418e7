package org.odespark.ode;

/**
 * Initial value problems with closed-form solutions, the reference values of the solver tests (HP
 * TestProblem*, DX test_ode_order). Every exact solution is written from the mathematics, independent of
 * the solver.
 */
final class TestProblems {

  private TestProblems() {}

  /** A problem: its vector field, the initial state at t0 and the exact solution y(t). */
  abstract static class Problem implements VectorField {
    final String name;
    final double t0;
    final double t1;

    Problem(String name, double t0, double t1) {
      this.name = name;
      this.t0 = t0;
      this.t1 = t1;
    }

    abstract void exact(double t, double[] out);

    double[] exactAt(double t) {
      double[] y = new double[dimension()];
      exact(t, y);
      return y;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** x' = 2xt, x(0) = 3: x(t) = 3 exp(t²), so x(1) = 3e. */
  static Problem gaussianGrowth() {
    return new Problem("x'=2xt", 0, 1) {
      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = 2 * y[0] * t;
      }

      @Override
      void exact(double t, double[] out) {
        out[0] = 3 * Math.exp(t * t);
      }
    };
  }

  /** y' = y² cos t, y(0) = 1/2: y(t) = 1 / (2 − sin t). Nonlinear and non-autonomous: every tree matters. */
  static Problem riccati() {
    return new Problem("y'=y^2 cos t", 0, 2) {
      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = y[0] * y[0] * Math.cos(t);
      }

      @Override
      void exact(double t, double[] out) {
        out[0] = 1.0 / (2.0 - Math.sin(t));
      }
    };
  }

  /** x'' = −ω²x as (x, v), x(0)=1, v(0)=0, ω = 2π (period 1), over {@code periods} periods. */
  static Problem harmonic(int periods) {
    double w = 2 * Math.PI;
    return new Problem("harmonic x" + periods, 0, periods) {
      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = y[1];
        dydt[1] = -w * w * y[0];
      }

      @Override
      void exact(double t, double[] out) {
        out[0] = Math.cos(w * t);
        out[1] = -w * Math.sin(w * t);
      }
    };
  }

  /** Logistic growth y' = r y (1 − y/K), r = 1.5, K = 10, y(0) = 0.1: y = K / (1 + (K/y₀ − 1) e^(−rt)). */
  static Problem logistic() {
    double r = 1.5;
    double k = 10;
    double y0 = 0.1;
    return new Problem("logistic", 0, 8) {
      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = r * y[0] * (1 - y[0] / k);
      }

      @Override
      void exact(double t, double[] out) {
        out[0] = k / (1 + (k / y0 - 1) * Math.exp(-r * t));
      }
    };
  }

  /**
   * y' = A y in 6 dimensions with A = Q B Qᵀ, Q a Householder reflection and B block-diagonal with 2×2
   * blocks [[aₖ, ωₖ], [−ωₖ, aₖ]]: exp(At) = Q exp(Bt) Qᵀ, each block e^(aₖt)[[cos ωₖt, sin ωₖt],
   * [−sin ωₖt, cos ωₖt]]. Decaying, oscillating and growing modes together.
   */
  static Problem linear() {
    double[] a = {-0.3, -0.05, 0.1};
    double[] w = {1.0, 2.5, 0.7};
    double[] v = {1, -2, 0.5, 3, -1, 2};
    double vv = 0;
    for (double x : v) {
      vv += x * x;
    }
    double[] q = new double[36];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        q[i * 6 + j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv;
      }
    }
    double[] matA = qBqT(q, blocks(a, w, 1.0, false));
    double[] y0 = {1, 0.5, -1, 2, 0, -0.5};
    return new Problem("linear 6x6", 0, 5) {
      @Override
      public int dimension() {
        return 6;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        for (int i = 0; i < 6; i++) {
          double s = 0;
          for (int j = 0; j < 6; j++) {
            s += matA[i * 6 + j] * y[j];
          }
          dydt[i] = s;
        }
      }

      @Override
      void exact(double t, double[] out) {
        double[] e = qBqT(q, blocks(a, w, t, true));
        for (int i = 0; i < 6; i++) {
          double s = 0;
          for (int j = 0; j < 6; j++) {
            s += e[i * 6 + j] * y0[j];
          }
          out[i] = s;
        }
      }
    };
  }

  /** B (exponential=false, t ignored) or exp(B t) (exponential=true), 6×6 row-major. */
  private static double[] blocks(double[] a, double[] w, double t, boolean exponential) {
    double[] b = new double[36];
    for (int k = 0; k < 3; k++) {
      int r = 2 * k;
      if (exponential) {
        double g = Math.exp(a[k] * t);
        double c = Math.cos(w[k] * t);
        double s = Math.sin(w[k] * t);
        b[r * 6 + r] = g * c;
        b[r * 6 + r + 1] = g * s;
        b[(r + 1) * 6 + r] = -g * s;
        b[(r + 1) * 6 + r + 1] = g * c;
      } else {
        b[r * 6 + r] = a[k];
        b[r * 6 + r + 1] = w[k];
        b[(r + 1) * 6 + r] = -w[k];
        b[(r + 1) * 6 + r + 1] = a[k];
      }
    }
    return b;
  }

  private static double[] qBqT(double[] q, double[] b) {
    double[] qb = new double[36];
    double[] out = new double[36];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        for (int k = 0; k < 6; k++) {
          qb[i * 6 + j] += q[i * 6 + k] * b[k * 6 + j];
        }
      }
    }
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        for (int k = 0; k < 6; k++) {
          out[i * 6 + j] += qb[i * 6 + k] * q[j * 6 + k];
        }
      }
    }
    return out;
  }

  /** y' = −10⁶ (y − cos t): stiff; an explicit method needs |h| ≲ 3·10⁻⁶ for stability. */
  static Problem stiff() {
    return new Problem("stiff", 0, 1) {
      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = -1e6 * (y[0] - Math.cos(t));
      }

      @Override
      void exact(double t, double[] out) {
        // The solution from y(0)=1 stays within 1e-6 of cos t; not used as a reference.
        out[0] = Math.cos(t);
      }
    };
  }

  /** Van der Pol oscillator x'' = μ(1 − x²)x' − x, μ = 1 (no closed form; used for step-sequence checks). */
  static VectorField vanDerPol(double mu) {
    return new VectorField() {
      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = y[1];
        dydt[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
      }
    };
  }

  /**
   * Kepler's two-body problem q'' = −q/|q|³ with eccentricity e, starting at pericentre q = (1 − e, 0),
   * p = (0, sqrt((1 + e)/(1 − e))); period 2π. Exact solution from Kepler's equation E − e sin E = t
   * (solved by Newton's method to round-off): q = (cos E − e, sqrt(1 − e²) sin E),
   * p = (−sin E, sqrt(1 − e²) cos E) / (1 − e cos E). Hairer, Nørsett, Wanner, Solving ODEs I, §II.10.
   */
  static Problem kepler(double e, double t1) {
    return new Problem("kepler e=" + e, 0, t1) {
      @Override
      public int dimension() {
        return 4;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        double r2 = y[0] * y[0] + y[1] * y[1];
        double r3 = r2 * Math.sqrt(r2);
        dydt[0] = y[2];
        dydt[1] = y[3];
        dydt[2] = -y[0] / r3;
        dydt[3] = -y[1] / r3;
      }

      @Override
      void exact(double t, double[] out) {
        double big = t;
        for (int it = 0; it < 100; it++) {
          double step = (big - e * Math.sin(big) - t) / (1 - e * Math.cos(big));
          big -= step;
          if (Math.abs(step) < 1e-16 * Math.max(1, Math.abs(big))) {
            break;
          }
        }
        double root = Math.sqrt(1 - e * e);
        double denom = 1 - e * Math.cos(big);
        out[0] = Math.cos(big) - e;
        out[1] = root * Math.sin(big);
        out[2] = -Math.sin(big) / denom;
        out[3] = root * Math.cos(big) / denom;
      }
    };
  }

  /**
   * Largest scaled global error over the grid: max over times and components of
   * |y − y_exact| / (atol + rtol·|y_exact|).
   */
  static double scaledError(Problem p, Trajectory tr, double rtol, double atol) {
    double worst = 0;
    double[] ex = new double[p.dimension()];
    for (int i = 0; i < tr.size(); i++) {
      p.exact(tr.time(i), ex);
      for (int j = 0; j < ex.length; j++) {
        worst = Math.max(worst, Math.abs(tr.value(i, j) - ex[j]) / (atol + rtol * Math.abs(ex[j])));
      }
    }
    return worst;
  }

  /** Largest absolute error at the final time. */
  static double finalError(Problem p, double[] y, double t) {
    double[] ex = p.exactAt(t);
    double worst = 0;
    for (int j = 0; j < ex.length; j++) {
      worst = Math.max(worst, Math.abs(y[j] - ex[j]));
    }
    return worst;
  }

  /** Least-squares slope of log(err) against log(h). */
  static double slope(double[] h, double[] err) {
    int n = h.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += Math.log(h[i]) / n;
      my += Math.log(err[i]) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      double dx = Math.log(h[i]) - mx;
      sxy += dx * (Math.log(err[i]) - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }
}
