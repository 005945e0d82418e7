package org.odespark.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * Writes the NFE and error table of the adaptive methods on the closed-form test problems at rtol = atol in
 * {1e-3, 1e-6, 1e-9} to {@code core/target/reports/solver-accuracy.md} (docs/benchmarks.md quotes it).
 * Runs only on request: {@code mvn -pl core test -Dtest=AccuracyReportTest -Dtest.excludedGroups=}.
 */
@Tag("report")
class AccuracyReportTest {

  @Test
  void writeReport() throws IOException {
    List<TestProblems.Problem> problems = List.of(TestProblems.linear(), TestProblems.gaussianGrowth(),
        TestProblems.harmonic(1), TestProblems.harmonic(20), TestProblems.logistic(),
        TestProblems.kepler(0.5, 2 * Math.PI));
    StringBuilder md = new StringBuilder();
    md.append("| problem | method | rtol=atol | NFE | accepted | rejected | max error / tol | final abs error |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (TestProblems.Problem p : problems) {
      for (String m : RungeKuttaMethods.adaptiveNames()) {
        for (double tol : new double[] {1e-3, 1e-6, 1e-9}) {
          OdeSolver s = OdeSolver.builder(m).tolerances(tol, tol).build();
          Trajectory tr = s.solve(p, TimeGrid.linspace(p.t0, p.t1, 41), p.exactAt(p.t0));
          SolveStats st = tr.stats();
          md.append(String.format(Locale.ROOT, "| %s | %s | %.0e | %d | %d | %d | %.2f | %.2e |%n", p, m, tol,
              st.functionEvaluations(), st.acceptedSteps(), st.rejectedSteps(),
              TestProblems.scaledError(p, tr, tol, tol), TestProblems.finalError(p, tr.finalState(), p.t1)));
        }
      }
    }
    Path out = Path.of("target/reports/solver-accuracy.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    assertTrue(Files.size(out) > 1000);
  }
}
