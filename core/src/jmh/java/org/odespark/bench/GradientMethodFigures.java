package org.odespark.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.odespark.adjoint.AdjointSolver;
import org.odespark.adjoint.BackpropSolver;
import org.odespark.adjoint.CheckpointAdjoint;
import org.odespark.adjoint.DifferentiableVectorField;
import org.odespark.adjoint.GradientSolver;
import org.odespark.adjoint.GradientWorkspace;
import org.odespark.adjoint.NeuralVectorField;
import org.odespark.data.ToyDistributions;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfField;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.linalg.Blas;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.TimeGrid;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.random.SeedSequence;

/**
 * The three gradient methods (the backsolve adjoint, backprop through the solver, the checkpointed adjoint)
 * against a tight-tolerance reference on three problems: a trained FFJORD toy CNF (8 Gaussians, ConcatSquash
 * 64-64-64, exact trace, 100 rows, trained {@code iterations} steps), a Neural ODE over a long horizon (MLP
 * 2 → 32 → 32 → 2 tanh, 256 rows, T = 100), and the Lorenz system (σ, ρ, β as parameters, T = 1 and 3). Each
 * method runs dopri5 at rtol = atol = 1e-6 (the CNF at FFJORD's 1e-5); the reference is backprop through dopri8
 * at 1e-12 (checked against the adjoint at 1e-12). Reports the relative L2 error of dL/dθ, NFE forward /
 * backward, the bytes a fresh workspace allocates during the first gradient (its memory) and the median time
 * of five warm gradients. Run:
 * {@code java --add-modules jdk.incubator.vector -cp core/target/benchmarks.jar org.odespark.bench.GradientMethodFigures [iterations [cnf|neural|lorenz]]}.
 */
public final class GradientMethodFigures {

  private GradientMethodFigures() {}

  /** A loss L on the final state of a problem: writes ∂L/∂y(T) from the final state. */
  private interface Loss {
    void gradient(double[] yT, double[] out);
  }

  private record Case(String name, DifferentiableVectorField field, TimeGrid grid, double[] y0, int thetaLength,
                      Loss loss, double tol) {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    String only = args.length > 1 ? args[1] : "";
    System.out.println("# " + Blas.describe());
    System.out.println("| problem | method | NFE fwd / bwd | relative error of dL/dθ | memory of one gradient | ms per gradient |");
    System.out.println("|---|---|---|---|---|---|");
    for (Case c : new Case[] {only.isEmpty() || only.equals("cnf") ? cnf(iterations) : null, neuralOde(),
        lorenz(1), lorenz(3)}) {
      if (c == null || !only.isEmpty() && !c.name.toLowerCase(Locale.ROOT).startsWith(only)) {
        continue;
      }
      double[] reference = gradient(new BackpropSolver(OdeSolver.builder("dopri8").tolerances(1e-12, 1e-12)
          .maxSteps(10_000_000).build()), c, new GradientWorkspace(), null);
      double[] check = gradient(new AdjointSolver(OdeSolver.builder("dopri8").tolerances(1e-12, 1e-12)
          .maxSteps(10_000_000).build()), c, new GradientWorkspace(), null);
      System.out.printf(Locale.ROOT, "<!-- %s: reference backprop vs adjoint at 1e-12: %.2e -->%n", c.name,
          relativeError(check, reference));
      OdeSolver solver = OdeSolver.builder("dopri5").tolerances(c.tol, c.tol).maxSteps(10_000_000).build();
      for (GradientSolver g : new GradientSolver[] {new AdjointSolver(solver), new BackpropSolver(solver),
          new CheckpointAdjoint(solver)}) {
        long[] nfe = new long[2];
        long before = allocated();
        double[] grad = gradient(g, c, new GradientWorkspace(), nfe);
        long bytes = allocated() - before;
        GradientWorkspace warm = new GradientWorkspace();
        double[] times = new double[5];
        for (int r = 0; r < times.length; r++) {
          long t0 = System.nanoTime();
          gradient(g, c, warm, null);
          times[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "| %s | %s | %d / %d | %.2e | %.2f MB | %.2f |%n", c.name, g.name(), nfe[0],
            nfe[1], relativeError(grad, reference), bytes / 1e6, times[2]);
      }
    }
  }

  private static double[] gradient(GradientSolver g, Case c, GradientWorkspace ws, long[] nfe) {
    int n = c.field.dimension();
    int times = c.grid.size();
    double[] states = new double[times * n];
    SolveStats fwd = g.forward(c.field, c.grid, c.y0, states, ws);
    double[] dLdY = new double[times * n];
    double[] yT = Arrays.copyOfRange(states, (times - 1) * n, times * n);
    double[] last = new double[n];
    c.loss.gradient(yT, last);
    System.arraycopy(last, 0, dLdY, (times - 1) * n, n);
    double[] thetaBar = new double[c.thetaLength];
    SolveStats bwd = g.backward(c.field, c.grid, states, dLdY, new double[n], thetaBar, null, ws);
    if (nfe != null) {
      nfe[0] = fwd.functionEvaluations();
      nfe[1] = bwd.functionEvaluations();
    }
    return thetaBar;
  }

  /** ‖g − ref‖₂ / ‖ref‖₂ (also used by {@link AdjointNfeFigures}). */
  static double relativeError(double[] g, double[] ref) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < g.length; i++) {
      num += (g[i] - ref[i]) * (g[i] - ref[i]);
      den += ref[i] * ref[i];
    }
    return Math.sqrt(num / den);
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** FFJORD's toy CNF after {@code iterations} Adam steps; L = Σ ½‖z(T)‖² + Δlogp(T), the NLL up to a constant. */
  private static Case cnf(int iterations) {
    CnfSpec spec = CnfSpec.ffjordToy(2);
    Cnf cnf = spec.create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 0);
    Adam adam = new Adam(theta.length, AdamOptions.defaults().withLearningRate(1e-3).withWeightDecay(1e-5));
    SeedSequence seeds = SeedSequence.of(0);
    double[] grad = new double[theta.length];
    for (int it = 1; it <= iterations; it++) {
      GradientAggregator agg = new GradientAggregator(theta.length);
      cnf.accumulate(theta, ToyDistributions.batch("8gaussians", 100, seeds.random("train", it)), it, agg);
      agg.meanGradient(grad);
      adam.step(theta, grad);
    }
    int rows = 100;
    Batch batch = ToyDistributions.batch("8gaussians", rows, seeds.random("figure"));
    CnfField field = new CnfField(cnf.block(0), theta, rows, TraceEstimator.exact(), false, false);
    double[] y0 = new double[field.dimension()];
    System.arraycopy(batch.features(), 0, y0, 0, rows * 2);
    return new Case("trained CNF (" + iterations + " it.)", field, TimeGrid.of(0, cnf.endTime(theta, 0)), y0,
        theta.length, (yT, out) -> {
          System.arraycopy(yT, 0, out, 0, rows * 2);
          Arrays.fill(out, rows * 2, rows * 3, 1.0);
        }, 1e-5);
  }

  /** A Neural ODE with PyTorch's initialization, 256 rows over [0, 100]; L = ½‖y(T)‖². */
  private static Case neuralOde() {
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    Mlp mlp = new Mlp(2, new int[] {32, 32}, 2, Mlp.LayerType.CONCAT, Activation.TANH, b, "f");
    ParameterLayout layout = b.build();
    double[] theta = new double[layout.size()];
    mlp.initialize(theta, SeedSequence.of(3).random("init"));
    int rows = 256;
    SplittableRandom r = new SplittableRandom(5);
    double[] y0 = new double[rows * 2];
    for (int i = 0; i < y0.length; i++) {
      y0[i] = r.nextDouble(-2, 2);
    }
    return new Case("Neural ODE, T = 100", new NeuralVectorField(mlp, theta, rows), TimeGrid.of(0, 100), y0,
        theta.length, (yT, out) -> System.arraycopy(yT, 0, out, 0, yT.length), 1e-6);
  }

  /** Lorenz from (1, 1, 1) with θ = (σ, ρ, β) = (10, 28, 8/3); L = ½‖y(T)‖². */
  private static Case lorenz(double t) {
    double[] theta = {10, 28, 8.0 / 3};
    DifferentiableVectorField f = new DifferentiableVectorField() {
      @Override
      public int parameterOffset() {
        return 0;
      }

      @Override
      public int parameterCount() {
        return 3;
      }

      @Override
      public int dimension() {
        return 3;
      }

      @Override
      public void evaluate(double time, double[] y, double[] d) {
        d[0] = theta[0] * (y[1] - y[0]);
        d[1] = y[0] * (theta[1] - y[2]) - y[1];
        d[2] = y[0] * y[1] - theta[2] * y[2];
      }

      @Override
      public double vjp(double time, double[] y, double[] a, double[] out, double[] yBar, double[] thetaBar) {
        if (out != null) {
          evaluate(time, y, out);
        }
        yBar[0] = -theta[0] * a[0] + (theta[1] - y[2]) * a[1] + y[1] * a[2];
        yBar[1] = theta[0] * a[0] - a[1] + y[0] * a[2];
        yBar[2] = -y[0] * a[1] - theta[2] * a[2];
        thetaBar[0] += (y[1] - y[0]) * a[0];
        thetaBar[1] += y[0] * a[1];
        thetaBar[2] += -y[2] * a[2];
        return 0;
      }
    };
    return new Case(String.format(Locale.ROOT, "Lorenz, T = %g", t), f, TimeGrid.of(0, t), new double[] {1, 1, 1}, 3,
        (yT, out) -> System.arraycopy(yT, 0, out, 0, 3), 1e-6);
  }
}
