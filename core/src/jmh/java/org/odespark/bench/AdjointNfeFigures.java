package org.odespark.bench;

import java.util.Locale;
import org.odespark.adjoint.AdjointSolver;
import org.odespark.adjoint.GradientWorkspace;
import org.odespark.data.ToyDistributions;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfField;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.TimeGrid;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.random.SeedSequence;

/**
 * Backward against forward evaluations of the adjoint on FFJORD's toy CNF (8 Gaussians, ConcatSquash 64-64-64,
 * tanh, exact trace, dopri5 at 1e-5, 100 rows) after {@code iterations} Adam steps, over {@code batches} fresh
 * batches, with the relative L2 error of dL/dθ against the adjoint at rtol = atol = 1e-10. Variants of the
 * backward solve: as it is (Hairer's first step), the first step set to the forward's mean step, the seminorm,
 * and the cotangent of the batch mean instead of the sum (torchdiffeq's scale; the gradient is scaled back).
 * Run: {@code java --add-modules jdk.incubator.vector -cp core/target/benchmarks.jar
 * org.odespark.bench.AdjointNfeFigures 400 4}.
 */
public final class AdjointNfeFigures {

  private static final int ROWS = 100;

  private AdjointNfeFigures() {}

  public static void main(String[] args) {
    int iterations = Integer.parseInt(args[0]);
    int batches = Integer.parseInt(args[1]);
    System.out.println("# " + Blas.describe());
    Cnf cnf = CnfSpec.ffjordToy(2).create();
    double[] theta = new double[cnf.parameterCount()];
    cnf.initialize(theta, 0);
    Adam adam = new Adam(theta.length, AdamOptions.defaults().withLearningRate(1e-3).withWeightDecay(1e-5));
    SeedSequence seeds = SeedSequence.of(0);
    double[] grad = new double[theta.length];
    for (int it = 1; it <= iterations; it++) {
      GradientAggregator agg = new GradientAggregator(theta.length);
      cnf.accumulate(theta, ToyDistributions.batch("8gaussians", ROWS, seeds.random("train", it)), it, agg);
      agg.meanGradient(grad);
      adam.step(theta, grad);
    }
    double end = cnf.endTime(theta, 0);
    OdeSolver solver = OdeSolver.builder("dopri5").tolerances(1e-5, 1e-5).build();
    OdeSolver tight = OdeSolver.builder("dopri5").tolerances(1e-10, 1e-10).maxSteps(10_000_000).build();
    String[] names = {"backward as it is (Hairer's first step)", "first step = forward's mean step", "seminorm",
        "cotangent of the mean (torchdiffeq's scale)"};
    double[][] sums = new double[names.length][3];
    for (int b = 0; b < batches; b++) {
      Batch batch = ToyDistributions.batch("8gaussians", ROWS, seeds.random("probe-batch", b));
      CnfField field = new CnfField(cnf.block(0), theta, ROWS, TraceEstimator.exact(), false, false);
      double[] y0 = new double[field.dimension()];
      System.arraycopy(batch.features(), 0, y0, 0, ROWS * 2);
      double[] reference = gradient(new AdjointSolver(tight), field, y0, end, 1, theta.length, new long[3]);
      long[] steps = new long[3];
      gradient(new AdjointSolver(solver), field, y0, end, 1, theta.length, steps);
      OdeSolver firstStep = solver.toBuilder().firstStep(end / steps[2]).build();
      AdjointSolver[] variants = {new AdjointSolver(solver), new AdjointSolver(solver, firstStep),
          new AdjointSolver(solver, solver, true), new AdjointSolver(solver)};
      for (int v = 0; v < variants.length; v++) {
        long[] nfe = new long[3];
        double[] g = gradient(variants[v], field, y0, end, v == 3 ? 1.0 / ROWS : 1, theta.length, nfe);
        sums[v][0] += nfe[0];
        sums[v][1] += nfe[1];
        sums[v][2] += GradientMethodFigures.relativeError(g, reference);
      }
    }
    System.out.println("| backward solve | NFE fwd / bwd | bwd / fwd | relative error of dL/dθ (mean) |");
    System.out.println("|---|---|---|---|");
    for (int v = 0; v < names.length; v++) {
      System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f | %.3f | %.2e |%n", names[v], sums[v][0] / batches,
          sums[v][1] / batches, sums[v][1] / sums[v][0], sums[v][2] / batches);
    }
  }

  /** dL/dθ of L = Σ (½‖z(T)‖² + Δlog p(T)) times {@code scale}, divided by it again; NFE and forward steps. */
  private static double[] gradient(AdjointSolver adjoint, CnfField f, double[] y0, double end, double scale,
                                   int parameters, long[] nfe) {
    int n = f.dimension();
    TimeGrid grid = TimeGrid.of(0, end);
    GradientWorkspace ws = new GradientWorkspace();
    double[] states = new double[2 * n];
    SolveStats forward = adjoint.forward(f, grid, y0, states, ws);
    double[] dLdY = new double[2 * n];
    for (int i = 0; i < ROWS * 2; i++) {
      dLdY[n + i] = scale * states[n + i];
    }
    for (int r = 0; r < ROWS; r++) {
      dLdY[n + f.logpOffset() + r] = scale;
    }
    double[] thetaBar = new double[parameters];
    SolveStats backward = adjoint.backward(f, grid, states, dLdY, new double[n], thetaBar, null, ws);
    nfe[0] = forward.functionEvaluations();
    nfe[1] = backward.functionEvaluations();
    nfe[2] = forward.acceptedSteps();
    for (int i = 0; i < parameters; i++) {
      thetaBar[i] /= scale;
    }
    return thetaBar;
  }
}
