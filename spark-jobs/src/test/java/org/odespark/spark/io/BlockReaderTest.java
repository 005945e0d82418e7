package org.odespark.spark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.data.RunningMoments;
import org.odespark.data.ToyDistributions;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.DataConfig;
import org.odespark.spark.testing.SparkTests;

/** Every input format into blocks, the errors that name file, column and row, standardization, fingerprints. */
class BlockReaderTest {

  private static SparkSession spark;
  private static final ConfigLoader LOADER = ConfigLoader.standard();

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

  private static DataConfig data(String... sets) {
    return LOADER.load(List.of(), List.of(sets)).data();
  }

  private static TrainingData read(DataConfig cfg) throws IOException {
    return BlockReader.read(spark, cfg, null, StorageLevel.MEMORY_ONLY(), 0);
  }

  /** All rows of all blocks, in partition order. */
  private static List<Batch> blocks(TrainingData d) {
    List<Batch> b = d.blocks().collect();
    d.unpersist();
    return b;
  }

  private static String message(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (; t != null; t = t.getCause()) {
      s.append(t.getMessage()).append('\n');
    }
    return s.toString();
  }

  private static final double[][] ROWS = {{1.5, -2, 0}, {0.25, 4, 1}, {3, 3, 0}, {-1, 0.5, 1}, {2, 2, 1}, {7, -7, 0}};

  @Test
  void csvInAnySplitAndParquetGiveTheSameBlocks() throws IOException {
    Path one = dir.resolve("one");
    Files.createDirectories(one);
    StringBuilder all = new StringBuilder("a;b;label\n");
    for (double[] r : ROWS) {
      all.append(r[0]).append(';').append(r[1]).append(';').append((int) r[2]).append('\n');
    }
    Files.writeString(one.resolve("all.csv"), all);
    Path three = dir.resolve("three");
    Files.createDirectories(three);
    for (int f = 0; f < 3; f++) {
      StringBuilder part = new StringBuilder("a;b;label\n");
      for (int i = 2 * f; i < 2 * f + 2; i++) {
        part.append(ROWS[5 - i][0]).append(';').append(ROWS[5 - i][1]).append(';').append((int) ROWS[5 - i][2])
            .append('\n');
      }
      Files.writeString(three.resolve("part" + f + ".csv"), part);
    }
    List<Row> rows = new ArrayList<>();
    for (double[] r : ROWS) {
      rows.add(RowFactory.create(r[0], r[1], (int) r[2]));
    }
    StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
        .add("label", DataTypes.IntegerType);
    String parquet = dir.resolve("rows.parquet").toString();
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(parquet);

    TrainingData a = read(data("data.format=csv", "data.path=" + one, "data.csv.delimiter=;", "data.label_column=label",
        "data.partitions=2"));
    TrainingData b = read(data("data.format=csv", "data.path=" + three, "data.csv.delimiter=;",
        "data.label_column=label", "data.partitions=2"));
    TrainingData c = read(data("data.format=parquet", "data.path=" + parquet, "data.label_column=label",
        "data.partitions=2"));
    assertEquals(6, a.fingerprint().rows());
    assertEquals(List.of("a", "b"), a.fingerprint().featureNames());
    assertTrue(a.labelled());
    // Placement and order follow the content, not the files: same hash, same partition sizes.
    assertEquals(a.fingerprint().contentHash(), b.fingerprint().contentHash());
    assertEquals(a.fingerprint().contentHash(), c.fingerprint().contentHash());
    assertArrayEquals(a.partitionRows(), c.partitionRows());
    // Without data.partitions, one partition per task slot (local[2]: 2), not one per file split (one file: 1).
    TrainingData d = read(data("data.format=csv", "data.path=" + one, "data.csv.delimiter=;",
        "data.label_column=label"));
    assertEquals(2, d.partitions());
    d.unpersist();
    List<Batch> ba = blocks(a);
    List<Batch> bc = blocks(c);
    for (int p = 0; p < ba.size(); p++) {
      assertArrayEquals(ba.get(p).features(), bc.get(p).features());
      assertArrayEquals(ba.get(p).labels(), bc.get(p).labels());
    }
    b.unpersist();
  }

  @Test
  void vectorColumnWithWeightsAndLibsvm() throws IOException {
    List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2, 3), 0.5), RowFactory.create(Vectors.sparse(3,
        new int[] {1}, new double[] {-4}), 2.0));
    StructType schema = new StructType().add("v", new VectorUDT()).add("w", DataTypes.DoubleType);
    String parquet = dir.resolve("vectors.parquet").toString();
    spark.createDataFrame(rows, schema).write().parquet(parquet);
    TrainingData d = read(data("data.format=parquet", "data.path=" + parquet, "data.vector_column=v",
        "data.weight_column=w", "data.partitions=1"));
    Batch b = blocks(d).get(0);
    assertEquals(3, b.cols());
    assertTrue(b.hasWeights());
    // Sorted by content within the partition: (0, −4, 0) before (1, 2, 3).
    assertArrayEquals(new double[] {0, -4, 0, 1, 2, 3}, b.features());
    assertArrayEquals(new double[] {2.0, 0.5}, b.weights());

    Path libsvm = dir.resolve("points.libsvm");
    Files.writeString(libsvm, "1 1:0.5 3:2\n0 2:-1\n2 1:1 2:1 3:1\n");
    TrainingData l = read(data("data.format=libsvm", "data.path=" + libsvm, "data.partitions=1"));
    Batch lb = blocks(l).get(0);
    assertEquals(3, lb.cols());
    assertArrayEquals(new double[] {0, -1, 0, 0.5, 0, 2, 1, 1, 1}, lb.features());
    assertArrayEquals(new int[] {0, 1, 2}, lb.labels());
  }

  @Test
  void fashionMnistIsSpreadAcrossPartitions() throws IOException {
    Path fm = dir.resolve("fm");
    Files.createDirectories(fm);
    int n = 10;
    byte[] pixels = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
      for (int k = 0; k < 784; k++) {
        pixels[i * 784 + k] = (byte) ((i * 31 + k) % 256);
      }
    }
    writeIdx(fm.resolve("t10k-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, pixels);
    writeIdx(fm.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {n}, labels);
    TrainingData d = read(data("data.format=fashion-mnist", "data.path=" + fm, "data.fashion_mnist.split=test",
        "data.partitions=3"));
    assertArrayEquals(new long[] {3, 3, 4}, d.partitionRows());
    List<Batch> b = blocks(d);
    // Partition 1 holds images 3..5; image 4, pixel 10 is (4·31 + 10) mod 256 = 134 → 134/255.
    assertEquals(134 / 255.0, b.get(1).feature(1, 10));
    assertEquals(4, b.get(1).label(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(data(
        "data.format=fashion-mnist", "data.path=" + fm, "data.fashion_mnist.split=train")));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
  }

  private static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000800 | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
      gz.write(bytes.toByteArray());
    }
  }

  @Test
  void toyDataIsGeneratedPerPartitionFromDerivedSeeds() throws IOException {
    TrainingData d = read(data("data.toy.name=moons", "data.toy.rows=1001", "data.toy.seed=5", "data.partitions=4"));
    assertArrayEquals(new long[] {251, 250, 250, 250}, d.partitionRows());
    List<Batch> b = blocks(d);
    for (int p = 0; p < 4; p++) {
      Batch expected = ToyDistributions.batch("moons", b.get(p).rows(), SeedSequence.of(5).random("toy-data", p));
      assertArrayEquals(expected.features(), b.get(p).features(), "partition " + p);
    }
    TrainingData other = read(data("data.toy.name=moons", "data.toy.rows=1001", "data.toy.seed=6", "data.partitions=4"));
    assertNotEquals(d.fingerprint().contentHash(), other.fingerprint().contentHash());
    other.unpersist();
  }

  @Test
  void standardizationIsFittedInOnePassAndApplied() throws IOException {
    TrainingData d = BlockReader.read(spark, data("data.toy.rows=2000", "data.partitions=3", "data.standardize=true",
        "data.toy.seed=2"), null, StorageLevel.MEMORY_ONLY(), 0);
    TrainingData raw = read(data("data.toy.rows=2000", "data.partitions=3", "data.toy.seed=2"));
    assertEquals(raw.fingerprint(), d.fingerprint(), "the fingerprint describes the data as read");
    RunningMoments m = new RunningMoments(2);
    List<Batch> rawBlocks = blocks(raw);
    for (Batch b : rawBlocks) {
      m.add(b.features(), 0, b.rows(), 2);
    }
    double[] mean = m.mean();
    double[] std = m.stddev();
    // Merging per-partition moments versus one pass: both accurate to ~1e-15 relative on these data.
    for (int j = 0; j < 2; j++) {
      assertEquals(mean[j], d.standardization().mean()[j], 1e-12);
      assertEquals(std[j], d.standardization().scale()[j], 1e-12);
    }
    Batch first = blocks(d).get(0);
    assertEquals((rawBlocks.get(0).feature(0, 1) - mean[1]) / std[1], first.feature(0, 1), 1e-12);
  }

  @Test
  void badInputIsNamedByFileColumnAndRow() throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "x,y\n1,2\n3,abc\n");
    String m = message(assertThrows(Exception.class, () -> read(data("data.format=csv", "data.path=" + csv))));
    assertTrue(m.contains("bad.csv line 3: column 'y' has the non-numeric value 'abc'; row: x=3, y=abc"), m);

    Path nan = dir.resolve("nan.csv");
    Files.writeString(nan, "x,y\n1,NaN\n");
    String n = message(assertThrows(Exception.class, () -> read(data("data.format=csv", "data.path=" + nan))));
    assertTrue(n.contains("column 'y' has the non-finite value NaN") && n.contains("nan.csv"), n);

    Path missing = dir.resolve("missing.csv");
    Files.writeString(missing, "x,y\n1\n");
    String g = message(assertThrows(Exception.class, () -> read(data("data.format=csv", "data.path=" + missing))));
    assertTrue(g.contains("missing.csv line 2: the row has 1 field where the header has 2: '1'"), g);

    DataFormatException column = assertThrows(DataFormatException.class, () -> read(data("data.format=csv",
        "data.path=" + csv, "data.features=x,yy")));
    assertTrue(column.getMessage().contains("column 'yy'") && column.getMessage().contains("did you mean 'y'?")
        && column.getMessage().contains("columns: x:string, y:string"), column.getMessage());

    DataFormatException path = assertThrows(DataFormatException.class, () -> read(data("data.format=parquet",
        "data.path=" + dir.resolve("nothing.parquet"))));
    assertTrue(path.getMessage().contains("nothing.parquet"), path.getMessage());
  }
}
