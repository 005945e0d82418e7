package org.odespark.ode;

import org.odespark.ode.tableau.ButcherTableau;
import org.odespark.ode.tableau.Interpolant;

/**
 * The only stepping code in odespark: explicit Runge–Kutta steps of any {@link ButcherTableau}, driven by a
 * {@link StepController}, with output at given times through the tableau's {@link Interpolant}.
 *
 * <p>One step from (t, y) with k₀ = f(t, y) known: stages kᵢ = f(t + cᵢh, y + h Σⱼ aᵢⱼkⱼ), y₁ = y + h Σ bᵢkᵢ,
 * error estimate h Σ eᵢkᵢ. The coefficient lists skip zeros and the linear combinations are fused two
 * terms per pass; increments are summed on their own scale and added to y once (for the stages, y₁ and the
 * dense output alike). FSAL methods compute the last stage directly at y₁ and hand it to the next step; for other
 * methods the next step's k₀ is computed at its start, or taken from the end derivative if dense output
 * already needed it. Nothing is allocated per step.
 *
 * <p>Immutable and thread-safe; all mutable state lives in the {@link SolverWorkspace}.
 */
final class RungeKuttaEngine {

  /** After this many consecutive trial steps with non-finite values, the solve stops. */
  private static final int MAX_NON_FINITE_RETRIES = 12;

  private final ButcherTableau tableau;
  private final String name;
  private final int stages;
  private final int logicalStages;
  private final boolean fsal;
  private final double[] c;
  private final boolean implicit;
  /** aᵢᵢ: nonzero for the implicit stages, solved by {@link NewtonStages}. */
  private final double[] diagonal;
  private final int[][] aIndex;
  private final double[][] aValue;
  private final int[] bIndex;
  private final double[] bValue;
  private final int[] eIndex;
  private final double[] eValue;
  private final int[] e2Index;
  private final double[] e2Value;
  private final Interpolant interpolant;
  private final boolean computesEndDerivative;
  private final int[] weightedStages;
  private final double[] extraC;
  private final int[][] extraIndex;
  private final double[][] extraValue;

  RungeKuttaEngine(ButcherTableau tableau) {
    this.tableau = tableau;
    this.name = tableau.name();
    this.stages = tableau.stages();
    this.interpolant = tableau.interpolant();
    this.logicalStages = interpolant.logicalStages();
    this.fsal = tableau.fsal();
    this.c = tableau.c();
    this.implicit = tableau.isImplicit();
    this.diagonal = new double[stages];
    for (int i = 0; i < stages; i++) {
      diagonal[i] = tableau.diagonal(i);
    }
    this.aIndex = new int[stages][];
    this.aValue = new double[stages][];
    for (int i = 0; i < stages; i++) {
      double[] row = new double[i];
      for (int j = 0; j < i; j++) {
        row[j] = tableau.a(i, j);
      }
      aIndex[i] = nonZero(row);
      aValue[i] = values(row, aIndex[i]);
    }
    double[] b = tableau.b();
    this.bIndex = nonZero(b);
    this.bValue = values(b, bIndex);
    double[] e = tableau.errorWeights();
    this.eIndex = e == null ? null : nonZero(e);
    this.eValue = e == null ? null : values(e, eIndex);
    double[] e2 = tableau.secondaryErrorWeights();
    this.e2Index = e2 == null ? null : nonZero(e2);
    this.e2Value = e2 == null ? null : values(e2, e2Index);
    this.computesEndDerivative = !fsal && interpolant.usesEndDerivative();
    double[] rowNorm = new double[logicalStages];
    for (int i = 0; i < logicalStages; i++) {
      for (int p = 1; p <= interpolant.degree(); p++) {
        rowNorm[i] += Math.abs(interpolant.coefficient(i, p));
      }
    }
    this.weightedStages = nonZero(rowNorm);
    int extras = interpolant.extraStages();
    this.extraC = new double[extras];
    this.extraIndex = new int[extras][];
    this.extraValue = new double[extras][];
    for (int x = 0; x < extras; x++) {
      extraC[x] = interpolant.extraC(x);
      double[] row = new double[logicalStages];
      for (int j = 0; j < logicalStages; j++) {
        row[j] = interpolant.extraA(x, j);
      }
      extraIndex[x] = nonZero(row);
      extraValue[x] = values(row, extraIndex[x]);
    }
  }

  private static int[] nonZero(double[] v) {
    int count = 0;
    for (double x : v) {
      if (x != 0.0) {
        count++;
      }
    }
    int[] idx = new int[count];
    for (int i = 0, j = 0; i < v.length; i++) {
      if (v[i] != 0.0) {
        idx[j++] = i;
      }
    }
    return idx;
  }

  private static double[] values(double[] v, int[] idx) {
    double[] out = new double[idx.length];
    for (int j = 0; j < idx.length; j++) {
      out[j] = v[idx[j]];
    }
    return out;
  }

  ButcherTableau tableau() {
    return tableau;
  }

  int logicalStages() {
    return logicalStages;
  }

  /**
   * Integrates from {@code times[0]} to {@code times[last]}, writing the state at every time into
   * {@code out} (row i at offset i·n) when out is non-null.
   *
   * @param y0 initial state, length n, not modified
   * @param yEnd receives the final state when non-null (may alias y0)
   */
  SolveStats run(OdeSolver solver, VectorField f, double[] times, double[] y0, double[] out, double[] yEnd,
                 SolverWorkspace ws, StepObserver observer) {
    int n = ws.n;
    double t = times[0];
    double tEnd = times[times.length - 1];
    double dir = Math.signum(tEnd - t);
    StepController controller = solver.controller();
    boolean adaptive = controller.isAdaptive();
    // Hairer's rule: an adaptive step may stretch by up to 1% rather than leave a sliver of a last step; a
    // fixed grid only absorbs a round-off remainder.
    double stretch = adaptive ? 1.01 : 1 + 1e-9;
    boolean compensated = solver.compensated();
    ws.compensated = compensated;
    if (compensated) {
      ws.prepareCompensation();
    }

    System.arraycopy(y0, 0, ws.y, 0, n);
    checkFinite(ws.y, n, t, 0, ws, "initial state");
    if (out != null) {
      System.arraycopy(y0, 0, out, 0, n);
    }
    int nextOut = 1;
    ws.field = f;
    ws.engine = this;
    if (observer != null) {
      observer.begin(t, y0, tEnd);
    }

    f.evaluate(t, ws.y, ws.k[0]);
    ws.nfe++;
    checkFinite(ws.k[0], n, t, 0, ws, "derivative at the initial state");

    double hAbs = controller.initialStep(solver, f, t, ws.y, ws.k[0], tEnd, ws);
    long attempts = 0;
    int nonFiniteStreak = 0;
    // The last rejected trial step's non-finite value, if the last rejection was for one: when the solve
    // then fails for lack of steps, that value is the cause to report.
    SolverException lastNonFinite = null;
    boolean k0Valid = true;

    while (t != tEnd) {
      if (attempts >= solver.maxSteps()) {
        throwCause(lastNonFinite);
        throw new SolverException(SolveStatus.MAX_STEPS_EXCEEDED, name, t, hAbs * dir, ws.nfe, -1,
            "maxSteps=" + solver.maxSteps() + " step attempts did not reach t=" + tEnd + " (" + ws.accepted
                + " accepted, " + ws.rejected + " rejected); the problem may be stiff or the tolerance too tight");
      }
      if (!k0Valid) {
        f.evaluate(t, ws.y, ws.k[0]);
        ws.nfe++;
        checkFinite(ws.k[0], n, t, hAbs * dir, ws, "derivative at an accepted state");
        k0Valid = true;
      }
      if (adaptive) {
        hAbs = Math.min(hAbs, solver.maxStep());
      }
      double tNext;
      if (dir * (t + stretch * hAbs * dir - tEnd) >= 0) {
        tNext = tEnd;
      } else {
        // A fixed grid's times are t₀ + k·h, not a running sum of steps.
        tNext = adaptive ? t + hAbs * dir : times[0] + (ws.accepted + 1) * hAbs * dir;
        // Hairer's criterion: below ten ulps of t, rounding of t + h makes the step meaningless.
        if (adaptive && (hAbs < solver.minStep() || hAbs <= 10 * Math.ulp(t))) {
          throwCause(lastNonFinite);
          throw new SolverException(SolveStatus.STEP_SIZE_UNDERFLOW, name, t, hAbs * dir, ws.nfe, -1,
              "step size fell below " + (hAbs < solver.minStep() ? "minStep=" + solver.minStep()
                  : "the resolution of t") + " (" + ws.accepted + " accepted, " + ws.rejected
                  + " rejected steps); the solution may blow up or be stiff near here");
        }
      }
      double h = tNext - t;
      attempts++;
      boolean solved = step(f, t, h, ws, compensated, solver.tolerances(), solver.denseLimit());

      if (adaptive) {
        // A Newton iteration that did not converge rejects the step like an infinite error (shrink by minFactor).
        double err = solved ? errorRatio(solver.tolerances(), h, ws) : Double.POSITIVE_INFINITY;
        hAbs = controller.next(Math.abs(h), err, ws);
        if (!(err <= 1.0)) {
          ws.rejected++;
          if (Double.isNaN(err)) {
            lastNonFinite = nonFinite(t, h, ws);
            if (++nonFiniteStreak > MAX_NON_FINITE_RETRIES) {
              throw lastNonFinite;
            }
          } else {
            nonFiniteStreak = 0;
            lastNonFinite = null;
          }
          continue;
        }
        nonFiniteStreak = 0;
      } else {
        if (!solved) {
          throw new SolverException(SolveStatus.NEWTON_FAILURE, name, t, h, ws.nfe, -1, "the Newton iteration of an"
              + " implicit stage did not converge in " + NewtonStages.MAX_ITERATIONS + " iterations; use an adaptive"
              + " controller or a smaller fixed step");
        }
        if (!isFinite(ws.yNew, n)) {
          throw nonFinite(t, h, ws);
        }
        hAbs = controller.next(Math.abs(h), 0, ws);
      }
      ws.accepted++;

      ws.stepStart = t;
      ws.stepEnd = tNext;
      ws.stepSize = h;
      ws.endDerivativeReady = fsal;
      ws.extraStagesReady = interpolant.extraStages() == 0;
      if (out != null) {
        while (nextOut < times.length && dir * (times[nextOut] - tNext) <= 0) {
          if (times[nextOut] == tNext) {
            System.arraycopy(ws.yNew, 0, out, nextOut * n, n);
          } else {
            interpolate(ws, (times[nextOut] - t) / h, out, nextOut * n);
          }
          nextOut++;
        }
      }
      if (observer != null) {
        observer.onStep(ws.view);
      }

      double[] swap = ws.y;
      ws.y = ws.yNew;
      ws.yNew = swap;
      if (compensated) {
        swap = ws.compensation;
        ws.compensation = ws.compensationNew;
        ws.compensationNew = swap;
      }
      t = tNext;
      if (fsal) {
        swapStages(ws, 0, stages - 1);
      } else if (computesEndDerivative && ws.endDerivativeReady) {
        swapStages(ws, 0, stages);
      } else {
        k0Valid = false;
      }
    }
    if (yEnd != null) {
      System.arraycopy(ws.y, 0, yEnd, 0, n);
    }
    SolveStats stats = ws.stats();
    if (observer != null) {
      observer.end(stats);
    }
    ws.field = null;
    return stats;
  }

  private static void swapStages(SolverWorkspace ws, int i, int j) {
    double[] tmp = ws.k[i];
    ws.k[i] = ws.k[j];
    ws.k[j] = tmp;
  }

  /**
   * Stages 1..s−1 and y₁ into ws.yNew, from ws.y and ws.k[0] = f(t, y). With {@code compensated}, y₁ is the
   * Kahan sum y + (d − c) of the increment d = h Σ bᵢkᵢ and the carried compensation c of y (Kahan, "Further
   * remarks on reducing truncation errors", CACM 8(1), 1965), and y₁'s compensation goes to
   * ws.compensationNew. Implicit stages (aᵢᵢ ≠ 0) are solved by Newton's method from the predictor
   * B + h aᵢᵢ kᵢ₋₁.
   *
   * @return false when an implicit stage's Newton iteration failed (the step must be rejected)
   */
  boolean step(VectorField f, double t, double h, SolverWorkspace ws, boolean compensated, Tolerances tol,
               int denseLimit) {
    int n = ws.n;
    if (implicit) {
      if (ws.newton == null) {
        // Created on first use: explicit solves never load LAPACK.
        ws.newton = new NewtonStages();
      }
      ws.newton.prepare(n, denseLimit);
      ws.newton.beginStep();
    }
    for (int i = 1; i < stages; i++) {
      boolean last = fsal && i == stages - 1;
      double[] target = last ? ws.yNew : ws.yStage;
      if (diagonal[i] != 0) {
        double hg = h * diagonal[i];
        combine(ws.y, h, aIndex[i], aValue[i], ws.k, n, ws.stageBase);
        double[] previous = ws.k[i - 1];
        for (int m = 0; m < n; m++) {
          target[m] = ws.stageBase[m] + hg * previous[m];
        }
        if (!ws.newton.solve(f, t + c[i] * h, hg, ws.stageBase, target, ws.k[i], t, ws.y, tol, n <= denseLimit,
            ws)) {
          return false;
        }
        continue;
      }
      if (last && compensated) {
        compensatedEnd(h, aIndex[i], aValue[i], ws);
      } else {
        combine(ws.y, h, aIndex[i], aValue[i], ws.k, n, target);
      }
      f.evaluate(t + c[i] * h, target, ws.k[i]);
      ws.nfe++;
    }
    if (!fsal) {
      if (compensated) {
        compensatedEnd(h, bIndex, bValue, ws);
      } else {
        combine(ws.y, h, bIndex, bValue, ws.k, n, ws.yNew);
      }
    }
    return true;
  }

  private static void compensatedEnd(double h, int[] index, double[] value, SolverWorkspace ws) {
    int n = ws.n;
    double[] d = ws.increment;
    combine(null, h, index, value, ws.k, n, d);
    double[] y = ws.y;
    double[] y1 = ws.yNew;
    double[] comp = ws.compensation;
    double[] compNew = ws.compensationNew;
    for (int m = 0; m < n; m++) {
      double x = d[m] - comp[m];
      double s = y[m] + x;
      compNew[m] = (s - y[m]) - x;
      y1[m] = s;
    }
  }

  /**
   * The tolerance-scaled norm of this step's error estimate (≤ 1 accepts); NaN when the estimate or y₁
   * holds non-finite values. With two estimates (DOP853) Hairer's combination ‖E₅‖²/sqrt(‖E₅‖² + 0.01‖E₃‖²).
   */
  double errorRatio(Tolerances tol, double h, SolverWorkspace ws) {
    int n = ws.n;
    combine(null, h, eIndex, eValue, ws.k, n, ws.err);
    double r5 = tol.ratio(ws.err, ws.y, ws.yNew, n);
    if (e2Index == null) {
      return r5;
    }
    combine(null, h, e2Index, e2Value, ws.k, n, ws.err2);
    double r3 = tol.ratio(ws.err2, ws.y, ws.yNew, n);
    double denominator = r5 * r5 + 0.01 * r3 * r3;
    if (denominator <= 0) {
      return r5 == 0 ? 0 : Double.NaN;
    }
    return r5 * r5 / Math.sqrt(denominator);
  }

  /** The continuous extension of the current step at θ into out[offset..offset+n). */
  void interpolate(SolverWorkspace ws, double theta, double[] out, int offset) {
    int n = ws.n;
    prepareDenseStages(ws);
    for (int p = 0; p < weightedStages.length; p++) {
      ws.weights[p] = interpolant.weight(weightedStages[p], theta);
    }
    if (ws.compensated) {
      combine(null, ws.stepSize, weightedStages, ws.weights, ws.k, n, out, offset);
      for (int m = 0; m < n; m++) {
        out[offset + m] = ws.y[m] + (out[offset + m] - ws.compensation[m]);
      }
    } else {
      combine(ws.y, ws.stepSize, weightedStages, ws.weights, ws.k, n, out, offset);
    }
  }

  /** Computes, once per step, the end derivative and the extra stages the interpolant needs. */
  private void prepareDenseStages(SolverWorkspace ws) {
    if (!ws.endDerivativeReady && computesEndDerivative) {
      ws.field.evaluate(ws.stepEnd, ws.yNew, ws.k[stages]);
      ws.nfe++;
      ws.endDerivativeReady = true;
    }
    if (!ws.extraStagesReady) {
      for (int x = 0; x < extraC.length; x++) {
        combine(ws.y, ws.stepSize, extraIndex[x], extraValue[x], ws.k, ws.n, ws.yStage);
        ws.field.evaluate(ws.stepStart + extraC[x] * ws.stepSize, ws.yStage, ws.k[stages + 1 + x]);
        ws.nfe++;
      }
      ws.extraStagesReady = true;
    }
  }

  /** {@code combine} into out[0..n). */
  static void combine(double[] base, double h, int[] index, double[] value, double[][] k, int n, double[] out) {
    combine(base, h, index, value, k, n, out, 0);
  }

  /**
   * out[off + m] = base[m] + (Σⱼ h·valueⱼ k[indexⱼ][m]) for m &lt; n (base null means 0). The increment is summed
   * on its own scale, two terms per pass over the vectors, and added to the base once at the end: partial
   * sums rounded at y's scale would lose the increment's low bits at every term.
   */
  static void combine(double[] base, double h, int[] index, double[] value, double[][] k, int n, double[] out,
                      int off) {
    int terms = index.length;
    if (terms == 0) {
      for (int m = 0; m < n; m++) {
        out[off + m] = base == null ? 0.0 : base[m];
      }
      return;
    }
    // The first pass takes one term (odd count) or two; every later pass two. The last pass adds the base.
    int p = (terms & 1) == 1 ? 1 : 2;
    double c0 = h * value[0];
    double[] k0 = k[index[0]];
    if (p == 1) {
      if (base == null || terms > 1) {
        for (int m = 0; m < n; m++) {
          out[off + m] = c0 * k0[m];
        }
      } else {
        for (int m = 0; m < n; m++) {
          out[off + m] = base[m] + c0 * k0[m];
        }
      }
    } else {
      double c1 = h * value[1];
      double[] k1 = k[index[1]];
      if (base == null || terms > 2) {
        for (int m = 0; m < n; m++) {
          out[off + m] = c0 * k0[m] + c1 * k1[m];
        }
      } else {
        for (int m = 0; m < n; m++) {
          out[off + m] = base[m] + (c0 * k0[m] + c1 * k1[m]);
        }
      }
    }
    for (; p < terms; p += 2) {
      double a0 = h * value[p];
      double a1 = h * value[p + 1];
      double[] q0 = k[index[p]];
      double[] q1 = k[index[p + 1]];
      if (base == null || p + 2 < terms) {
        for (int m = 0; m < n; m++) {
          out[off + m] += a0 * q0[m] + a1 * q1[m];
        }
      } else {
        for (int m = 0; m < n; m++) {
          out[off + m] = base[m] + (out[off + m] + a0 * q0[m] + a1 * q1[m]);
        }
      }
    }
  }

  private static boolean isFinite(double[] v, int n) {
    double poison = 0;
    for (int m = 0; m < n; m++) {
      poison += 0.0 * v[m];
    }
    return poison == 0.0;
  }

  private void checkFinite(double[] v, int n, double t, double h, SolverWorkspace ws, String what) {
    if (!isFinite(v, n)) {
      int i = firstNonFinite(v, n);
      throw new SolverException(SolveStatus.NON_FINITE_STATE, name, t, h, ws.nfe, i,
          "the " + what + " has value " + v[i]);
    }
  }

  private static void throwCause(SolverException cause) {
    if (cause != null) {
      throw cause;
    }
  }

  /** Describes the first non-finite value among the trial step's stages and result (failure path only). */
  private SolverException nonFinite(double t, double h, SolverWorkspace ws) {
    int n = ws.n;
    for (int i = 0; i < stages; i++) {
      int j = firstNonFinite(ws.k[i], n);
      if (j >= 0) {
        return new SolverException(SolveStatus.NON_FINITE_STATE, name, t, h, ws.nfe, j,
            "the derivative at stage " + i + " (t=" + (t + c[i] * h) + ") is " + ws.k[i][j]
                + (ws.rejected > 0 ? "; shrinking the step did not avoid it" : ""));
      }
    }
    int j = Math.max(0, firstNonFinite(ws.yNew, n));
    return new SolverException(SolveStatus.NON_FINITE_STATE, name, t, h, ws.nfe, j,
        "the state at the end of the step is " + ws.yNew[j]
            + (ws.rejected > 0 ? "; shrinking the step did not avoid it" : ""));
  }

  private static int firstNonFinite(double[] v, int n) {
    for (int m = 0; m < n; m++) {
      if (!Double.isFinite(v[m])) {
        return m;
      }
    }
    return -1;
  }
}
