package org.odespark.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.random.Normals;
import org.odespark.random.SeedSequence;

/**
 * Scoring a Hutchinson-trained flow: the exact trace against Hutchinson's estimate, per row, as the dimension D
 * grows (the crossover behind {@code score.trace = auto}). For each D a flow (FFJORD's toy architecture,
 * ConcatSquash 64-64-64 tanh, T = 0.5 fixed, dopri5 at 1e-5) is trained for 150 Adam steps with Rademacher
 * probes on a two-component Gaussian mixture with per-axis scales from 0.3 to 3, then scores 256 held-out
 * rows: the time per row of each trace (median of 5 calls after a warm-up call), and the noise of Hutchinson's
 * log-density: the standard deviation over 16 probe seeds per row, averaged over 64 rows. Averaging K
 * Hutchinson probes divides that noise by √K, so the exact trace is the cheaper way to a given precision ε
 * while its cost is below (σ / ε)² Hutchinson scorings. Run:
 * {@code java -cp core/target/benchmarks.jar org.odespark.bench.ScoringTraceFigures [D ...]}.
 */
public final class ScoringTraceFigures {

  private static final int ROWS = 256;
  private static final int NOISE_ROWS = 64;
  private static final int PROBES = 16;

  private ScoringTraceFigures() {}

  public static void main(String[] args) {
    int[] dims = args.length == 0 ? new int[] {2, 8, 16, 32, 64, 128}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.println("# " + Blas.describe());
    System.out.println("| D | exact, ms/row | Hutchinson, ms/row | ratio | Hutchinson σ per row, nats |"
        + " probes for σ = 0.1 nats | exact cheaper below ε (nats) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int d : dims) {
      row(d);
    }
  }

  private static void row(int d) {
    CnfSpec hutchinson = CnfSpec.builder(d).time(0.5, false)
        .trace(TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER)).build();
    Cnf train = hutchinson.create();
    double[] theta = new double[train.parameterCount()];
    train.initialize(theta, 11);
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      scale[j] = 0.3 * Math.pow(10, d == 1 ? 0 : (double) j / (d - 1));
    }
    Adam adam = new Adam(theta.length, AdamOptions.defaults().withLearningRate(5e-3));
    double[] grad = new double[theta.length];
    for (int it = 0; it < 150; it++) {
      GradientAggregator agg = new GradientAggregator(theta.length);
      train.accumulate(theta, mixture(100, scale, SeedSequence.of(3).random("train", it)), it, agg);
      agg.meanGradient(grad);
      adam.step(theta, grad);
    }
    Batch test = mixture(ROWS, scale, SeedSequence.of(3).random("test"));
    Cnf exact = hutchinson.toBuilder().trace(TraceEstimator.exact()).build().create();
    double exactMs = msPerRow(exact, theta, test);
    double hutchMs = msPerRow(train, theta, test);
    double[] logp = new double[ROWS];
    double sd = 0;
    double[][] draws = new double[PROBES][ROWS];
    for (int k = 0; k < PROBES; k++) {
      train.logDensity(theta, test, 1000 + k, draws[k], 0);
    }
    exact.logDensity(theta, test, 0, logp, 0);
    for (int i = 0; i < NOISE_ROWS; i++) {
      double mean = 0;
      for (int k = 0; k < PROBES; k++) {
        mean += draws[k][i] / PROBES;
      }
      double var = 0;
      for (int k = 0; k < PROBES; k++) {
        var += (draws[k][i] - mean) * (draws[k][i] - mean) / (PROBES - 1);
      }
      sd += Math.sqrt(var) / NOISE_ROWS;
    }
    double ratio = exactMs / hutchMs;
    double probes = sd * sd / 0.01;
    // exact is cheaper than K = (σ/ε)² probes while ratio < K, i.e. for ε < σ / √ratio
    System.out.println(String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.1f | %.2f | %.0f | %.2f |", d, exactMs,
        hutchMs, ratio, sd, probes, sd / Math.sqrt(ratio)));
  }

  /** Median of 5 timed calls (after one warm-up call) of logDensity over the batch, per row. */
  private static double msPerRow(Cnf cnf, double[] theta, Batch batch) {
    double[] out = new double[batch.rows()];
    cnf.logDensity(theta, batch, 1, out, 0);
    double[] ms = new double[5];
    for (int r = 0; r < ms.length; r++) {
      long t0 = System.nanoTime();
      cnf.logDensity(theta, batch, 2 + r, out, 0);
      ms[r] = (System.nanoTime() - t0) / 1e6 / batch.rows();
    }
    Arrays.sort(ms);
    return ms[2];
  }

  /** n rows of ½ N(−2e, I) + ½ N(2e, I) scaled per axis by {@code scale} (e = the first axis). */
  private static Batch mixture(int n, double[] scale, RandomGenerator rng) {
    int d = scale.length;
    double[] x = new double[n * d];
    Normals.fill(rng, x, 0, n * d);
    for (int i = 0; i < n; i++) {
      x[i * d] += rng.nextBoolean() ? 2 : -2;
      for (int j = 0; j < d; j++) {
        x[i * d + j] *= scale[j];
      }
    }
    return new Batch(n, d, x, null, null);
  }
}
