package org.odespark.spark.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.odespark.objective.Objective;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.io.BlockReader;
import org.odespark.spark.io.TrainingData;
import org.odespark.spark.model.DataShape;
import org.odespark.spark.model.ModelFactories;
import org.odespark.spark.testing.DiagonalGaussian;
import org.odespark.spark.testing.SparkTests;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerListener;
import org.odespark.train.TrainerOptions;

/**
 * The same seed, configuration and partitioning give bit-identical θ in local[1] and local[2] (one task at
 * a time versus two racing), with an aggregation tree that shuffles (12 partitions, depth 2) and one that
 * merges everything on the driver (depth 1), with Kryo as Spark's serializer; and so does the latent ODE on
 * spirals generated on the executors in 4 partitions (adaptive solves, posterior samples). The sessions run
 * one after the other in this class.
 */
class LocalModesTest {

  private static double[][] train(String master) throws Exception {
    // Kryo: the shipped objects (blocks, tree sums, the spec broadcast) must not depend on Java serialization.
    SparkSession spark = SparkTests.session(master, "org.apache.spark.serializer.KryoSerializer");
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      TrainingData data = BlockReader.read(spark, ConfigLoader.standard().load(List.of(), List.of(
          "data.toy.name=pinwheel", "data.toy.rows=6000", "data.partitions=12", "data.standardize=true")).data(), null,
          StorageLevel.MEMORY_ONLY(), 0);
      double[][] out = new double[2][];
      for (int depth = 1; depth <= 2; depth++) {
        double[] theta = new double[4];
        try (SparkTrainer t = new SparkTrainer(sc, data, new DiagonalGaussian.Spec(2),
            SparkTests.options(15, 200, 11), depth)) {
          assertEquals(depth == 1 ? 1 : 2, t.tree().levels(), t.tree().toString());
          t.run(theta, new Adam(4, AdamOptions.defaults().withLearningRate(0.1)), TrainerListener.NONE);
        }
        out[depth - 1] = theta;
      }
      data.unpersist();
      return out;
    } finally {
      spark.stop();
    }
  }

  private static double[] trainLatentOde(String master) throws Exception {
    SparkSession spark = SparkTests.session(master, "org.apache.spark.serializer.KryoSerializer");
    try {
      JobConfig cfg = ConfigLoader.standard().load(List.of(), List.of("model.type=latent-ode", "data.format=spirals",
          "data.generator.count=24", "data.generator.points=12", "data.generator.observed=6",
          "data.generator.extrapolate=0", "data.partitions=4", "model.latent.latent_dim=3", "model.latent.hidden=6",
          "model.latent.field_hidden=[8]", "model.latent.decoder_hidden=[8]", "train.iterations=3",
          "train.batch_size=12", "train.seed=5", "optimizer.learning_rate=0.01"));
      TrainingData data = BlockReader.read(spark, cfg.data(), null, StorageLevel.MEMORY_ONLY(), 0);
      Objective.Spec spec = ModelFactories.named("latent-ode").objective(cfg.model(), new DataShape(data.cols(), false,
          data.fingerprint().featureNames()));
      TrainerOptions options = cfg.train().options();
      double[] theta = Trainer.initialParameters(spec.create(), options.seed());
      try (SparkTrainer t = new SparkTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), data, spec,
          options, 0)) {
        t.run(theta, options.createOptimizer(theta.length), TrainerListener.NONE);
      }
      data.unpersist();
      return theta;
    } finally {
      spark.stop();
    }
  }

  @Test
  void latentOdeTrainsTheSameBitsInLocalOneAndLocalTwo() throws Exception {
    assertArrayEquals(trainLatentOde("local[1]"), trainLatentOde("local[2]"));
  }

  @Test
  void localOneAndLocalTwoGiveTheSameBits() throws Exception {
    double[][] one = train("local[1]");
    double[][] two = train("local[2]");
    assertArrayEquals(one[0], two[0], "depth 1 (driver merges)");
    assertArrayEquals(one[1], two[1], "depth 2 (executors merge along the canonical tree)");
  }
}
