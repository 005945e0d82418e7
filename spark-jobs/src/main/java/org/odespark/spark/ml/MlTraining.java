package org.odespark.spark.ml;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.odespark.objective.Objective;
import org.odespark.optim.OptimizerSpec;
import org.odespark.spark.exec.MetricsLog;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.ModelSummary;
import org.odespark.spark.io.ModelSummary;
import org.odespark.spark.io.TrainingData;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training step every odespark estimator's {@code fit} shares: the {@link TrainerOptions} its parameters
 * give and a run of the {@link SparkTrainer} (the {@code train} job's trainer: θ broadcast per iteration,
 * per-partition gradients of the core {@link Objective}, deterministic tree aggregation, optimizer step on the
 * driver), from the initial θ of the same seed rule.
 */
final class MlTraining {

  private static final Logger LOG = LoggerFactory.getLogger("org.odespark.train");

  /** A fit's parameters and summary. */
  record Fit(double[] theta, TrainingSummary summary) {}

  private MlTraining() {}

  /** The training options of the estimator's parameters. */
  static TrainerOptions options(SharedParams p) {
    OptimizerSpec optimizer = OptimizerSpec.defaults().withType(p.getOptimizer())
        .withLearningRate(p.getLearningRate()).withWeightDecay(p.getWeightDecay());
    return TrainerOptions.builder().iterations(p.getMaxIter()).batchSize(p.getBatchSize()).seed(p.getSeed())
        .optimizer(optimizer).build();
  }

  /**
   * Trains from {@code Trainer.initialParameters} of the seed: {@code maxIter} iterations of
   * {@code batchSize}-example global minibatches drawn from {@code data}, aggregated at
   * {@code aggregationDepth}, stepped by {@code optimizer} at {@code learningRate} and {@code weightDecay}.
   * Progress is logged as the {@code train} job logs it (loss, NFE, time, ETA).
   *
   * @param accuracy whether the summary and the log carry the minibatch accuracy (classifiers)
   */
  static Fit train(SparkSession spark, TrainingData data, Objective.Spec spec, SharedParams p, boolean accuracy) {
    TrainerOptions options = options(p);
    double[] theta = Trainer.initialParameters(spec.create(), options.seed());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LOG.info("{} fit: {} rows x {} features in {} partitions, {} parameters, {} iterations of {}", p.uid(),
        data.fingerprint().rows(), data.cols(), data.partitions(), theta.length, options.iterations(),
        options.batchSize());
    LOG.info("{} model summary:\n{}", p.uid(), ModelSummary.of(p.getClass().getSimpleName(), data.cols(), spec,
        spec.create()));
    long began = System.nanoTime();
    MetricsLog metrics = MetricsLog.inMemory(options, accuracy);
    try (SparkTrainer trainer = new SparkTrainer(sc, data, spec, options, p.getAggregationDepth())) {
      trainer.run(theta, options.createOptimizer(theta.length), metrics);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    TrainingSummary summary = TrainingSummary.of(metrics.records(), seconds);
    LOG.info("{} fit: {} iterations in {} s, final minibatch loss {}", p.uid(), summary.totalIterations(),
        String.format(Locale.ROOT, "%.1f", seconds), metrics.records().get(metrics.records().size() - 1).loss());
    return new Fit(theta, summary);
  }
}
