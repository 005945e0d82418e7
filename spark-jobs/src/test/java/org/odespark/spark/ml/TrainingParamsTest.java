package org.odespark.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.data.ToyDistributions;
import org.odespark.random.SeedSequence;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.ConfigSchema;
import org.odespark.spark.config.TrainConfig;
import org.odespark.spark.io.CheckpointStore;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.spark.testing.SparkTests;

/**
 * The ML estimators' training options are the train job's: the same keys (defaults, ranges, cross-checks)
 * give the same {@link TrainConfig}; validation loss every K iterations with early stopping and the kept best
 * θ, and checkpoints with a bit-identical continuation, work through {@code fit}.
 */
class TrainingParamsTest {

  private static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyTrainingParamHasItsKeysDefaultDocAndRange() {
    ConfigSchema schema = ConfigSchema.load();
    for (Params stage : List.<Params>of(new CnfDensityEstimator(), new OdeNetClassifierEstimator())) {
      for (Map.Entry<String, String> e : ReferenceParams.TRAINING.entrySet()) {
        Param<Object> p = stage.getParam(e.getKey());
        ConfigSchema.Key key = schema.key(e.getValue());
        Object unwrapped = key.defaultValue().unwrapped();
        Object value = stage.getOrDefault(p);
        String where = stage.getClass().getSimpleName() + "." + e.getKey();
        if (value instanceof Number n) {
          assertEquals(((Number) unwrapped).doubleValue(), n.doubleValue(), 0.0, where + " default");
        } else {
          assertEquals(unwrapped, value, where + " default");
        }
        assertTrue(p.doc().startsWith(key.doc()) && p.doc().contains(e.getValue()), where + ": " + p.doc());
      }
    }
    CnfDensityEstimator e = new CnfDensityEstimator();
    // Ranges come from reference.conf's valid: lines, e.g. gamma in (0, 1] and schedule one of three names.
    assertThrows(IllegalArgumentException.class, () -> e.setLrDecay(0));
    assertThrows(IllegalArgumentException.class, () -> e.setLrSchedule("linear"));
    assertThrows(IllegalArgumentException.class, () -> e.setValidationFraction(1.0));
    e.setLrDecay(1).setLrSchedule("step");
  }

  @Test
  void theSameValuesGiveTheTrainJobsOptions() {
    CnfDensityEstimator e = new CnfDensityEstimator().setMaxIter(300).setBatchSize(50).setSeed(9)
        .setOptimizer("adamw").setLearningRate(2e-3).setWeightDecay(1e-5).setBeta2(0.99).setLrSchedule("cosine")
        .setLrMinFactor(0.1).setWarmupIterations(20).setWarmupStartFactor(0.2).setClipNorm(2.5).setLogEvery(10)
        .setValidationFraction(0.2).setValidationInterval(25).setValidationBatchSize(64)
        .setEarlyStoppingPatience(3).setKeepBest(true).setCheckpointInterval(50).setCheckpointKeep(2)
        .setAggregationDepth(2);
    TrainConfig ml = ReferenceParams.jobConfig(e, ReferenceParams.TRAINING).train();
    TrainConfig cli = ConfigLoader.standard().load(List.of(), List.of("train.iterations=300",
        "train.batch_size=50", "train.seed=9", "optimizer.type=adamw", "optimizer.learning_rate=2e-3",
        "optimizer.weight_decay=1e-5", "optimizer.beta2=0.99", "optimizer.schedule.type=cosine",
        "optimizer.schedule.min_factor=0.1", "optimizer.schedule.warmup_iterations=20",
        "optimizer.schedule.warmup_start_factor=0.2", "train.clip_norm=2.5", "train.log_every=10",
        "validation.fraction=0.2", "validation.every=25", "validation.batch_size=64", "validation.patience=3",
        "validation.keep_best=true", "checkpoint.every=50", "checkpoint.keep=2", "train.aggregation_depth=2"))
        .train();
    assertEquals(cli, ml);
    assertEquals(0.1, ml.options().optimizer().schedule().minFactor());

    // The job's cross-checks, reported with the parameter's name.
    IllegalArgumentException warmup = assertThrows(IllegalArgumentException.class, () -> ReferenceParams.jobConfig(
        new CnfDensityEstimator().setMaxIter(10).setWarmupIterations(10), ReferenceParams.TRAINING));
    assertTrue(warmup.getMessage().contains("warmupIterations (optimizer.schedule.warmup_iterations) = 10 must be"
        + " below maxIter (train.iterations) = 10"), warmup.getMessage());
    IllegalArgumentException never = assertThrows(IllegalArgumentException.class, () -> ReferenceParams.jobConfig(
        new CnfDensityEstimator().setValidationFraction(0.1), ReferenceParams.TRAINING));
    assertTrue(never.getMessage().contains("validationInterval (validation.every) = 0"), never.getMessage());
  }

  private static Dataset<Row> points(int n, long seed) {
    double[] xy = ToyDistributions.sample("8gaussians", n, SeedSequence.of(seed).random("points"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(i, org.apache.spark.ml.linalg.Vectors.dense(xy[2 * i], xy[2 * i + 1])));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema).repartition(2, org.apache.spark.sql.functions.col("id"))
        .sortWithinPartitions("id");
  }

  /** A small, fast flow (8 hidden units, loose tolerances). */
  private static CnfDensityEstimator small() {
    return new CnfDensityEstimator().setHidden(8).setTolerances(1e-3, 1e-3).setBatchSize(64).setLearningRate(3e-2)
        .setSeed(5).setStandardize(true);
  }

  @Test
  void validationEveryKStopsEarlyAndKeepsTheBestParameters() {
    // Evaluated after every iteration, the validation loss of the first steps (a nearly flat start) soon fails
    // to fall once: patience 1 stops there.
    Dataset<Row> df = points(400, 1);
    CnfDensityModel m = small().setMaxIter(30).setValidationFraction(0.25).setValidationInterval(1)
        .setEarlyStoppingPatience(1).setKeepBest(true).fit(df);
    TrainingSummary s = m.summary();
    long[] at = s.validationIterations();
    double[] loss = s.validationLossHistory();
    assertTrue(s.totalIterations() < 30, "stopped early after " + s.totalIterations() + ": " + Arrays.toString(loss));
    assertEquals(s.totalIterations(), at[at.length - 1], "the run ends at the evaluation that stopped it");
    for (int k = 0; k < at.length; k++) {
      assertEquals(k + 1, at[k], "every iteration");
    }
    int best = 0;
    for (int k = 1; k < loss.length; k++) {
      best = loss[k] < loss[best] ? k : best;
    }
    assertEquals(at[best], s.modelIteration(), "the model holds the lowest validation loss's θ");
    assertEquals(at.length - 2, best, "patience 1: the first evaluation without a new best stops the run");
    // The same run cut at the best iteration, without selection, ends at the same θ bit for bit: evaluations
    // do not disturb training, and keepBest hands over exactly the θ that was evaluated.
    CnfDensityModel cut = small().setMaxIter((int) s.modelIteration()).setValidationFraction(0.25)
        .setValidationInterval(1).fit(df);
    assertArrayEquals(cut.parameters(), m.parameters());
    assertEquals(s.modelIteration(), cut.summary().modelIteration());
  }

  @Test
  void checkpointsContinueAFitBitForBitAndBelongToOneFit() throws Exception {
    Dataset<Row> df = points(600, 2);
    String checkpoints = dir.resolve("checkpoints").toString();
    small().setMaxIter(12).setCheckpointDir(checkpoints).setCheckpointInterval(5).fit(df);
    CheckpointStore store = new CheckpointStore(new HadoopStorage(spark.sparkContext().hadoopConfiguration()),
        checkpoints, 3);
    assertEquals(List.of("checkpoint-000000000005.odsk", "checkpoint-000000000010.odsk",
        "checkpoint-000000000012.odsk"), store.list().stream().map(org.apache.hadoop.fs.Path::getName).toList());
    CnfDensityModel resumed = small().setMaxIter(20).setCheckpointDir(checkpoints).setCheckpointInterval(5).fit(df);
    assertEquals(13, resumed.summary().firstIteration(), "continued after the newest checkpoint");
    assertEquals(8, resumed.summary().totalIterations());
    CnfDensityModel straight = small().setMaxIter(20).fit(df);
    assertArrayEquals(straight.parameters(), resumed.parameters(), "a continued fit ends where a straight one does");

    IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> small().setMaxIter(20)
        .setLearningRate(1e-2).setCheckpointDir(checkpoints).fit(df));
    assertTrue(other.getMessage().contains("holds checkpoints of another fit")
        && other.getMessage().contains("optimizer.learning_rate"), other.getMessage());
    assertTrue(Files.exists(dir.resolve("checkpoints").resolve("checkpoint-000000000020.odsk")),
        "the refused fit leaves the checkpoints alone");
  }
}
