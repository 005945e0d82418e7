package org.odespark.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
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
import org.odespark.classify.ConcentricCircles;
import org.odespark.data.ToyDistributions;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.spark.Main;
import org.odespark.spark.config.ConfigSchema;
import org.odespark.spark.testing.SparkTests;

/**
 * One model format for the jobs and the ML API: a {@code train} job's model.odsm loads as a
 * {@link CnfDensityModel}, an ML model's data is a model.odsm the {@code score} job uses, and both score the
 * same points alike; the estimators' defaults are reference.conf's.
 */
class CliModelsTest {

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

  /** A small, fast flow as job settings: 8 hidden units, loose tolerances. */
  private static List<String> small(Path out) {
    List<String> args = new ArrayList<>();
    for (String s : List.of("model.cnf.hidden=[8]", "solver.rtol=1e-3", "solver.atol=1e-3",
        "solver.backward.rtol=1e-3", "solver.backward.atol=1e-3", "data.toy.rows=400", "data.partitions=2",
        "train.iterations=4", "train.batch_size=50", "data.standardize=true", "checkpoint.every=0",
        "output.dir=" + out)) {
      args.add("--set");
      args.add(s);
    }
    return args;
  }

  private static void run(String job, List<String> args) throws Exception {
    output(job, args);
  }

  /** The job's standard output (evaluate's JSON line); fails the test unless the job exits 0. */
  private static String output(String job, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(List.of(job));
    all.addAll(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SparkTests.quietly(out, err, () -> Main.execute(all.toArray(new String[0])));
    assertEquals(0, code, () -> job + " failed:\n" + err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final double[][] POINTS = {{0.5, -1.0}, {2.0, 1.5}, {-1.0, 0.25}};

  /** The points as one partition of a features column (one scoring chunk, as in the score job). */
  private static Dataset<Row> points() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < POINTS.length; i++) {
      rows.add(RowFactory.create("r" + i, Vectors.dense(POINTS[i])));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType).add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  /** log p of the points by the score job with the model of {@code out}. */
  private static double[] scoreJob(Path out) throws Exception {
    Path csv = dir.resolve("points-" + out.getFileName() + ".csv");
    StringBuilder text = new StringBuilder("id,x0,x1\n");
    for (int i = 0; i < POINTS.length; i++) {
      text.append("r").append(i).append(',').append(POINTS[i][0]).append(',').append(POINTS[i][1]).append('\n');
    }
    Files.writeString(csv, text);
    List<String> args = new ArrayList<>(List.of("--set", "output.dir=" + out, "--set", "data.format=csv", "--set",
        "data.path=" + csv, "--set", "data.features=x0,x1", "--set", "data.partitions=1"));
    run("score", args);
    return spark.read().parquet(out.resolve("scores.parquet").toString()).orderBy("id").collectAsList().stream()
        .mapToDouble(r -> r.getDouble(r.fieldIndex("log_density"))).toArray();
  }

  private static double[] transform(CnfDensityModel m) {
    return m.transform(points()).orderBy("id").collectAsList().stream()
        .mapToDouble(r -> r.getDouble(r.fieldIndex("log_density"))).toArray();
  }

  @Test
  void aTrainJobsModelLoadsAsCnfDensityModel() throws Exception {
    Path out = dir.resolve("cli");
    run("train", small(out));
    Snapshot s = SnapshotFormat.read(Files.readAllBytes(out.resolve("model.odsm")), "model");
    CnfDensityModel m = CnfDensityModel.load(out.resolve("model.odsm").toString());
    assertArrayEquals(new int[] {8}, m.getHidden());
    assertEquals(1e-3, m.getAdjointRtol());
    assertEquals(4, m.getMaxIter());
    assertTrue(m.getStandardize());
    assertArrayEquals(s.theta(), m.parameters());
    assertEquals(s.standardization(), m.standardization().orElseThrow());
    // Same θ, flow, standardization and chunk of rows: the same numbers, up to summation order.
    assertArrayEquals(scoreJob(out), transform(m), 1e-9);
    assertArrayEquals(m.parameters(), CnfDensityModel.load(out.toString()).parameters(), "the output directory");
    assertEquals(s.spec(), m.spec().properties(), "the same flow as the job's");

    // A stored spec that the stored parameters do not build (same θ length) is refused, naming the key.
    Map<String, String> other = new java.util.LinkedHashMap<>(s.spec());
    String key = other.keySet().stream().filter(k -> k.endsWith("activation")).findFirst().orElseThrow();
    String builtActivation = other.get(key);
    other.put(key, "softplus".equals(builtActivation) ? "tanh" : "softplus");
    Path edited = dir.resolve("cli-edited.odsm");
    Files.write(edited, SnapshotFormat.toBytes(new Snapshot(s.kind(), s.modelType(), s.iteration(), s.theta(), null,
        other, s.config(), s.configHash(), s.data(), s.standardization())));
    IllegalArgumentException edit = assertThrows(IllegalArgumentException.class,
        () -> CnfDensityModel.load(edited.toString()));
    assertTrue(edit.getMessage().contains(key + ": stored " + other.get(key) + ", built " + builtActivation),
        edit.getMessage());

    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> CnfDensityModel.load(dir.resolve("nothing").toString()));
    assertTrue(none.getMessage().contains("neither an ML model"), none.getMessage());
  }

  @Test
  void anMlModelsDataIsAModelFileTheJobsUse() throws Exception {
    double[] xy = ToyDistributions.sample("8gaussians", 400, SeedSequence.of(4).random("points"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      rows.add(RowFactory.create(Vectors.dense(xy[2 * i], xy[2 * i + 1])));
    }
    Dataset<Row> df = spark.createDataFrame(rows, new StructType().add("features", SQLDataTypes.VectorType()))
        .repartition(2);
    CnfDensityModel m = new CnfDensityEstimator().setHidden(8).setTolerances(1e-3, 1e-3).setMaxIter(4)
        .setBatchSize(50).setStandardize(true).fit(df);
    Path saved = dir.resolve("ml-model");
    m.write().overwrite().save(saved.toString());
    Snapshot s = SnapshotFormat.read(Files.readAllBytes(saved.resolve("data/model.odsm")), "ml model");
    assertEquals("cnf", s.modelType());
    assertEquals(4, s.iteration());
    assertArrayEquals(m.parameters(), s.theta());
    assertTrue(s.config().contains("model.cnf.hidden = [8]"), s.config());
    assertArrayEquals(transform(m), scoreJob(saved.resolve("data")), 1e-9);
    CnfDensityModel loaded = CnfDensityModel.load(saved.toString());
    assertEquals(m.uid(), loaded.uid(), "an ML model keeps its Spark metadata");
    assertArrayEquals(transform(m), transform(loaded), 0.0);
  }

  /** Labelled points of two rings as CSV (x0, x1, label). */
  private static Path circles() throws Exception {
    Batch b = ConcentricCircles.sample(200, SeedSequence.of(6).random("circles"));
    StringBuilder text = new StringBuilder("x0,x1,label\n");
    for (int i = 0; i < b.rows(); i++) {
      text.append(b.features()[2 * i]).append(',').append(b.features()[2 * i + 1]).append(',')
          .append(b.labels()[i]).append('\n');
    }
    Path csv = dir.resolve("circles.csv");
    Files.writeString(csv, text);
    return csv;
  }

  private static List<String> classifier(Path out, Path csv) {
    List<String> args = new ArrayList<>();
    for (String s : List.of("model.type=odenet-classifier", "data.format=csv", "data.path=" + csv,
        "data.label_column=label", "data.partitions=2", "model.classifier.classes=2", "model.classifier.hidden=6",
        "solver.rtol=1e-4", "solver.atol=1e-4", "solver.backward.rtol=1e-4", "solver.backward.atol=1e-4",
        "train.iterations=3", "train.batch_size=40", "checkpoint.every=0", "output.dir=" + out)) {
      args.add("--set");
      args.add(s);
    }
    return args;
  }

  @Test
  void theClassifierHasTheSameOneFormat() throws Exception {
    Path csv = circles();
    Path out = dir.resolve("cli-classifier");
    run("train", classifier(out, csv));
    Snapshot s = SnapshotFormat.read(Files.readAllBytes(out.resolve("model.odsm")), "model");
    OdeNetClassifierModel m = OdeNetClassifierModel.load(out.toString());
    assertArrayEquals(s.theta(), m.parameters());
    assertEquals(6, m.getWidth());
    assertEquals(1e-4, m.getRtol(), "the job's tolerance, not the ML default");
    assertEquals(s.spec(), m.spec().properties(), "the same classifier as the job's");

    // The ML model's data is a model file the evaluate job reads, with the same spec and θ: the same numbers.
    Path saved = dir.resolve("ml-classifier");
    m.write().overwrite().save(saved.toString());
    Snapshot t = SnapshotFormat.read(Files.readAllBytes(saved.resolve("data/model.odsm")), "ml model");
    assertEquals("odenet-classifier", t.modelType());
    assertEquals(s.spec(), t.spec());
    assertArrayEquals(s.theta(), t.theta());
    String job = output("evaluate", classifier(out, csv));
    assertTrue(job.contains("accuracy"), job);
    assertEquals(job, output("evaluate", classifier(saved.resolve("data"), csv)));
    OdeNetClassifierModel loaded = OdeNetClassifierModel.load(saved.toString());
    assertEquals(m.uid(), loaded.uid(), "an ML model keeps its Spark metadata");
    assertEquals(m.spec(), loaded.spec());

    // A stored spec that the stored parameters do not build is refused, naming the key.
    Map<String, String> other = new java.util.LinkedHashMap<>(t.spec());
    other.put("width", "7");
    Files.write(saved.resolve("data/model.odsm"), SnapshotFormat.toBytes(new Snapshot(t.kind(), t.modelType(),
        t.iteration(), t.theta(), null, other, t.config(), t.configHash(), t.data(), null)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OdeNetClassifierModel.load(saved.toString()));
    assertTrue(e.getMessage().contains("width: stored 7, built 6"), e.getMessage());
  }

  @Test
  void aDirectoryWithoutTheModelFileIsRefusedNamingIt() throws Exception {
    int count = new OdeNetClassifierEstimator().odeNetSpec(2, 3).create().parameterCount();
    Path saved = dir.resolve("old-classifier");
    new OdeNetClassifierModel("old", 2, 3, new double[count]).write().overwrite().save(saved.toString());
    // The θ file of development versions before data/model.odsm (never released) is not read.
    Files.delete(saved.resolve("data/model.odsm"));
    Files.write(saved.resolve("data/odespark-odenet.bin"), new byte[] {'O', 'D', 'S', 'P', 'O', 'D', 'E', '1'});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OdeNetClassifierModel.load(saved.toString()));
    assertTrue(e.getMessage().contains("neither an ML model (metadata/ and data/model.odsm)"), e.getMessage());
  }

  @Test
  void theEstimatorsDefaultsAreReferenceConfs() {
    ConfigSchema schema = ConfigSchema.load();
    assertDefaults(new CnfDensityEstimator(), ReferenceParams.CNF_ESTIMATOR, schema);
    assertDefaults(new CnfDensityModel("m", 2, new double[1], null, 0, ModelFiles.unknownData(2, false)),
        ReferenceParams.CNF_ESTIMATOR, schema);
    assertDefaults(new OdeNetClassifierEstimator(), ReferenceParams.CLASSIFIER, schema);
    CnfDensityEstimator e = new CnfDensityEstimator();
    assertEquals(false, e.getTrainTime(), "model.cnf.train_time: the train job's default");
    assertEquals("gaussian", e.getNoise(), "model.cnf.noise: FFJORD's default (train_toy.py --rademacher False)");
  }

  private static void assertDefaults(Params stage, Map<String, String> keys, ConfigSchema schema) {
    for (Map.Entry<String, String> k : keys.entrySet()) {
      Param<Object> p = stage.getParam(k.getKey());
      Object value = stage.getOrDefault(p);
      Object expected = schema.key(k.getValue()).defaultValue().unwrapped();
      String where = stage.getClass().getSimpleName() + "." + k.getKey() + " vs " + k.getValue();
      if (value instanceof int[] a) {
        assertEquals(expected, java.util.Arrays.stream(a).boxed().toList(), where);
      } else if (value instanceof Number n) {
        assertEquals(((Number) expected).doubleValue(), n.doubleValue(), 0.0, where);
      } else {
        assertEquals(expected, value, where);
      }
    }
  }
}
