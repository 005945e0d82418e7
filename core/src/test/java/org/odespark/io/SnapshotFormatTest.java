package org.odespark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.classify.OdeNetSpec;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.AdamW;
import org.odespark.optim.LearningRateSchedule;
import org.odespark.optim.Optimizer;
import org.odespark.optim.Sgd;
import org.odespark.optim.SgdOptions;

/** The one file format: committed files keep loading, round trips, and every kind of damage named. */
class SnapshotFormatTest {

  /** Committed files; {@link #main} wrote them. They must keep loading as {@link #version1()}, {@link #version2()}. */
  static final String VERSION_1 = "checkpoint-v1.odsk";
  static final String VERSION_2 = "checkpoint-v2.odsk";

  private static final DataFingerprint DATA = new DataFingerprint("toy:8gaussians rows=100 seed=7", 2,
      new long[] {50, 50}, "0123456789abcdef", false, false, List.of("x", "y"));
  private static final Standardization STD = new Standardization(new double[] {0.25, -0.5}, new double[] {2.0, 1.0});

  /** The checkpoint the first release wrote: Adam after one step, no spec. */
  static Snapshot version1() {
    Optimizer adam = new Adam(3);
    double[] theta = {0.5, -1.25, 3.0e-7};
    adam.step(theta, new double[] {0.1, -0.2, 0.3});
    return new Snapshot(Snapshot.Kind.CHECKPOINT, "cnf", 1, theta, adam.state(), Map.of(),
        "data {\n  format = toy\n}\n", "sha256:00ff", DATA, STD);
  }

  /** A checkpoint of version 2: Nesterov SGD under a warmup-cosine schedule, with the model's spec. */
  static Snapshot version2() {
    Optimizer sgd = new Sgd(3, SgdOptions.defaults().withNesterovMomentum(0.9).withWeightDecay(1e-4)
        .withSchedule(LearningRateSchedule.cosine(30, 0.1).withWarmup(0.2, 5)));
    double[] theta = {0.5, -1.25, 3.0e-7};
    for (int i = 0; i < 7; i++) {
      sgd.step(theta, new double[] {0.1 * i, -0.2, 0.3});
    }
    // The committed file's spec: T learned (the builder's default when it was written).
    Map<String, String> spec = CnfSpec.builder(2).hidden(8).time(0.5, true).trace(TraceEstimator.hutchinson(
        TraceEstimator.Noise.RADEMACHER)).build().properties();
    return new Snapshot(Snapshot.Kind.CHECKPOINT, "cnf", 7, theta, sgd.state(), spec,
        "train.seed = 3\nmodel.cnf.hidden = [8]\n", "sha256:0a1b", DATA, STD);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SnapshotFormatTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void committedVersion1CheckpointStillLoadsAndIsRewrittenAsVersion2() throws IOException {
    Snapshot s = SnapshotFormat.read(resource(VERSION_1), VERSION_1);
    assertEquals(version1(), s);
    assertEquals(1, s.optimizer().iteration());
    assertArrayEquals(new double[] {0.25, -0.5}, s.standardization().mean());
    byte[] again = SnapshotFormat.toBytes(s);
    assertEquals(SnapshotFormat.VERSION, ByteBuffer.wrap(again).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
    assertEquals(s, SnapshotFormat.read(again, "rewritten"));
  }

  @Test
  void committedVersion2CheckpointStillLoadsAndTheWriterKeepsItsBytes() throws IOException {
    byte[] bytes = resource(VERSION_2);
    Snapshot s = SnapshotFormat.read(bytes, VERSION_2);
    assertEquals(version2(), s);
    assertEquals(CnfSpec.fromProperties(s.spec()), CnfSpec.builder(2).hidden(8).time(0.5, true)
        .trace(TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER)).build());
    // A change of layout needs a new version number.
    assertArrayEquals(bytes, SnapshotFormat.toBytes(s));
  }

  static Stream<Supplier<Optimizer>> optimizers() {
    LearningRateSchedule step = LearningRateSchedule.stepDecay(0.5, 3);
    return Stream.of(() -> new Sgd(3), () -> new Sgd(3, SgdOptions.defaults().withMomentum(0.5).withSchedule(step)),
        () -> new Adam(3, AdamOptions.defaults().withWeightDecay(1e-3)),
        () -> new AdamW(3, AdamOptions.adamWDefaults().withSchedule(LearningRateSchedule.cosine(9, 0))));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void aCheckpointResumesEveryOptimizerBitForBit(Supplier<Optimizer> factory) throws IOException {
    double[] g = {0.3, -0.1, 0.2};
    Optimizer uninterrupted = factory.get();
    double[] a = {1, 2, 3};
    for (int i = 0; i < 8; i++) {
      uninterrupted.step(a, g);
    }
    Optimizer first = factory.get();
    double[] b = {1, 2, 3};
    for (int i = 0; i < 4; i++) {
      first.step(b, g);
    }
    Snapshot c = new Snapshot(Snapshot.Kind.CHECKPOINT, "x", 4, b, first.state(), Map.of(), "", "h", DATA, null);
    Snapshot back = SnapshotFormat.read(SnapshotFormat.toBytes(c), "c");
    assertEquals(c, back);
    Optimizer resumed = Optimizer.fromState(back.optimizer());
    double[] theta = back.theta();
    for (int i = 4; i < 8; i++) {
      resumed.step(theta, g);
    }
    assertArrayEquals(a, theta);
  }

  @Test
  void modelsRoundTripWithTheirSpecAndNoOptimizer() throws IOException {
    Snapshot m = version2().asModel();
    Snapshot back = SnapshotFormat.read(SnapshotFormat.toBytes(m), "m");
    assertEquals(m, back);
    assertNull(back.optimizer());
    Map<String, String> spec = OdeNetSpec.defaults(4, 3).withFieldHidden().properties();
    assertEquals(OdeNetSpec.defaults(4, 3).withFieldHidden(), OdeNetSpec.fromProperties(spec));
    Snapshot plain = Snapshot.model("x", 0, new double[] {Double.MIN_VALUE, -0.0}, spec, "", "h", DATA, null);
    Snapshot plainBack = SnapshotFormat.read(SnapshotFormat.toBytes(plain), "p");
    assertEquals(plain, plainBack);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(plainBack.theta()[1]));
  }

  @Test
  void thetaIsStoredAsLittleEndianDoubles() {
    byte[] bytes = SnapshotFormat.toBytes(version2());
    int at = indexOf(bytes, "THTA".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(4 + 3 * 8, b.getLong(at + 4));
    assertEquals(3, b.getInt(at + 12));
    assertEquals(version2().theta()[0], b.getDouble(at + 16));
  }

  @Test
  void everyTruncationIsDetected() {
    byte[] bytes = SnapshotFormat.toBytes(version2());
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, n);
      SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(cut, "f"),
          "truncated to " + n + " bytes");
      assertTrue(e.getMessage().startsWith("f: "), e.getMessage());
    }
  }

  @Test
  void everyFlippedByteIsDetected() {
    byte[] bytes = SnapshotFormat.toBytes(version2());
    for (int i = 0; i < bytes.length; i++) {
      byte[] bad = bytes.clone();
      bad[i] ^= 0x10;
      assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(bad, "f"), "flipped byte " + i);
    }
  }

  @Test
  void corruptSectionIsNamed() {
    byte[] bytes = SnapshotFormat.toBytes(version2());
    int at = indexOf(bytes, "THTA".getBytes(StandardCharsets.US_ASCII));
    bytes[at + 20] ^= 1;
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(bytes, "f"));
    assertTrue(e.getMessage().contains("section THTA is corrupt"), e.getMessage());
  }

  /**
   * A file whose checksums are right but whose counts lie (a patched or malicious file) is refused before
   * anything of the declared size is allocated: a count of 2³¹ − 1 doubles would otherwise need 16 GiB.
   */
  @Test
  void countsThatExceedTheBytesPresentAreRefusedBeforeAllocating() {
    byte[] bytes = SnapshotFormat.toBytes(version2());
    for (String tag : List.of("THTA", "STDZ", "OPTA")) {
      byte[] patched = withSection(bytes, tag, payload -> ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN)
          .putInt(0, Integer.MAX_VALUE));
      SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
          () -> SnapshotFormat.read(patched, "f"), tag);
      assertTrue(e.getMessage().contains("section " + tag) && e.getMessage().contains("2147483647"),
          e.getMessage());
    }
    byte[] lyingArray = withSection(bytes, "OPTA", payload -> ByteBuffer.wrap(payload)
        .order(ByteOrder.LITTLE_ENDIAN).putInt(4, Integer.MAX_VALUE));
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
        () -> SnapshotFormat.read(lyingArray, "f"));
    assertTrue(e.getMessage().contains("section OPTA declares 2147483647 items"), e.getMessage());
  }

  @Test
  void anInvalidOptimizerStateIsNamed() {
    byte[] bytes = SnapshotFormat.toBytes(version2());
    byte[] patched = withSection(bytes, "OPTM", payload -> {
      String text = new String(payload, StandardCharsets.UTF_8).replace("hyper.momentum=0.9", "hyper.momentum=1.5");
      byte[] t = text.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(t, 0, payload, 0, t.length);
    });
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(patched, "f"));
    assertTrue(e.getMessage().contains("momentum must be in [0, 1), got 1.5"), e.getMessage());
  }

  @Test
  void foreignFilesAndOtherVersionsAreRejectedByName() {
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
        () -> SnapshotFormat.read("PK\3\4 a zip".getBytes(StandardCharsets.US_ASCII), "x.zip"));
    assertTrue(e.getMessage().contains("not an odespark checkpoint"), e.getMessage());
    byte[] bytes = SnapshotFormat.toBytes(version2());
    bytes[8] = 3;
    e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(bytes, "f"));
    assertTrue(e.getMessage().contains("format version 3 is not supported"), e.getMessage());
  }

  @Test
  void appendedBytesAreRejected() {
    byte[] bytes = SnapshotFormat.toBytes(version2());
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(longer, "f"));
    assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
  }

  @Test
  void snapshotValidatesItsFields() {
    Snapshot f = version2();
    assertThrows(IllegalArgumentException.class, () -> new Snapshot(Snapshot.Kind.CHECKPOINT, "cnf", 0,
        new double[] {1}, null, Map.of(), "", "h", f.data(), null));
    assertThrows(IllegalArgumentException.class, () -> Snapshot.model("cnf", 0, new double[] {Double.NaN},
        Map.of(), "", "h", f.data(), null));
    assertThrows(IllegalArgumentException.class, () -> Snapshot.model("cnf", 0, new double[] {1}, Map.of(), "", "h",
        f.data(), new Standardization(new double[3], new double[] {1, 1, 1})));
    assertThrows(IllegalArgumentException.class, () -> new Snapshot(Snapshot.Kind.CHECKPOINT, "cnf", 0,
        new double[] {1}, f.optimizer(), Map.of(), "", "h", f.data(), null), "an optimizer of another dimension");
    assertThrows(IllegalArgumentException.class, () -> Snapshot.model("cnf", 0, new double[] {1},
        Map.of("a=b", "c"), "", "h", f.data(), null));
    assertThrows(IllegalArgumentException.class, () -> Snapshot.model("cnf", 0, new double[] {1},
        Map.of("a", "two\nlines"), "", "h", f.data(), null));
  }

  /** The file with section {@code tag}'s payload changed in place by {@code patch}, every checksum recomputed. */
  private static byte[] withSection(byte[] file, String tag, java.util.function.Consumer<byte[]> patch) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(file, 0, 20);
    int count = in.getInt(16);
    in.position(20);
    for (int i = 0; i < count; i++) {
      byte[] t = new byte[4];
      in.get(t);
      byte[] payload = new byte[(int) in.getLong()];
      in.get(payload);
      in.getInt();
      if (new String(t, StandardCharsets.US_ASCII).equals(tag)) {
        patch.accept(payload);
      }
      CRC32C c = new CRC32C();
      c.update(payload);
      out.write(t, 0, 4);
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(payload.length).array(), 0, 8);
      out.write(payload, 0, payload.length);
      out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) c.getValue()).array(), 0, 4);
    }
    CRC32C whole = new CRC32C();
    whole.update(out.toByteArray());
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) whole.getValue()).array(), 0, 4);
    return out.toByteArray();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /**
   * Writes the version 2 fixture: {@code java -cp … org.odespark.io.SnapshotFormatTest <dir>} (done once; the
   * version 1 file was written by the first release).
   */
  public static void main(String[] args) throws IOException {
    java.nio.file.Files.write(java.nio.file.Path.of(args[0], VERSION_2), SnapshotFormat.toBytes(version2()));
  }
}
