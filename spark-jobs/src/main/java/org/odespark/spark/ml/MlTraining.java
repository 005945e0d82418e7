package org.odespark.spark.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.AdamW;
import org.odespark.optim.Optimizer;
import org.odespark.optim.Sgd;
import org.odespark.optim.SgdOptions;
import org.odespark.spark.config.TrainConfig;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.TrainingData;
import org.odespark.train.Objective;

/**
 * The training step every odespark estimator's {@code fit} shares: the optimizer its parameters name and a
 * run of the {@link SparkTrainer} (the {@code train} job's trainer: θ broadcast per iteration, per-partition
 * gradients of the core {@link Objective}, deterministic tree aggregation, optimizer step on the driver).
 */
final class MlTraining {

  private MlTraining() {}

  /**
   * Trains θ in place: {@code maxIter} iterations of {@code batchSize}-example global minibatches drawn from
   * {@code data} with {@code seed}, aggregated at {@code aggregationDepth}, stepped by {@code optimizer} at
   * {@code learningRate} and {@code weightDecay}.
   *
   * @param accuracy whether the trainer tracks minibatch accuracy (classifiers)
   */
  static void train(SparkSession spark, TrainingData data, Objective.Spec spec, double[] theta, SharedParams p,
                    boolean accuracy) {
    TrainConfig train = new TrainConfig(p.getMaxIter(), p.getBatchSize(),
        p.getSeed(), 0, p.getAggregationDepth(), Integer.MAX_VALUE, "", 0, 1);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try (SparkTrainer trainer = new SparkTrainer(sc, data, spec, train, accuracy)) {
      trainer.run(new SparkTrainer.Start(0, theta, optimizer(p, theta.length)), null, null);
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
