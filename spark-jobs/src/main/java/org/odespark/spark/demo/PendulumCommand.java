package org.odespark.spark.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.odespark.linalg.Blas;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.TimeGrid;
import org.odespark.ode.Trajectory;
import org.odespark.ode.VectorField;
import org.odespark.plot.PhasePortrait;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The damped pendulum of the seed notes, θ'' = −b θ' − c sin θ (b = 0.25, c = 5) from θ = π − 0.1 at rest,
 * solved on a time grid: a CSV of (t, θ, ω) and a PNG phase portrait. The smallest end-to-end use of the
 * solver library.
 */
@Command(name = "pendulum", mixinStandardHelpOptions = true,
    description = "Solve the damped pendulum θ'' = -b θ' - c sin θ; write CSV and a PNG phase portrait.")
public final class PendulumCommand implements Callable<Integer> {

  @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "out/pendulum")
  Path out;

  @Option(names = "--method", description = "ODE method (default: ${DEFAULT-VALUE}).", defaultValue = "dopri5")
  String method;

  @Option(names = "--rtol", description = "Relative tolerance (default: ${DEFAULT-VALUE}).", defaultValue = "1e-8")
  double rtol;

  @Option(names = "--atol", description = "Absolute tolerance (default: ${DEFAULT-VALUE}).", defaultValue = "1e-10")
  double atol;

  @Option(names = "--t-end", description = "Final time (default: ${DEFAULT-VALUE}).", defaultValue = "10")
  double tEnd;

  @Option(names = "--points", description = "Number of output times from 0 to t-end (default: ${DEFAULT-VALUE}).",
      defaultValue = "1001")
  int points;

  @Option(names = "-b", description = "Damping b (default: ${DEFAULT-VALUE}).", defaultValue = "0.25")
  double damping;

  @Option(names = "-c", description = "Gravity term c (default: ${DEFAULT-VALUE}).", defaultValue = "5")
  double gravity;

  @Override
  public Integer call() throws IOException {
    // Validate everything before any work or output.
    OdeSolver solver = OdeSolver.builder(method).tolerances(rtol, atol).build();
    if (!(tEnd > 0) || Double.isInfinite(tEnd)) {
      throw new IllegalArgumentException("--t-end must be > 0 and finite, got " + tEnd);
    }
    if (points < 2) {
      throw new IllegalArgumentException("--points must be >= 2, got " + points);
    }
    System.err.println("odespark pendulum: " + Blas.describe());

    VectorField pendulum = pendulum(damping, gravity);
    double[] y0 = {Math.PI - 0.1, 0.0};
    long start = System.nanoTime();
    Trajectory tr = solver.solve(pendulum, TimeGrid.linspace(0, tEnd, points), y0);
    double ms = (System.nanoTime() - start) / 1e6;

    Files.createDirectories(out);
    Path csv = out.resolve("pendulum.csv");
    writeCsv(tr, csv);
    double[] t = new double[tr.size()];
    for (int i = 0; i < tr.size(); i++) {
      t[i] = tr.time(i);
    }
    Path png = out.resolve("pendulum.png");
    PhasePortrait.of(2)
        .withTitle(String.format(Locale.ROOT, "Damped pendulum θ'' = -%.2f θ' - %.2f sin θ from θ = π - 0.1 (%s)",
            damping, gravity, method))
        .withLabels("θ (rad)", "ω (rad/s)")
        .withTimeSeries(true)
        .withTrajectory("θ, ω", t, tr.states())
        .write(png);
    System.err.printf(Locale.ROOT, "odespark pendulum: %s, rtol=%.1e atol=%.1e: %d steps (%d rejected), "
            + "%d function evaluations, %.1f ms%n", method, rtol, atol, tr.stats().acceptedSteps(),
        tr.stats().rejectedSteps(), tr.stats().functionEvaluations(), ms);
    System.out.println("wrote " + csv.toAbsolutePath());
    System.out.println("wrote " + png.toAbsolutePath());
    return 0;
  }

  /** θ' = ω, ω' = −b ω − c sin θ. */
  static VectorField pendulum(double b, double c) {
    return new VectorField() {
      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        dydt[0] = y[1];
        dydt[1] = -b * y[1] - c * Math.sin(y[0]);
      }
    };
  }

  private static void writeCsv(Trajectory tr, Path csv) throws IOException {
    Path tmp = Files.createTempFile(csv.getParent(), ".pendulum", ".csv.tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("t,theta,omega\n");
      for (int i = 0; i < tr.size(); i++) {
        w.write(tr.time(i) + "," + tr.value(i, 0) + "," + tr.value(i, 1) + "\n");
      }
    }
    Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
