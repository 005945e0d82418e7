package org.odespark.spark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.Partition;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.objective.Batch;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.DataConfig;
import org.odespark.spark.testing.SparkTests;
import scala.reflect.ClassTag$;

/**
 * Fashion-MNIST IDX files into blocks through {@link BlockReader}: small files written here (gzip and plain),
 * read back exactly for several partition counts; tasks carry descriptors, not pixels; bad files are named.
 */
class IdxBlocksTest {

  private static SparkSession spark;
  private static final ConfigLoader LOADER = ConfigLoader.standard();
  private static final int PIXELS = 784;

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

  private static TrainingData read(Path directory, String split, int partitions) throws IOException {
    DataConfig cfg = LOADER.load(List.of(), List.of("data.format=fashion-mnist", "data.path=" + directory,
        "data.fashion_mnist.split=" + split, "data.partitions=" + partitions)).data();
    return BlockReader.read(spark, cfg, null, StorageLevel.MEMORY_ONLY(), 0);
  }

  private static String message(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (; t != null; t = t.getCause()) {
      s.append(t.getMessage()).append('\n');
    }
    return s.toString();
  }

  /** Image i, pixel k: every byte value 0..255 occurs, and neighbouring images differ. */
  private static byte[] pixels(int n) {
    byte[] p = new byte[n * PIXELS];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < PIXELS; k++) {
        p[i * PIXELS + k] = (byte) ((i * 37 + k * 11 + (k >> 5)) % 256);
      }
    }
    return p;
  }

  private static byte[] labels(int n) {
    byte[] l = new byte[n];
    for (int i = 0; i < n; i++) {
      l[i] = (byte) ((i * 7 + i / 10) % 10);
    }
    return l;
  }

  /** The IDX bytes: magic 0x0000 08 rank, the dimensions, the data. */
  private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt((type << 8) | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  private static void write(Path file, byte[] content, boolean gzip) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
  }

  /** A directory with {@code split}'s two files, gzip-compressed ("….gz") or plain. */
  private static Path dataset(String name, String split, byte[] images, byte[] labels, boolean gzip)
      throws IOException {
    Path d = dir.resolve(name);
    String prefix = split.equals("test") ? "t10k" : "train";
    write(d.resolve(prefix + "-images-idx3-ubyte" + (gzip ? ".gz" : "")), images, gzip);
    write(d.resolve(prefix + "-labels-idx1-ubyte" + (gzip ? ".gz" : "")), labels, gzip);
    return d;
  }

  private static void assertExact(TrainingData d, int n, int partitions, byte[] pixels, byte[] labels) {
    assertEquals(partitions, d.partitions());
    List<Batch> blocks = d.blocks().collect();
    assertEquals(partitions, blocks.size());
    for (int p = 0; p < partitions; p++) {
      int from = (int) ((long) p * n / partitions);
      int to = (int) ((long) (p + 1) * n / partitions);
      Batch b = blocks.get(p);
      assertEquals(to - from, b.rows(), "rows of partition " + p + " of " + partitions);
      assertEquals(to - from, d.partitionRows()[p]);
      assertEquals(PIXELS, b.cols());
      double[] expected = new double[(to - from) * PIXELS];
      int[] classes = new int[to - from];
      for (int i = from; i < to; i++) {
        classes[i - from] = labels[i];
        for (int k = 0; k < PIXELS; k++) {
          expected[(i - from) * PIXELS + k] = (pixels[i * PIXELS + k] & 0xff) / 255.0;
        }
      }
      // assertArrayEquals on double[] compares bit patterns: exact.
      assertArrayEquals(expected, b.features(), "pixels of partition " + p + " of " + partitions);
      assertArrayEquals(classes, b.labels(), "labels of partition " + p + " of " + partitions);
    }
    d.unpersist();
  }

  @Test
  void gzipAndPlainFilesAreReadExactlyForAnyPartitionCount() throws IOException {
    int n = 23;
    byte[] px = pixels(n);
    byte[] lb = labels(n);
    Path gz = dataset("gz", "train", idx(0x08, new int[] {n, 28, 28}, px), idx(0x08, new int[] {n}, lb), true);
    Path plain = dataset("plain", "test", idx(0x08, new int[] {n, 28, 28}, px), idx(0x08, new int[] {n}, lb), false);
    String hash = null;
    for (int partitions : new int[] {1, 2, 3, 5, 8, 23}) {
      TrainingData a = read(gz, "train", partitions);
      TrainingData b = read(plain, "test", partitions);
      assertEquals(a.fingerprint().contentHash(), b.fingerprint().contentHash(), partitions + " partitions");
      hash = hash == null ? a.fingerprint().contentHash() : hash;
      assertExact(a, n, partitions, px, lb);
      assertExact(b, n, partitions, px, lb);
    }
    // 0 and 255 map to exactly 0 and 1.
    TrainingData one = read(plain, "test", 1);
    Batch b = one.blocks().first();
    one.unpersist();
    double[] f = b.features();
    assertTrue(Arrays.stream(f).anyMatch(x -> x == 0.0) && Arrays.stream(f).anyMatch(x -> x == 1.0));
  }

  @Test
  void widerIntegerElementsKeepTheirLowByteAsBefore() throws IOException {
    // The reader accepts any integer element type and keeps (byte) value, as the driver-side reader did.
    int n = 4;
    byte[] px = pixels(n);
    byte[] shorts = new byte[2 * px.length];
    for (int k = 0; k < px.length; k++) {
      shorts[2 * k] = (byte) (k % 3);
      shorts[2 * k + 1] = px[k];
    }
    byte[] lb = labels(n);
    ByteBuffer ints = ByteBuffer.allocate(4 * n);
    for (byte l : lb) {
      ints.putInt(l);
    }
    Path d = dataset("short", "train", idx(0x0B, new int[] {n, 28, 28}, shorts), idx(0x0C, new int[] {n},
        ints.array()), true);
    assertExact(read(d, "train", 3), n, 3, px, lb);
  }

  @Test
  void tasksCarryRangesNotPixels() throws IOException {
    // 2000 images are 1.5 MB of pixels: shipped with the partitions they would make each over 100 kB.
    int n = 2000;
    byte[] px = pixels(n);
    byte[] lb = labels(n);
    Path d = dataset("large", "train", idx(0x08, new int[] {n, 28, 28}, px), idx(0x08, new int[] {n}, lb), true);
    TrainingData t = read(d, "train", 4);
    List<Partition> parts = t.blocks().partitions();
    assertEquals(4, parts.size());
    for (Partition p : parts) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(p);
      }
      assertTrue(bytes.size() < 10_000, "partition " + p.index() + " serializes to " + bytes.size() + " bytes");
    }
    assertExact(t, n, 4, px, lb);
  }

  @Test
  void rangeDescriptorsSurviveKryo() {
    SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
    IdxBlocks.Range r = new IdxBlocks.Range(3, 7500, 10000);
    IdxBlocks.Range back = kryo.deserialize(kryo.serialize(r, ClassTag$.MODULE$.apply(IdxBlocks.Range.class)),
        ClassTag$.MODULE$.apply(IdxBlocks.Range.class));
    assertEquals(List.of(3, 7500, 10000), List.of(back.partition, back.from, back.to));
  }

  @Test
  void badFilesAreNamedWithTheirRowOrShape() throws IOException {
    int n = 12;
    byte[] px = pixels(n);
    byte[] lb = labels(n);
    byte[] bad = lb.clone();
    bad[7] = 12;
    Path label = dataset("badlabel", "train", idx(0x08, new int[] {n, 28, 28}, px), idx(0x08, new int[] {n}, bad),
        true);
    DataFormatException e = assertThrows(DataFormatException.class, () -> read(label, "train", 2));
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz: label 7 is 12, outside 0..9"), e.getMessage());

    Path plainLabel = dataset("badlabelplain", "test", idx(0x08, new int[] {n, 28, 28}, px),
        idx(0x08, new int[] {n}, bad), false);
    e = assertThrows(DataFormatException.class, () -> read(plainLabel, "test", 2));
    assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: label 7 is 12, outside 0..9"), e.getMessage());

    Path shape = dataset("shape", "train", idx(0x08, new int[] {n, 27, 28}, Arrays.copyOf(px, n * 27 * 28)),
        idx(0x08, new int[] {n}, lb), true);
    e = assertThrows(DataFormatException.class, () -> read(shape, "train", 2));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz holds IdxArray[0x08 (unsigned byte), dims [12, 27,"
        + " 28]]; expected unsigned bytes of shape n×28×28"), e.getMessage());

    Path count = dataset("count", "train", idx(0x08, new int[] {n, 28, 28}, px),
        idx(0x08, new int[] {n - 1}, Arrays.copyOf(lb, n - 1)), true);
    e = assertThrows(DataFormatException.class, () -> read(count, "train", 2));
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz holds") && e.getMessage().contains("for 12 images"),
        e.getMessage());

    Path few = dataset("few", "train", idx(0x08, new int[] {n, 28, 28}, px), idx(0x08, new int[] {n}, lb), false);
    e = assertThrows(DataFormatException.class, () -> read(few, "train", 13));
    assertTrue(e.getMessage().contains("12 images cannot fill data.partitions = 13"), e.getMessage());
  }

  @Test
  void truncatedOrLongerImageFilesFailOnTheDriver() throws IOException {
    int n = 6;
    byte[] px = pixels(n);
    byte[] lb = idx(0x08, new int[] {n}, labels(n));
    byte[] full = idx(0x08, new int[] {n, 28, 28}, px);
    for (boolean gzip : new boolean[] {true, false}) {
      String suffix = gzip ? ".gz" : "";
      Path shortFile = dataset("short-" + gzip, "train", Arrays.copyOf(full, full.length - 100), lb, gzip);
      String m = message(assertThrows(Exception.class, () -> read(shortFile, "train", 2)));
      assertTrue(m.contains("train-images-idx3-ubyte" + suffix) && m.contains("truncated data"), m);

      Path longFile = dataset("long-" + gzip, "train", Arrays.copyOf(full, full.length + 3), lb, gzip);
      m = message(assertThrows(Exception.class, () -> read(longFile, "train", 2)));
      assertTrue(m.contains("train-images-idx3-ubyte" + suffix) && m.contains("trailing garbage: 3 bytes"), m);

      Path header = dataset("header-" + gzip, "train", Arrays.copyOf(full, 10), lb, gzip);
      m = message(assertThrows(Exception.class, () -> read(header, "train", 2)));
      assertTrue(m.contains("train-images-idx3-ubyte" + suffix) && m.contains("file ends inside the header"), m);
    }
    // Two gzip members (as cat a.gz b.gz makes): the trailer records only the second one's length, the
    // full read accepts the file.
    Path members = dir.resolve("members");
    Files.createDirectories(members);
    ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
    for (byte[] part : new byte[][] {Arrays.copyOf(full, 1000), Arrays.copyOfRange(full, 1000, full.length)}) {
      ByteArrayOutputStream one = new ByteArrayOutputStream();
      try (OutputStream gz = new GZIPOutputStream(one)) {
        gz.write(part);
      }
      twoMembers.write(one.toByteArray());
    }
    Files.write(members.resolve("train-images-idx3-ubyte.gz"), twoMembers.toByteArray());
    write(members.resolve("train-labels-idx1-ubyte.gz"), lb, true);
    assertExact(read(members, "train", 3), n, 3, px, labels(n));
  }
}
