package org.odespark.spark.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.odespark.objective.Objective;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.AdamW;
import org.odespark.optim.Optimizer;
import org.odespark.optim.Sgd;
import org.odespark.optim.SgdOptions;
import org.odespark.spark.config.TrainConfig;
import org.odespark.spark.exec.MetricsLog;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.TrainingData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training step every odespark estimator's {@code fit} shares: the optimizer its parameters name and a
 * run of the {@link SparkTrainer} (the {@code train} job's trainer: θ broadcast per iteration, per-partition
 * gradients of the core {@link Objective}, deterministic tree aggregation, optimizer step on the driver).
 */
final class MlTraining {

  private static final Logger LOG = LoggerFactory.getLogger("org.odespark.train");

  private MlTraining() {}

  /**
   * Trains θ in place: {@code maxIter} iterations of {@code batchSize}-example global minibatches drawn from
   * {@code data} with {@code seed}, aggregated at {@code aggregationDepth}, stepped by {@code optimizer} at
   * {@code learningRate} and {@code weightDecay}. Progress is logged as the {@code train} job logs it (loss,
   * NFE, time, ETA).
   *
   * @param accuracy whether the trainer tracks minibatch accuracy (classifiers)
   * @return the run's summary
   */
  static TrainingSummary train(SparkSession spark, TrainingData data, Objective.Spec spec, double[] theta,
                               SharedParams p, boolean accuracy) {
    TrainConfig train = new TrainConfig(p.getMaxIter(), p.getBatchSize(), p.getSeed(), 0, p.getAggregationDepth(), 1,
        "", 0, 1);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LOG.info("{} fit: {} rows x {} features in {} partitions, {} parameters, {} iterations of {}", p.uid(),
        data.fingerprint().rows(), data.cols(), data.partitions(), theta.length, train.iterations(),
        train.batchSize());
    long began = System.nanoTime();
    try (SparkTrainer trainer = new SparkTrainer(sc, data, spec, train, accuracy);
         MetricsLog metrics = MetricsLog.inMemory(1)) {
      trainer.run(new SparkTrainer.Start(0, theta, optimizer(p, theta.length)), metrics, null);
      double seconds = (System.nanoTime() - began) / 1e9;
      TrainingSummary summary = TrainingSummary.of(metrics.records(), seconds);
      LOG.info("{} fit: {} iterations in {} s, final minibatch loss {}", p.uid(), summary.totalIterations(),
          String.format(Locale.ROOT, "%.1f", seconds), metrics.records().get(metrics.records().size() - 1).loss());
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The optimizer named by {@code optimizer} (adam, adamw or sgd) for {@code dimension} parameters. */
  static Optimizer optimizer(SharedParams p, int dimension) {
    double lr = p.getLearningRate();
    double decay = p.getWeightDecay();
    return switch (p.getOptimizer()) {
      case "adamw" -> new AdamW(dimension, AdamOptions.adamWDefaults().withLearningRate(lr).withWeightDecay(decay));
      case "sgd" -> new Sgd(dimension, SgdOptions.defaults().withLearningRate(lr).withWeightDecay(decay));
      default -> new Adam(dimension, AdamOptions.defaults().withLearningRate(lr).withWeightDecay(decay));
    };
  }
}
