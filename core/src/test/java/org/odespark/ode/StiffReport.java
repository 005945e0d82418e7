package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kvaerno5 against dopri5 on the stiff problems of {@link StiffProblems}: Robertson's kinetics to t = 40 and
 * 10⁵, Van der Pol at μ = 1000 to t = 3000, at rtol 1e-6 (atol 1e-10 for Robertson, 1e-6 for Van der Pol). NFE,
 * JVPs, steps, the median wall time of three solves and the largest error against scipy's Radau end states in
 * units of atol + rtol·|y|. Writes {@code core/target/reports/stiff.md}; runs only on request:
 * {@code mvn -pl core test -Dtest=StiffReport -Dtest.excludedGroups=}.
 */
@Tag("report")
class StiffReport {

  @Test
  void writeReport() throws IOException {
    StringBuilder md = new StringBuilder("| problem | method | NFE | JVPs | steps (rejected) | ms per solve | error / tol |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (Object[] c : new Object[][] {{"robertson", 40.0, 1e-10}, {"robertson", 1e5, 1e-10},
        {"vanderpol1000", 3000.0, 1e-6}}) {
      String name = (String) c[0];
      double tEnd = (Double) c[1];
      double atol = (Double) c[2];
      double rtol = 1e-6;
      boolean robertson = name.equals("robertson");
      VectorField f = robertson ? StiffProblems.robertson(true) : StiffProblems.vanDerPol(1000, true);
      double[] y0 = robertson ? new double[] {1, 0, 0} : new double[] {2, 0};
      double[] expected = StiffProblems.reference(name, tEnd);
      for (String method : new String[] {"kvaerno5", "dopri5"}) {
        OdeSolver s = OdeSolver.builder(method).tolerances(rtol, atol).maxSteps(50_000_000).build();
        double[] times = new double[3];
        SolveStats st = null;
        double[] y = y0.clone();
        String failure = null;
        int runs = 0;
        while (runs < times.length && failure == null) {
          y = y0.clone();
          long t0 = System.nanoTime();
          try {
            st = s.integrate(f, 0, tEnd, y, new SolverWorkspace(), null);
          } catch (SolverException e) {
            failure = e.status() + " after " + e.functionEvaluations() + " evaluations";
          }
          times[runs++] = (System.nanoTime() - t0) / 1e6;
        }
        // The implicit method is the point of the report: it must finish every stiff case (dopri5 may give up).
        if (method.equals("kvaerno5")) {
          assertNull(failure, name + " to t = " + tEnd + ": kvaerno5 failed");
        }
        Arrays.sort(times, 0, runs);
        String row = failure != null
            ? String.format(Locale.ROOT, "| %s t=%g | %s | %s | – | – | %.0f | – |%n", name, tEnd, method, failure,
                times[0])
            : String.format(Locale.ROOT, "| %s t=%g | %s | %d | %d | %d (%d) | %.1f | %.2f |%n", name, tEnd, method,
                st.functionEvaluations(), st.jacobianProducts(), st.acceptedSteps(), st.rejectedSteps(),
                times[runs / 2], StiffProblems.scaledError(y, expected, rtol, atol));
        md.append(row);
      }
    }
    Path out = Path.of("target", "reports");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stiff.md"), md);
    System.out.print(md);
  }
}
