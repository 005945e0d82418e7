package org.odespark.bench;

import java.util.Locale;
import org.odespark.linalg.Blas;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.SolverWorkspace;
import org.odespark.ode.TimeGrid;
import org.odespark.ode.VectorField;

/**
 * Prints the step counts of the {@link SolverBenchmark} problems (they do not depend on timing), so the
 * benchmark's µs per solve can be turned into ns per function evaluation and bytes per step.
 * Run: {@code java -cp core/target/benchmarks.jar org.odespark.bench.SolverFigures}.
 */
public final class SolverFigures {

  private SolverFigures() {}

  public static void main(String[] args) {
    System.out.println(Blas.describe());
    System.out.println("| problem | n | NFE | accepted | rejected |");
    System.out.println("|---|---|---|---|---|");
    for (SolverBenchmark.Problem p : SolverBenchmark.Problem.values()) {
      VectorField f = SolverBenchmark.field(p);
      double[] y0 = SolverBenchmark.initial(p);
      TimeGrid grid = SolverBenchmark.grid(p);
      SolveStats s = OdeSolver.builder("dopri5").tolerances(1e-6, 1e-6).build()
          .solve(f, grid, y0, new double[2 * f.dimension()], new SolverWorkspace(), null);
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", p, f.dimension(), s.functionEvaluations(),
          s.acceptedSteps(), s.rejectedSteps());
    }
  }
}
