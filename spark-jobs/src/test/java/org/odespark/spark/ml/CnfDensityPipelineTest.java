package org.odespark.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
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
import org.odespark.io.Standardization;
import org.odespark.random.SeedSequence;
import org.odespark.spark.testing.LogCapture;
import org.odespark.spark.testing.SparkTests;

/** The Spark ML API in a Pipeline after VectorAssembler and StandardScaler: fit, transform, save, load. */
class CnfDensityPipelineTest {

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

  private static Dataset<Row> points(int n, long seed) {
    double[] xy = ToyDistributions.sample("8gaussians", n, SeedSequence.of(seed).random("points"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(i, xy[2 * i], xy[2 * i + 1]));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema).repartition(2, org.apache.spark.sql.functions.col("id"))
        .sortWithinPartitions("id");
  }

  private static CnfDensityEstimator estimator() {
    return new CnfDensityEstimator().setHidden(32, 32).setMaxIter(120).setBatchSize(100).setTolerances(1e-4, 1e-4)
        .setLearningRate(5e-3).setSeed(3);
  }

  private static double[] column(Dataset<Row> df, String name) {
    return df.orderBy("id").select(name).collectAsList().stream().mapToDouble(r -> r.getDouble(0)).toArray();
  }

  @Test
  void pipelineFitsAndSavedModelScoresIdentically() throws Exception {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true).setWithStd(true),
        estimator()});
    Dataset<Row> train = points(1500, 1);
    PipelineModel fitted;
    List<String> log;
    try (LogCapture capture = new LogCapture("org.odespark.train")) {
      fitted = pipeline.fit(train);
      log = capture.messages();
    }
    Dataset<Row> test = points(300, 2);
    double[] before = column(fitted.transform(test), "log_density");
    for (double v : before) {
      assertTrue(Double.isFinite(v), "log density " + v);
    }
    // After standardization the best single Gaussian is N(0, I): mean log p = −(log 2π + 1) = −2.838, which
    // is where the initial flow starts. Training must learn structure beyond it (the 8 modes).
    CnfDensityModel trained = (CnfDensityModel) fitted.stages()[2];
    double heldOut = mean(before);
    assertTrue(heldOut > -(Math.log(2 * Math.PI) + 1) + 0.1, "held-out mean log p " + heldOut);

    assertSummary(trained.summary(), 120, log);

    String path = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    double[] after = column(loaded.transform(test), "log_density");
    assertArrayEquals(before, after, "save → load → transform must give identical log-densities");
    CnfDensityModel reloaded = (CnfDensityModel) loaded.stages()[2];
    assertArrayEquals(trained.parameters(), reloaded.parameters());
    assertEquals(trained.spec(), reloaded.spec());
    assertFalse(reloaded.hasSummary(), "a loaded model has no summary");
    IllegalStateException none = assertThrows(IllegalStateException.class, reloaded::summary);
    assertTrue(none.getMessage().contains("no training summary"), none.getMessage());
    assertSame(trained.summary(), trained.copy(new ParamMap()).summary(), "copies keep the summary");
  }

  /** A summary of every iteration, as the log reported it; the loss falls. */
  static void assertSummary(TrainingSummary s, int iterations, List<String> log) {
    assertEquals(iterations, s.totalIterations());
    double[] loss = s.objectiveHistory();
    assertEquals(iterations, loss.length);
    assertEquals(iterations, s.nfeForwardHistory().length);
    double first = 0;
    double last = 0;
    double seconds = 0;
    for (int i = 0; i < iterations; i++) {
      assertTrue(s.nfeForwardHistory()[i] >= 2 && s.nfeBackwardHistory()[i] >= 2, "NFE of iteration " + (i + 1));
      assertTrue(s.iterationSeconds()[i] > 0, "time of iteration " + (i + 1));
      seconds += s.iterationSeconds()[i];
      first += i < 20 ? loss[i] / 20 : 0;
      last += i >= iterations - 20 ? loss[i] / 20 : 0;
    }
    assertTrue(last < first - 0.05, "mean loss of the first 20 iterations " + first + ", of the last 20 " + last);
    assertTrue(s.trainingSeconds() >= seconds, "the fit takes at least its iterations' time");
    String lastLine = String.format(java.util.Locale.ROOT, "iteration %d/%d loss %.6f", iterations, iterations,
        loss[iterations - 1]);
    assertTrue(log.stream().anyMatch(l -> l.startsWith(lastLine) && l.contains(" nfe ") && l.contains(" eta ")),
        "the log reports the last iteration as the train job does: " + lastLine + " in " + log);
    assertEquals(iterations, log.stream().filter(l -> l.startsWith("iteration ")).count(), "a line per iteration");
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x / v.length;
    }
    return s;
  }

  /** n points of N(μ, diag σ²), μ = (50, −3), σ = (10, 2), as a features vector column with ids, in 2 partitions. */
  private static Dataset<Row> wideGaussian(int n, long seed) {
    java.util.random.RandomGenerator rng = SeedSequence.of(seed).random("wide");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(i, Vectors.dense(50 + 10 * rng.nextGaussian(), -3 + 2 * rng.nextGaussian())));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema).repartition(2, org.apache.spark.sql.functions.col("id"))
        .sortWithinPartitions("id");
  }

  @Test
  void internalStandardizationGivesDensitiesAndSamplesInTheDataUnits() throws Exception {
    CnfDensityModel m = estimator().setStandardize(true).setTrace("hutchinson").setMaxIter(60)
        .fit(wideGaussian(1000, 1));
    Standardization std = m.standardization().orElseThrow();
    double[] mu = {50, -3};
    double[] sigma = {10, 2};
    for (int j = 0; j < 2; j++) {
      // 1000 draws: the sample mean is within 4 standard errors, the sample deviation within 10 %.
      assertEquals(mu[j], std.mean()[j], 4 * sigma[j] / Math.sqrt(1000), "fitted mean " + j);
      assertEquals(sigma[j], std.scale()[j], 0.1 * sigma[j], "fitted scale " + j);
    }

    // log p(x) = log p_z((x − μ)/s) − Σ log s, against the core flow on the standardized points (one partition,
    // solved in the transform's chunks: the same solves; the exact trace, as scoreTrace = auto scores a 2-D flow).
    Dataset<Row> test = wideGaussian(500, 2).coalesce(1);
    List<Row> rows = m.transform(test).select("features", "log_density").collectAsList();
    double[] z = new double[2 * rows.size()];
    double[] logp = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(((Vector) rows.get(i).get(0)).toArray(), 0, z, 2 * i, 2);
      logp[i] = rows.get(i).getDouble(1);
    }
    std.apply(z, rows.size());
    double[] logpz = new double[rows.size()];
    org.odespark.flow.Cnf exact = m.spec().toBuilder().trace(org.odespark.flow.TraceEstimator.exact()).build()
        .create();
    for (int from = 0; from < rows.size(); from += ChunkedScoring.CHUNK) {
      int n = Math.min(ChunkedScoring.CHUNK, rows.size() - from);
      double[] chunk = java.util.Arrays.copyOfRange(z, 2 * from, 2 * (from + n));
      exact.logDensity(m.parameters(), new org.odespark.objective.Batch(n, 2, chunk, null, null), 0, logpz, from);
    }
    double meanLogp = 0;
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(logpz[i] + std.logAbsDetJacobian(), logp[i], 1e-12, "row " + i);
      meanLogp += logp[i] / rows.size();
    }
    // The data's own mean log-density is −(log 2π + 1) − log(10 · 2) = −5.83; a model cannot beat it by more
    // than the sampling noise, and the scaled vector's density (no Jacobian) would be 3 nats higher.
    double truth = -(Math.log(2 * Math.PI) + 1) - Math.log(20);
    assertTrue(meanLogp < truth + 0.2 && meanLogp > truth - 0.5, "held-out mean log p " + meanLogp + ", truth "
        + truth);

    // A Hutchinson-trained flow scores with the exact trace by default: the score seed changes nothing.
    ParamMap otherSeed = new ParamMap().put(m.seed(), 99L);
    assertArrayEquals(column(m.transform(test), "log_density"),
        column(m.copy(otherSeed).transform(test), "log_density"), "scoreTrace = auto: exact");
    CnfDensityModel asTrained = m.copy(new ParamMap()).setScoreTrace("model");
    assertFalse(java.util.Arrays.equals(column(asTrained.transform(test), "log_density"),
        column(asTrained.copy(otherSeed).transform(test), "log_density")), "scoreTrace = model: Hutchinson");

    // Samples come back in the data's units.
    List<Row> samples = m.sample(spark, 2000, 2, 5).collectAsList();
    double[] mean = new double[2];
    double[] square = new double[2];
    for (Row r : samples) {
      double[] x = ((Vector) r.get(0)).toArray();
      for (int j = 0; j < 2; j++) {
        mean[j] += x[j] / samples.size();
        square[j] += x[j] * x[j] / samples.size();
      }
    }
    for (int j = 0; j < 2; j++) {
      double sd = Math.sqrt(square[j] - mean[j] * mean[j]);
      // 60 iterations learn N(0, I) in z roughly: a loose band, but far from the scaled space's mean 0, sd 1.
      assertEquals(mu[j], mean[j], 0.3 * sigma[j], "sample mean " + j);
      assertEquals(sigma[j], sd, 0.3 * sigma[j], "sample deviation " + j);
    }

    Path saved = dir.resolve("standardized");
    m.write().overwrite().save(saved.toString());
    String summary = Files.readString(saved.resolve("model-summary.txt"));
    assertTrue(summary.contains("spec: CnfSpec[dim=2, 1 × [32, 32] concatsquash tanh")
        && summary.contains(String.format(java.util.Locale.ROOT, "parameters: %,d in ", m.parameters().length))
        && summary.contains("cnf0.0.W             32 × 2"), summary);
    CnfDensityModel back = CnfDensityModel.load(saved.toString());
    assertEquals(std, back.standardization().orElseThrow());
    assertArrayEquals(column(m.transform(test), "log_density"), column(back.transform(test), "log_density"),
        "save → load keeps the standardization");
  }

  @Test
  void samplesAreDrawnOnTheExecutorsReproducibly() {
    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features")
        .transform(points(600, 4));
    CnfDensityModel model = estimator().setMaxIter(5).fit(data);
    Dataset<Row> samples = model.sample(spark, 501, 3, 7);
    List<Row> rows = samples.collectAsList();
    assertEquals(501, rows.size());
    assertEquals(2, ((Vector) rows.get(0).get(0)).size());
    assertEquals(rows, model.sample(spark, 501, 3, 7).collectAsList(), "same seed, same samples");
  }

  @Test
  void invalidParametersAndColumnsAreRejectedWithTheirNames() {
    assertThrows(IllegalArgumentException.class, () -> new CnfDensityEstimator().setHidden(16, 0));
    assertThrows(IllegalArgumentException.class, () -> new CnfDensityEstimator().setMethod("rk4"));
    assertThrows(IllegalArgumentException.class, () -> new CnfDensityEstimator().setMaxIter(0));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> estimator().fit(points(50, 5)));
    assertTrue(missing.getMessage().contains("featuresCol = features") && missing.getMessage().contains("x"),
        missing.getMessage());
    Dataset<Row> notVector = points(50, 5).withColumnRenamed("x", "features");
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> estimator().fit(notVector));
    assertTrue(type.getMessage().contains("must be a vector column"), type.getMessage());
  }

  @Test
  void estimatorParamsRoundTripAndDamagedModelFilesAreDetected() throws Exception {
    CnfDensityEstimator e = estimator().setTrace("hutchinson").setNoise("gaussian");
    String path = dir.resolve("estimator").toString();
    e.write().overwrite().save(path);
    CnfDensityEstimator back = CnfDensityEstimator.load(path);
    assertEquals(e.cnfSpec(2), back.cnfSpec(2));
    assertEquals(120, back.getMaxIter());

    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features")
        .transform(points(300, 6));
    CnfDensityModel model = estimator().setMaxIter(2).fit(data);
    Path saved = dir.resolve("model");
    model.write().overwrite().save(saved.toString());
    Path file = saved.resolve("data/model.odsm");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class,
        () -> CnfDensityModel.load(saved.toString()));
    assertTrue(damaged.getMessage().contains("model.odsm") && damaged.getMessage().contains("corrupt"),
        damaged.getMessage());
  }
}
