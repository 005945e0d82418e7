package org.odespark.spark.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.io.BlockReader;
import org.odespark.spark.io.TrainingData;
import org.odespark.spark.testing.DiagonalGaussian;
import org.odespark.spark.testing.SparkTests;
import org.odespark.train.TrainerListener;

/**
 * The same seed, configuration and partitioning give bit-identical θ in local[1] and local[2] (one task at
 * a time versus two racing), with an aggregation tree that shuffles (12 partitions, depth 2) and one that
 * merges everything on the driver (depth 1), with Kryo as Spark's serializer. The two sessions run one after
 * the other in this class.
 */
class LocalModesTest {

  private static double[][] train(String master) throws Exception {
    // Kryo: the shipped objects (blocks, tree sums, the spec broadcast) must not depend on Java serialization.
    SparkSession spark = SparkTests.session(master, "org.apache.spark.serializer.KryoSerializer");
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      TrainingData data = BlockReader.read(spark, ConfigLoader.standard().load(List.of(), List.of(
          "data.toy.name=pinwheel", "data.toy.rows=6000", "data.partitions=12", "data.standardize=true")).data(), null,
          StorageLevel.MEMORY_ONLY());
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

  @Test
  void localOneAndLocalTwoGiveTheSameBits() throws Exception {
    double[][] one = train("local[1]");
    double[][] two = train("local[2]");
    assertArrayEquals(one[0], two[0], "depth 1 (driver merges)");
    assertArrayEquals(one[1], two[1], "depth 2 (executors merge along the canonical tree)");
  }
}
