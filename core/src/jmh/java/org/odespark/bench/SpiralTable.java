package org.odespark.bench;

import java.util.Locale;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.SolverSpec;
import org.odespark.latent.LatentOdeSpec;
import org.odespark.latent.SeriesLayout;
import org.odespark.latent.SeriesObjective;
import org.odespark.latent.Spirals;
import org.odespark.linalg.Blas;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.LearningRateSchedule;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerListener;
import org.odespark.train.TrainerOptions;

/**
 * Chen et al. (NeurIPS 2018) Table 2 on our spirals ({@link Spirals}): the latent ODE against the RNN
 * baseline (and the ODE-RNN), side by side on the same generated data, at 30, 50 and 100 of 100 window
 * times observed. Each model is trained by the one-JVM {@link Trainer} (the loop the Spark trainer runs) on
 * {@code train} spirals of seed 1 and evaluated on {@code test} other spirals of the same seed: RMSE of the
 * point prediction against the noise-free spiral at all 100 window times (the predictive RMSE of the table)
 * and at the 100 times after the window (extrapolation), and the window RMSE at the times after a series' first
 * observation only (a causal model, the RNN, predicts the times before it from nothing: at 100 of 100 observed
 * the first window time alone is most of its error). Also the training throughput in series per second
 * on one thread at 100 observations per series. Run:
 * {@code java -cp core/target/benchmarks.jar org.odespark.bench.SpiralTable [iterations] [batch] [train] [test]
 * [models] [observed counts]} (defaults 2000 100 1000 300, all models, 30,50,100; docs/benchmarks.md). Adam at
 * learning rate 0.01 with cosine decay to 0.001 over the run, the same for every model. System properties
 * change the shared settings: {@code spiral.gradient} (adjoint, the default, or backprop), {@code spiral.rtol}
 * (dopri5's rtol = atol, default 1e-4), {@code spiral.lr} (base learning rate, default 0.01), {@code
 * spiral.latent} (4), {@code spiral.hidden} (GRU units, 25), {@code spiral.field} (dynamics width, 20),
 * {@code spiral.encoder} (rnn or ode-rnn) and {@code spiral.seed} (training seed, 7).
 */
public final class SpiralTable {

  private SpiralTable() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int trainCount = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int testCount = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    String only = args.length > 4 ? args[4] : "";
    String[] counts = (args.length > 5 ? args[5] : "30,50,100").split(",");
    System.out.println("# " + Blas.describe() + "; " + iterations + " iterations of " + batch + " series, "
        + trainCount + " training and " + testCount + " test spirals; " + System.getProperties().entrySet().stream()
        .filter(e -> e.getKey().toString().startsWith("spiral.")).map(Object::toString).sorted().toList());
    System.out.println("| observed | model | window RMSE | window RMSE after the first observation | extrapolation RMSE"
        + " | train s | series/s (1 thread) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String count : counts) {
      int observed = Integer.parseInt(count.trim());
      Spirals data = Spirals.of(observed);
      Batch train = data.generate(1, 0, trainCount, false);
      Batch test = data.generate(1, 1_000_000, testCount, true);
      for (LatentOdeSpec.Kind kind : LatentOdeSpec.Kind.values()) {
        if (!only.isEmpty() && !only.contains(kind.label())) {
          continue;
        }
        double tol = Double.parseDouble(System.getProperty("spiral.rtol", "1e-4"));
        int field = Integer.getInteger("spiral.field", 20);
        LatentOdeSpec spec = LatentOdeSpec.builder(data.layout().maxLength(), 2).kind(kind)
            .gradient(GradientMethod.named(System.getProperty("spiral.gradient", "adjoint")))
            .encoder(LatentOdeSpec.Encoder.named(System.getProperty("spiral.encoder", "rnn")))
            .latentDim(Integer.getInteger("spiral.latent", 4)).hidden(Integer.getInteger("spiral.hidden", 25))
            .fieldHidden(field, field).solver(SolverSpec.adaptive("dopri5", tol, tol)).build();
        SeriesObjective o = spec.create();
        TrainerOptions options = TrainerOptions.builder().seed(Long.getLong("spiral.seed", 7)).batchSize(batch)
            .iterations(iterations).build();
        double lr = Double.parseDouble(System.getProperty("spiral.lr", "1e-2"));
        Trainer t = new Trainer(new Adam(o.parameterCount(), AdamOptions.defaults().withLearningRate(lr)
            .withSchedule(LearningRateSchedule.cosine(iterations, 0.1))),
            options);
        double[] theta = Trainer.initialParameters(o, options.seed());
        long start = System.nanoTime();
        t.run(theta, o, train, null, new TrainerListener() {});
        double seconds = (System.nanoTime() - start) * 1e-9;
        GradientAggregator agg = new GradientAggregator(o.parameterCount());
        o.evaluate(theta, test, 0, agg);
        double window = Math.sqrt(agg.metric(GradientAggregator.Metric.INTERPOLATION_SQUARED_ERROR)
            / agg.metric(GradientAggregator.Metric.INTERPOLATION_POINTS));
        double extrapolation = Math.sqrt(agg.metric(GradientAggregator.Metric.EXTRAPOLATION_SQUARED_ERROR)
            / agg.metric(GradientAggregator.Metric.EXTRAPOLATION_POINTS));
        System.out.println(String.format(Locale.ROOT, "| %d | %s | %.4f | %.4f | %.4f | %.0f | %.0f |", observed,
            kind.label(), window, afterFirstObservation(o, theta, test, data.layout()), extrapolation, seconds,
            (double) iterations * batch / seconds));
      }
    }
  }

  /**
   * RMSE of the point predictions at the window targets strictly after each series' first observed time, against
   * the noise-free values (every feature of these spirals is measured).
   */
  static double afterFirstObservation(SeriesObjective o, double[] theta, Batch test, SeriesLayout layout) {
    int dim = layout.dim();
    double[] predictions = new double[test.rows() * layout.maxLength() * dim];
    o.predict(theta, test, predictions);
    double[] f = test.features();
    double squared = 0;
    long points = 0;
    for (int r = 0; r < test.rows(); r++) {
      int off = r * layout.cols();
      int count = layout.count(f, off);
      double first = Double.POSITIVE_INFINITY;
      for (int j = 0; j < count; j++) {
        int s = layout.slot(off, j);
        if (f[s + 1] == SeriesLayout.OBSERVED) {
          first = Math.min(first, f[s]);
        }
      }
      for (int j = 0; j < count; j++) {
        int s = layout.slot(off, j);
        if (f[s + 1] == SeriesLayout.INTERPOLATE && f[s] > first) {
          for (int d = 0; d < dim; d++) {
            double e = predictions[(r * layout.maxLength() + j) * dim + d] - f[s + 2 + d];
            squared += e * e;
            points++;
          }
        }
      }
    }
    return Math.sqrt(squared / points);
  }
}
