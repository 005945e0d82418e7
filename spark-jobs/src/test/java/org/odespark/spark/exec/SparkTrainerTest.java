package org.odespark.spark.exec;

import static org.odespark.spark.testing.SparkTests.relative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.random.SeedSequence;
import org.odespark.spark.io.TrainingData;
import org.odespark.spark.testing.LeastSquares;
import org.odespark.spark.testing.SparkTests;
import org.odespark.train.MinibatchSampler;
import org.odespark.train.TrainerListener;

/**
 * The distributed gradient against the one-JVM fold over the same examples (Spark MLlib's "versus
 * aggregating on an iterable"), on 1, 2 and 4 partitions; and bit-identical repeated training.
 */
class SparkTrainerTest {

  private static SparkSession spark;
  private static JavaSparkContext sc;
  private static Batch data;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[2]");
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // y = 2 x₁ − x₂ + 0.5 x₃ + 1 + noise, 1001 rows (not divisible by the partition counts), weights in [0.5, 1.5).
    Random r = new Random(42);
    int n = 1001;
    double[] f = new double[n * 4];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double x1 = r.nextGaussian();
      double x2 = 3 * r.nextGaussian();
      double x3 = 100 * r.nextDouble();
      f[4 * i] = x1;
      f[4 * i + 1] = x2;
      f[4 * i + 2] = x3;
      f[4 * i + 3] = 2 * x1 - x2 + 0.5 * x3 + 1 + 0.1 * r.nextGaussian();
      w[i] = 0.5 + r.nextDouble();
    }
    data = new Batch(n, 4, f, null, w);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static final double[] THETA = {0.3, -0.2, 0.1, 0.05};

  @Test
  void fullBatchGradientOn124PartitionsEqualsTheOneJvmFold() {
    GradientAggregator reference = new GradientAggregator(4);
    new LeastSquares(4).accumulate(THETA, data, 0, reference);
    double[] expected = new double[4];
    reference.meanGradient(expected);
    for (int p : new int[] {1, 2, 4}) {
      TrainingData blocks = SparkTests.blocks(sc, data, p);
      try (SparkTrainer t = new SparkTrainer(sc, blocks, new LeastSquares.Spec(4),
          SparkTests.options(1, data.rows(), 5), 0)) {
        GradientAggregator sums = t.gradient(THETA, 0);
        double[] g = new double[4];
        sums.meanGradient(g);
        // Same examples, different summation order: rounding only (≈ 1e-16 relative per addition).
        assertTrue(relative(g, expected) <= 1e-12, "P=" + p + ": relative difference " + relative(g, expected));
        assertEquals(reference.meanLoss(), sums.meanLoss(), 1e-12 * reference.meanLoss(), "P=" + p);
        assertEquals(data.rows(), sums.examples());
        assertEquals(3L * p, sums.nfeForward(), "one solve per partition");
      } finally {
        blocks.unpersist();
      }
    }
  }

  @Test
  void minibatchGradientEqualsTheFoldOverTheSampledExamples() {
    int p = 4;
    int batch = 100;
    long seed = 9;
    long iteration = 17;
    TrainingData blocks = SparkTests.blocks(sc, data, p);
    try (SparkTrainer t = new SparkTrainer(sc, blocks, new LeastSquares.Spec(4), SparkTests.options(100, batch, seed),
        2)) {
      GradientAggregator sums = t.gradient(THETA, iteration);
      // The same rows, drawn here by the documented rule: partition q's share, MinibatchSampler(seed, q, rows, share).
      int[] shares = MinibatchSampler.shares(blocks.partitionRows(), batch);
      GradientAggregator reference = new GradientAggregator(4);
      int offset = 0;
      for (int q = 0; q < p; q++) {
        int[] idx = new int[shares[q]];
        new MinibatchSampler(seed, q, (int) blocks.partitionRows()[q], shares[q]).draw(iteration, idx);
        for (int i = 0; i < idx.length; i++) {
          idx[i] += offset;
        }
        offset += (int) blocks.partitionRows()[q];
        new LeastSquares(4).accumulate(THETA, data.gather(idx), 0, reference);
      }
      double[] g = new double[4];
      double[] expected = new double[4];
      sums.meanGradient(g);
      reference.meanGradient(expected);
      assertEquals(batch, sums.examples());
      assertTrue(relative(g, expected) <= 1e-12, "relative difference " + relative(g, expected));
    } finally {
      blocks.unpersist();
    }
  }

  @Test
  void repeatedTrainingGivesBitIdenticalParameters() throws Exception {
    TrainingData blocks = SparkTests.blocks(sc, data, 4);
    try {
      double[] first = train(blocks);
      double[] second = train(blocks);
      assertArrayEquals(first, second);
      // Training moved θ towards the regression coefficients (2, −1, 0.5, 1).
      assertTrue(Math.abs(first[0] - 2) < Math.abs(THETA[0] - 2), java.util.Arrays.toString(first));
    } finally {
      blocks.unpersist();
    }
  }

  private static double[] train(TrainingData blocks) throws Exception {
    double[] theta = THETA.clone();
    try (SparkTrainer t = new SparkTrainer(sc, blocks, new LeastSquares.Spec(4), SparkTests.options(25, 64, 3), 1)) {
      t.run(theta, new Adam(4, AdamOptions.defaults().withLearningRate(0.05)), TrainerListener.NONE);
    }
    return theta;
  }

  @Test
  void parametersInsideTheClosureAndAsABroadcastReachTheTasksAlike() {
    double[] theta = {1.5, -0.0, Double.MIN_VALUE, 3e300, -7.25};
    List<Integer> indices = List.of(0, 1, 2, 3, 4);
    for (int limit : new int[] {theta.length, theta.length - 1}) {
      ParamBroadcast b = ParamBroadcast.of(sc, theta, limit);
      assertEquals(limit == theta.length, b.inline());
      List<Long> seen = sc.parallelize(indices, 3).map(i -> Double.doubleToRawLongBits(b.value()[i])).collect();
      for (int i = 0; i < theta.length; i++) {
        assertEquals(Double.doubleToRawLongBits(theta[i]), seen.get(i), "entry " + i + ", inline limit " + limit);
      }
      b.release();
      if (!b.inline()) {
        // A destroyed broadcast refuses to be read: release really frees it.
        assertThrows(Exception.class, b::value);
      }
    }
  }

  @Test
  void evaluationCoversEveryRowOnce() {
    TrainingData blocks = SparkTests.blocks(sc, data, 3);
    try (SparkTrainer t = new SparkTrainer(sc, blocks, new LeastSquares.Spec(4), SparkTests.options(1, 10, 0), 0)) {
      GradientAggregator sums = t.evaluate(THETA, SeedSequence.of(1).derive("x"), 128);
      GradientAggregator reference = new GradientAggregator(4);
      new LeastSquares(4).evaluate(THETA, data, 0, reference);
      assertEquals(data.rows(), sums.examples());
      assertEquals(reference.lossSum(), sums.lossSum(), 1e-12 * reference.lossSum());
    } finally {
      blocks.unpersist();
    }
  }
}
