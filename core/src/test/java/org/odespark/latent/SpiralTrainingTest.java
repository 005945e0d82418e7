package org.odespark.latent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odespark.adjoint.SolverSpec;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerListener;
import org.odespark.train.TrainerOptions;

/** The one-JVM trainer (the same loop the Spark trainer runs) learns the spirals with the latent ODE. */
class SpiralTrainingTest {

  static double windowRmse(SeriesObjective o, double[] theta, Batch test) {
    GradientAggregator agg = new GradientAggregator(o.parameterCount());
    o.evaluate(theta, test, 0, agg);
    return Math.sqrt(agg.metric(GradientAggregator.Metric.INTERPOLATION_SQUARED_ERROR)
        / agg.metric(GradientAggregator.Metric.INTERPOLATION_POINTS));
  }

  @Test
  void latentOdeLearnsSpiralsInAFewHundredSteps() {
    Spirals data = new Spirals(40, 20, 10, 0.1);
    Batch train = data.generate(1, 0, 200, false);
    Batch test = data.generate(1, 1_000_000, 50, true);
    LatentOdeSpec spec = LatentOdeSpec.builder(data.layout().maxLength(), 2).hidden(16).fieldHidden(16)
        .decoderHidden(16).solver(SolverSpec.adaptive("dopri5", 1e-4, 1e-4)).build();
    SeriesObjective o = spec.create();
    TrainerOptions options = TrainerOptions.builder().seed(3).batchSize(50).iterations(150).build();
    Trainer trainer = new Trainer(new Adam(o.parameterCount(), AdamOptions.defaults().withLearningRate(1e-2)),
        options);
    double[] theta = Trainer.initialParameters(o, options.seed());
    double before = windowRmse(o, theta, test);
    trainer.run(theta, o, train, null, new TrainerListener() {});
    double after = windowRmse(o, theta, test);
    // The untrained decoder predicts near 0 on spirals of radius ~1–4 (RMSE ~2); a model that has learned the
    // rotation reconstructs held-out windows well below half of that.
    assertTrue(after < 0.5 * before, "window RMSE " + before + " → " + after);
  }
}
