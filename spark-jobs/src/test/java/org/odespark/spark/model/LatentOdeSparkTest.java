package org.odespark.spark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odespark.spark.testing.SparkTests.relative;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.adjoint.SolverSpec;
import org.odespark.latent.LatentOdeSpec;
import org.odespark.latent.PeriodicSeries;
import org.odespark.latent.SeriesLayout;
import org.odespark.latent.SeriesObjective;
import org.odespark.latent.Spirals;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.random.SeedSequence;
import org.odespark.spark.Main;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.DataConfig;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.BlockReader;
import org.odespark.spark.io.SeriesBlocks;
import org.odespark.spark.io.TrainingData;
import org.odespark.spark.testing.SparkTests;

/**
 * {@code model.type = latent-ode} through the Spark glue: generated and long-format series as blocks, bad
 * series stopping the job with one line and exit code 2, and the distributed gradient against the one-JVM
 * fold over the same solves.
 */
class LatentOdeSparkTest {

  private static SparkSession spark;
  private static JavaSparkContext sc;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[2]");
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static DataConfig data(String... overrides) {
    List<String> all = new ArrayList<>(List.of(overrides));
    all.add("model.type=latent-ode");
    return ConfigLoader.standard().load(List.of(), all).data();
  }

  /** The rows of every block in partition order. */
  private static double[] rowsInOrder(TrainingData data) {
    List<Batch> blocks = data.blocks().collect();
    int size = 0;
    for (Batch b : blocks) {
      size += b.features().length;
    }
    double[] all = new double[size];
    int at = 0;
    for (Batch b : blocks) {
      System.arraycopy(b.features(), 0, all, at, b.features().length);
      at += b.features().length;
    }
    return all;
  }

  @Test
  void generatedSeriesAreTheSameInAnyPartitioning() throws Exception {
    // Series i comes from its own stream: in 1, 2 or 3 partitions the executors make the same rows in the same
    // order as the generator in this JVM (spirals and periodic series).
    Batch expected = new Spirals(20, 8, 5, 0.1).generate(4, 10, 11, true);
    for (int p : new int[] {1, 3}) {
      TrainingData d = BlockReader.read(spark, data("data.format=spirals", "data.partitions=" + p,
          "data.generator.count=11", "data.generator.first=10", "data.generator.seed=4", "data.generator.points=20",
          "data.generator.observed=8", "data.generator.extrapolate=5"), null, StorageLevel.MEMORY_ONLY(), 0);
      try {
        assertEquals(p, d.partitions());
        assertArrayEquals(expected.features(), rowsInOrder(d), "P=" + p);
        assertEquals(new Spirals(20, 8, 5, 0.1).layout(), LatentOdeFactory.layout(new DataShape(d.cols(), false,
            d.fingerprint().featureNames())), "the layout travels with the column names");
      } finally {
        d.unpersist();
      }
    }
    PeriodicSeries defaults = PeriodicSeries.defaults();
    Batch periodic = new PeriodicSeries(7, 3, 2, defaults.minFrequency(), defaults.maxFrequency(),
        defaults.minAmplitude(), defaults.maxAmplitude(), 0.2).generate(6, 0, 5, true);
    TrainingData d = BlockReader.read(spark, data("data.format=periodic", "data.partitions=2",
        "data.generator.count=5", "data.generator.seed=6", "data.generator.observed=7", "data.generator.held_out=3",
        "data.generator.extrapolate=2", "data.generator.noise=0.2"), null, StorageLevel.MEMORY_ONLY(), 0);
    try {
      assertArrayEquals(periodic.features(), rowsInOrder(d), "periodic, P=2");
    } finally {
      d.unpersist();
    }
  }

  @Test
  void longFormatGathersEachSeriesWholeAndNormalisesItsTimes() throws Exception {
    // Series a is spread over both files (each file in time order), b has a missing value, c one row.
    Path in = Files.createDirectories(dir.resolve("long"));
    Files.writeString(in.resolve("one.csv"), "id,time,v,w,mv,mw\na,0.5,1.0,2.0,1,1\nb,3,5,NaN,1,0\na,1.5,1.5,2.5,1,1\n");
    Files.writeString(in.resolve("two.csv"), "id,time,v,w,mv,mw\na,1.0,1.2,2.2,1,1\nc,10,7,8,1,1\nb,4,5.5,6.5,1,1\n");
    DataConfig cfg = data("data.format=csv", "data.path=" + in, "data.partitions=2", "data.series.id_column=id",
        "data.series.time_column=time", "data.series.value_columns=[v, w]", "data.series.mask_columns=[mv, mw]",
        "data.series.max_length=4", "data.series.time_scale=0.5");
    SeriesLayout layout = new SeriesLayout(4, 2);
    Map<String, double[]> expected = new HashMap<>();
    // (t − t_first) / 0.5, then the values and masks per observation; a masked value is stored as 0.
    expected.put("a", row(layout, new double[][] {{0, 1.0, 2.0, 1, 1}, {1, 1.2, 2.2, 1, 1}, {2, 1.5, 2.5, 1, 1}}));
    expected.put("b", row(layout, new double[][] {{0, 5, 0, 1, 0}, {2, 5.5, 6.5, 1, 1}}));
    expected.put("c", row(layout, new double[][] {{0, 7, 8, 1, 1}}));
    Map<String, Double> origins = Map.of("a", 0.5, "b", 3.0, "c", 10.0);
    List<SeriesBlocks.Block> blocks = SeriesBlocks.read(spark, cfg, 2).blocks().collect();
    Map<String, Integer> seen = new HashMap<>();
    for (SeriesBlocks.Block b : blocks) {
      for (int r = 0; r < b.ids().length; r++) {
        String id = b.ids()[r];
        assertEquals(null, seen.put(id, r), id + " twice: a series must lie whole in one partition");
        double[] got = java.util.Arrays.copyOfRange(b.rows().features(), r * layout.cols(), (r + 1) * layout.cols());
        assertArrayEquals(expected.get(id), got, id);
        assertEquals(origins.get(id), b.origins()[r], id);
      }
    }
    assertEquals(expected.keySet(), seen.keySet());
  }

  private static double[] row(SeriesLayout layout, double[][] obs) {
    double[] f = new double[layout.cols()];
    for (int k = 0; k < obs.length; k++) {
      layout.set(f, 0, k, obs[k][0], SeriesLayout.OBSERVED, obs[k], 1, obs[k], 3);
    }
    f[0] = obs.length;
    return f;
  }

  @Test
  void badSeriesStopTrainingWithOneLineAndExitCode2() throws Exception {
    String header = "id,t,x\n";
    Map<String, String[]> cases = new java.util.LinkedHashMap<>();
    cases.put("unsorted", new String[] {"s,0,1\ns,2,1\ns,1,1\n", "series 's' is not in time order in file"});
    cases.put("duplicate", new String[] {"s,0,1\ns,1,1\ns,1,2\n", "series 's' has two observations at t = 1.0"});
    cases.put("nonfinite", new String[] {"s,0,1\ns,1,Infinity\n", "column 'x' has the non-finite value"});
    cases.put("long", new String[] {"s,0,1\ns,1,1\ns,2,1\ns,3,1\n", "more than data.series.max_length = 3"});
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      Path csv = dir.resolve(c.getKey() + ".csv");
      Files.writeString(csv, header + c.getValue()[0]);
      Path out = dir.resolve("bad-" + c.getKey());
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> args = List.of("train", "--set", "model.type=latent-ode", "--set", "data.format=csv",
          "--set", "data.path=" + csv, "--set", "data.series.id_column=id", "--set", "data.series.max_length=3",
          "--set", "data.partitions=1", "--set", "train.iterations=1", "--set", "output.dir=" + out);
      int code = SparkTests.quietly(new ByteArrayOutputStream(), err, () -> Main.execute(args.toArray(new String[0])));
      String message = err.toString(StandardCharsets.UTF_8).strip();
      assertEquals(2, code, c.getKey() + ": " + message);
      assertTrue(message.startsWith("odespark train: error: ") && message.contains(c.getValue()[1]),
          c.getKey() + ": " + message);
      assertFalse(message.contains("\n"), c.getKey() + ": one line, got " + message);
      assertFalse(Files.exists(out.resolve("model.odsm")), c.getKey() + ": no model for bad input");
    }
  }

  @Test
  void distributedGradientEqualsTheOneJvmFoldOverTheSameSolves() {
    Spirals spirals = new Spirals(12, 6, 0, 0.1);
    Batch data = spirals.generate(1, 0, 24, false);
    LatentOdeSpec spec = LatentOdeSpec.builder(spirals.layout().maxLength(), 2).latentDim(3).hidden(6)
        .fieldHidden(8).decoderHidden(8).solver(SolverSpec.adaptive("dopri5", 1e-6, 1e-6)).build();
    SeriesObjective model = spec.create();
    double[] theta = new double[model.parameterCount()];
    model.initialize(theta, 3);
    int batch = data.rows();
    long seed = 5;
    long iteration = 2;
    for (int p : new int[] {1, 2, 4}) {
      TrainingData blocks = SparkTests.blocks(sc, data, p);
      try (SparkTrainer t = new SparkTrainer(sc, blocks, spec, SparkTests.options(10, batch, seed), 2)) {
        GradientAggregator sums = t.gradient(theta, iteration);
        double[] g = new double[theta.length];
        sums.meanGradient(g);
        // The same series in the same solves in one JVM: each partition's share drawn by the documented rule,
        // one accumulate per partition with the seed the trainer derives for it (the posterior sample).
        GradientAggregator reference = SparkTests.oneJvmSums(model, theta, data, blocks, batch, seed, iteration);
        double[] expected = new double[theta.length];
        reference.meanGradient(expected);
        // Same solves, another order of the cross-partition sum: rounding only.
        assertTrue(relative(g, expected) <= 1e-12, "P=" + p + ": relative difference " + relative(g, expected));
        assertEquals(batch, sums.examples());
        assertEquals(reference.lossSum(), sums.lossSum(), 1e-12 * Math.abs(reference.lossSum()), "P=" + p);
      } finally {
        blocks.unpersist();
      }
    }
  }
}
