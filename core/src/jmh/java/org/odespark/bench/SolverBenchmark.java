package org.odespark.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.odespark.linalg.Blas;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.SolverWorkspace;
import org.odespark.ode.TimeGrid;
import org.odespark.ode.VectorField;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Solver cost: dopri5 at rtol = atol = 1e-6 on a 1000-dimensional linear ODE y' = A y (dense A, one GEMV per
 * evaluation) and on Van der Pol (μ = 1), and the solver's own overhead per function evaluation on a field
 * that costs almost nothing (uncoupled rotations). Each benchmark prints nothing; the NFE of each problem is fixed by the
 * problem and tolerance and is reported by {@link SolverFigures}.
 *
 * <p>Run: {@code java -jar core/target/benchmarks.jar SolverBenchmark -prof gc} (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class SolverBenchmark {

  /** The problems of the benchmark, each a field, an initial state and an interval. */
  public enum Problem {
    LINEAR_1000, VAN_DER_POL, ROTATION_2, ROTATION_1000
  }

  @State(Scope.Thread)
  public static class Solve {
    @Param({"LINEAR_1000", "VAN_DER_POL", "ROTATION_2", "ROTATION_1000"})
    public Problem problem;

    @Param({"dopri5"})
    public String method;

    /** Compensated (Kahan) summation of y across steps. */
    @Param({"false", "true"})
    public boolean compensated;

    OdeSolver solver;
    VectorField field;
    TimeGrid grid;
    double[] y0;
    double[] out;
    SolverWorkspace workspace = new SolverWorkspace();

    @Setup(Level.Trial)
    public void setUp() {
      solver = OdeSolver.builder(method).tolerances(1e-6, 1e-6).compensated(compensated).build();
      field = field(problem);
      y0 = initial(problem);
      grid = grid(problem);
      out = new double[grid.size() * field.dimension()];
    }
  }

  @Benchmark
  public SolveStats solve(Solve s) {
    return s.solver.solve(s.field, s.grid, s.y0, s.out, s.workspace, null);
  }

  /** One evaluation of the field alone, to subtract from the solve's cost per evaluation. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public double[] fieldOnly(Solve s) {
    s.field.evaluate(0.5, s.y0, s.out);
    return s.out;
  }

  static VectorField field(Problem p) {
    return switch (p) {
      case LINEAR_1000 -> linear(1000, 42);
      case VAN_DER_POL -> new VectorField() {
        @Override
        public int dimension() {
          return 2;
        }

        @Override
        public void evaluate(double t, double[] y, double[] dydt) {
          dydt[0] = y[1];
          dydt[1] = (1 - y[0] * y[0]) * y[1] - y[0];
        }
      };
      case ROTATION_2 -> rotation(2);
      case ROTATION_1000 -> rotation(1000);
    };
  }

  /** Van der Pol over [0, 20] (about three periods), the others over [0, 10]. */
  static TimeGrid grid(Problem p) {
    return TimeGrid.of(0, p == Problem.VAN_DER_POL ? 20 : 10);
  }

  static double[] initial(Problem p) {
    int n = field(p).dimension();
    double[] y = new double[n];
    if (p == Problem.VAN_DER_POL) {
      y[0] = 2;
      return y;
    }
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble(-1, 1);
    }
    return y;
  }

  /** y' = A y, A = −I + G/(2√n) with G standard normal: eigenvalues in the disc |λ + 1| ≲ 1. */
  static VectorField linear(int n, long seed) {
    double[] a = new double[n * n];
    SplittableRandom r = new SplittableRandom(seed);
    double scale = 0.5 / Math.sqrt(n);
    for (int i = 0; i < n * n; i++) {
      double u1 = r.nextDouble();
      double u2 = r.nextDouble();
      a[i] = scale * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
    for (int i = 0; i < n; i++) {
      a[i * n + i] -= 1;
    }
    return new VectorField() {
      @Override
      public int dimension() {
        return n;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        Blas.gemv(false, n, n, 1.0, a, 0, n, y, 0, 0.0, dydt, 0);
      }
    };
  }

  /**
   * Uncoupled rotations (y₂ᵢ, y₂ᵢ₊₁)' = (y₂ᵢ₊₁, −y₂ᵢ): about one nanosecond per component, so a solve's time
   * per evaluation is almost all solver overhead; the amplitude stays constant, so steps do not grow.
   */
  static VectorField rotation(int n) {
    return new VectorField() {
      @Override
      public int dimension() {
        return n;
      }

      @Override
      public void evaluate(double t, double[] y, double[] dydt) {
        for (int i = 0; i < n; i += 2) {
          dydt[i] = y[i + 1];
          dydt[i + 1] = -y[i];
        }
      }
    };
  }
}
