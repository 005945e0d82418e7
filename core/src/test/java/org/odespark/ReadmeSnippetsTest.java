package org.odespark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odespark.data.ToyDistributions;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.TimeGrid;
import org.odespark.ode.Trajectory;
import org.odespark.ode.VectorField;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.random.SeedSequence;

/**
 * The README's Java snippets, compiled and run here; {@link #readmeShowsExactlyTheseSnippets} keeps the
 * README's code blocks identical to the regions between the SNIPPET markers below.
 */
class ReadmeSnippetsTest {

  @Test
  void pendulumSnippetSolves() {
    // SNIPPET pendulum
    VectorField pendulum = new VectorField() {
      public int dimension() { return 2; }
      public void evaluate(double t, double[] y, double[] dydt) {   // θ' = ω, ω' = −b ω − c sin θ
        dydt[0] = y[1];
        dydt[1] = -0.25 * y[1] - 5 * Math.sin(y[0]);
      }
    };
    OdeSolver solver = OdeSolver.builder("dopri5").tolerances(1e-8, 1e-10).build();
    Trajectory tr = solver.solve(pendulum, TimeGrid.linspace(0, 10, 101), new double[] {Math.PI - 0.1, 0});
    double thetaAt10 = tr.value(100, 0);
    SolveStats stats = tr.stats();   // function evaluations, accepted and rejected steps
    // END SNIPPET
    // scipy 1.10.1 DOP853 at 1e-12 gives θ(10) = 0.020011530875812 (tests/.../pendulum_reference.py).
    assertEquals(0.020011530875812, thetaAt10, 1e-7);
    assertTrue(stats.acceptedSteps() > 0);
  }

  @Test
  void cnfSnippetTrains() {
    int iterations = 30;
    // SNIPPET cnf
    Cnf cnf = CnfSpec.ffjordToy(2).create();            // ConcatSquash 64-64-64, tanh, exact trace, dopri5 1e-5
    double[] theta = new double[cnf.parameterCount()];  // all parameters in one flat array
    cnf.initialize(theta, 42);
    Adam adam = new Adam(theta.length, AdamOptions.defaults().withWeightDecay(1e-5));
    double[] grad = new double[theta.length];
    for (int it = 0; it < 1000; it++) {
      Batch batch = ToyDistributions.batch("8gaussians", 100, SeedSequence.of(42).random("train", it));
      GradientAggregator agg = new GradientAggregator(theta.length);
      cnf.accumulate(theta, batch, it, agg);             // NLL, gradient, forward/backward NFE
      agg.meanGradient(grad);
      adam.step(theta, grad);
    // END SNIPPET
      if (it + 1 == iterations) {
        break;
      }
    // SNIPPET cnf
    }
    Batch test = ToyDistributions.batch("8gaussians", 1000, SeedSequence.of(42).random("test"));
    double[] logp = new double[test.rows()];
    cnf.logDensity(theta, test, 0, logp, 0);             // log p(x) per row; cnf.sample(...) draws new points
    // END SNIPPET
    double mean = 0;
    for (double v : logp) {
      mean += v / logp.length;
    }
    // After 30 iterations the mean log-density has risen from about −6 (initial NLL) above −5.5.
    assertTrue(mean > -5.5 && mean < 0, "mean log p " + mean);
  }

  @Test
  void readmeShowsExactlyTheseSnippets() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    Path readme = root.getParent().resolve("README.md");
    String text = Files.readString(readme);
    List<String> blocks = new ArrayList<>();
    int at = 0;
    while ((at = text.indexOf("```java\n", at)) >= 0) {
      int end = text.indexOf("```", at + 8);
      blocks.add(text.substring(at + 8, end).strip());
      at = end + 3;
    }
    String source = Files.readString(root.resolve("src/test/java/org/odespark/ReadmeSnippetsTest.java"));
    List<String> snippets = new ArrayList<>();
    for (String name : List.of("pendulum", "cnf")) {
      StringBuilder sb = new StringBuilder();
      int from = 0;
      String open = "// SNIPPET " + name + "\n";
      while ((from = source.indexOf(open, from)) >= 0) {
        int stop = source.lastIndexOf('\n', source.indexOf("// END SNIPPET", from)) + 1;
        sb.append(source, from + open.length(), stop);
        from = stop;
      }
      snippets.add(sb.toString().lines().map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
          .map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("").strip());
    }
    assertEquals(snippets, blocks, "README.md's java blocks must match the compiled snippets in this file");
  }
}
