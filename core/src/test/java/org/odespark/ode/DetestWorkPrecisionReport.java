package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * Work-precision of every adaptive method under every step-size controller on the 25 DETEST problems: for
 * rtol = atol = 10⁻³ … 10⁻¹⁰, the NFE and the mixed end-state error against the scipy references. Writes
 * {@code core/target/reports/detest-work-precision.md} (the summary docs/benchmarks.md quotes) and
 * {@code detest-work-precision.csv} (every solve). Runs only on request:
 * {@code mvn -pl core test -Dtest=DetestWorkPrecisionReport -Dtest.excludedGroups=}.
 */
@Tag("report")
class DetestWorkPrecisionReport {

  static final double[] TOLERANCES = {1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
  static final double[] TARGETS = {1e-4, 1e-6, 1e-8};

  static Map<String, StepController> controllers() {
    Map<String, StepController> c = new LinkedHashMap<>();
    c.put("PI (Hairer)", PIController.defaults());
    c.put("I (torchdiffeq)", IController.torchdiffeq());
    c.put("I (scipy)", IController.scipy());
    c.put("PI (diffrax 0.4, 0.3)", PIDController.of(0.4, 0.3, 0));
    c.put("PID (H312)", PIDController.h312());
    return c;
  }

  /** NFE needed to reach {@code target}, interpolated in log–log between tolerances; NaN when never reached. */
  static double workFor(double target, long[] nfe, double[] err) {
    for (int i = 0; i < nfe.length; i++) {
      if (err[i] <= target) {
        if (i == 0) {
          return nfe[0];
        }
        double a = Math.log(err[i - 1]);
        double b = Math.log(err[i]);
        double w = b == a ? 1 : (Math.log(target) - a) / (b - a);
        return Math.exp(Math.log(nfe[i - 1]) + w * (Math.log(nfe[i]) - Math.log(nfe[i - 1])));
      }
    }
    return Double.NaN;
  }

  @Test
  void writeReport() throws IOException {
    Map<String, double[]> refs = Detest.references();
    List<Detest.Problem> problems = Detest.all();
    StringBuilder csv = new StringBuilder("method,controller,problem,tol,nfe,accepted,rejected,error\n");
    StringBuilder md = new StringBuilder();
    md.append("| method | controller | NFE over the suite at tol 1e-3 / 1e-6 / 1e-9 | rejected | geometric-mean NFE"
        + " to reach error 1e-4 / 1e-6 / 1e-8, relative to PI (Hairer) | problems where it is cheapest at 1e-6 |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (String method : RungeKuttaMethods.adaptiveNames()) {
      Map<String, double[][]> work = new LinkedHashMap<>();
      Map<String, long[]> totals = new LinkedHashMap<>();
      for (Map.Entry<String, StepController> c : controllers().entrySet()) {
        OdeSolver.Builder base = OdeSolver.builder(method).controller(c.getValue()).maxSteps(2_000_000);
        double[][] w = new double[problems.size()][TARGETS.length];
        long[] total = new long[4];
        for (int p = 0; p < problems.size(); p++) {
          Detest.Problem prob = problems.get(p);
          long[] nfe = new long[TOLERANCES.length];
          double[] err = new double[TOLERANCES.length];
          for (int t = 0; t < TOLERANCES.length; t++) {
            Trajectory tr = base.tolerances(TOLERANCES[t], TOLERANCES[t]).build()
                .solve(prob, TimeGrid.of(0, Detest.T_END), prob.initial());
            nfe[t] = tr.stats().functionEvaluations();
            err[t] = Detest.error(tr.finalState(), refs.get(prob.name));
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.0e,%d,%d,%d,%.3e%n", method, c.getKey(), prob.name,
                TOLERANCES[t], nfe[t], tr.stats().acceptedSteps(), tr.stats().rejectedSteps(), err[t]));
            if (TOLERANCES[t] == 1e-3) {
              total[0] += nfe[t];
            } else if (TOLERANCES[t] == 1e-6) {
              total[1] += nfe[t];
            } else if (TOLERANCES[t] == 1e-9) {
              total[2] += nfe[t];
            }
            total[3] += tr.stats().rejectedSteps();
          }
          for (int k = 0; k < TARGETS.length; k++) {
            w[p][k] = workFor(TARGETS[k], nfe, err);
          }
        }
        work.put(c.getKey(), w);
        totals.put(c.getKey(), total);
      }
      double[][] baseline = work.get("PI (Hairer)");
      for (String name : work.keySet()) {
        double[][] w = work.get(name);
        StringBuilder ratios = new StringBuilder();
        for (int k = 0; k < TARGETS.length; k++) {
          double logSum = 0;
          int count = 0;
          for (int p = 0; p < problems.size(); p++) {
            if (w[p][k] > 0 && baseline[p][k] > 0) {
              logSum += Math.log(w[p][k] / baseline[p][k]);
              count++;
            }
          }
          ratios.append(k == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.3f", Math.exp(logSum / count)));
        }
        int cheapest = 0;
        for (int p = 0; p < problems.size(); p++) {
          double mine = w[p][1];
          boolean best = mine > 0;
          for (double[][] other : work.values()) {
            best &= !(other[p][1] < mine);
          }
          cheapest += best ? 1 : 0;
        }
        long[] total = totals.get(name);
        md.append(String.format(Locale.ROOT, "| %s | %s | %d / %d / %d | %d | %s | %d |%n", method, name, total[0],
            total[1], total[2], total[3], ratios, cheapest));
      }
    }
    Path dir = Path.of("target/reports");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("detest-work-precision.md"), md.toString());
    Files.writeString(dir.resolve("detest-work-precision.csv"), csv.toString());
    assertTrue(md.length() > 1000);
  }
}
