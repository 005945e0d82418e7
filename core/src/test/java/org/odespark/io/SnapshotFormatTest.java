package org.odespark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odespark.optim.Adam;
import org.odespark.optim.Optimizer;
import org.odespark.optim.OptimizerState;

class SnapshotFormatTest {

  /** The committed version 1 file; {@link #main} wrote it. It must keep loading as {@link #fixture()}. */
  static final String FIXTURE = "checkpoint-v1.odsk";

  static Snapshot fixture() {
    Optimizer adam = new Adam(3);
    double[] theta = {0.5, -1.25, 3.0e-7};
    adam.step(theta, new double[] {0.1, -0.2, 0.3});
    DataFingerprint data = new DataFingerprint("toy:8gaussians rows=100 seed=7", 2, new long[] {50, 50},
        "0123456789abcdef", false, false, List.of("x", "y"));
    Standardization std = new Standardization(new double[] {0.25, -0.5}, new double[] {2.0, 1.0});
    return new Snapshot(Snapshot.Kind.CHECKPOINT, "cnf", 1, theta, adam.state().toBytes(),
        "data {\n  format = toy\n}\n", "sha256:00ff", data, std);
  }

  @Test
  void committedVersion1FileStillLoads() throws IOException {
    byte[] bytes;
    try (InputStream in = SnapshotFormatTest.class.getResourceAsStream(FIXTURE)) {
      bytes = in.readAllBytes();
    }
    Snapshot s = SnapshotFormat.read(bytes, FIXTURE);
    Snapshot expected = fixture();
    assertEquals(expected, s);
    assertEquals(Snapshot.Kind.CHECKPOINT, s.kind());
    assertArrayEquals(new double[] {0.25, -0.5}, s.standardization().mean());
    OptimizerState state = OptimizerState.fromBytes(s.optimizerState());
    assertEquals(1, state.iteration());
    // The writer must still produce the same bytes: a change of layout needs a new version number.
    assertArrayEquals(bytes, SnapshotFormat.toBytes(expected));
  }

  @Test
  void roundTripsCheckpointsAndModels() throws IOException {
    Snapshot c = fixture();
    assertEquals(c, SnapshotFormat.read(SnapshotFormat.toBytes(c), "c"));
    Snapshot m = c.asModel();
    Snapshot back = SnapshotFormat.read(SnapshotFormat.toBytes(m), "m");
    assertEquals(m, back);
    assertNull(back.optimizerState());
    Snapshot plain = new Snapshot(Snapshot.Kind.MODEL, "x", 0, new double[] {Double.MIN_VALUE, -0.0}, null, "",
        "h", c.data(), null);
    Snapshot plainBack = SnapshotFormat.read(SnapshotFormat.toBytes(plain), "p");
    assertEquals(plain, plainBack);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(plainBack.theta()[1]));
  }

  @Test
  void thetaIsStoredAsLittleEndianDoubles() {
    byte[] bytes = SnapshotFormat.toBytes(fixture());
    int at = indexOf(bytes, "THTA".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(4 + 3 * 8, b.getLong(at + 4));
    assertEquals(3, b.getInt(at + 12));
    assertEquals(fixture().theta()[0], b.getDouble(at + 16));
  }

  @Test
  void everyTruncationIsDetected() {
    byte[] bytes = SnapshotFormat.toBytes(fixture());
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, n);
      SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(cut, "f"),
          "truncated to " + n + " bytes");
      assertTrue(e.getMessage().startsWith("f: "), e.getMessage());
    }
  }

  @Test
  void everyFlippedByteIsDetected() {
    byte[] bytes = SnapshotFormat.toBytes(fixture());
    for (int i = 0; i < bytes.length; i++) {
      byte[] bad = bytes.clone();
      bad[i] ^= 0x10;
      assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(bad, "f"), "flipped byte " + i);
    }
  }

  @Test
  void corruptSectionIsNamed() {
    byte[] bytes = SnapshotFormat.toBytes(fixture());
    int at = indexOf(bytes, "THTA".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    bytes[at + 20] ^= 1;
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(bytes, "f"));
    assertTrue(e.getMessage().contains("section THTA is corrupt"), e.getMessage());
  }

  @Test
  void foreignFilesAndOtherVersionsAreRejectedByName() {
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
        () -> SnapshotFormat.read("PK\3\4 a zip".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "x.zip"));
    assertTrue(e.getMessage().contains("not an odespark checkpoint"), e.getMessage());
    byte[] bytes = SnapshotFormat.toBytes(fixture());
    bytes[8] = 2;
    e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(bytes, "f"));
    assertTrue(e.getMessage().contains("format version 2 is not supported"), e.getMessage());
  }

  @Test
  void appendedBytesAreRejected() {
    byte[] bytes = SnapshotFormat.toBytes(fixture());
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFormat.read(longer, "f"));
    assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
  }

  @Test
  void snapshotValidatesItsFields() {
    Snapshot f = fixture();
    assertThrows(IllegalArgumentException.class, () -> new Snapshot(Snapshot.Kind.CHECKPOINT, "cnf", 0,
        new double[] {1}, null, "", "h", f.data(), null));
    assertThrows(IllegalArgumentException.class, () -> new Snapshot(Snapshot.Kind.MODEL, "cnf", 0,
        new double[] {Double.NaN}, null, "", "h", f.data(), null));
    assertThrows(IllegalArgumentException.class, () -> new Snapshot(Snapshot.Kind.MODEL, "cnf", 0,
        new double[] {1}, null, "", "h", f.data(), new Standardization(new double[3], new double[] {1, 1, 1})));
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

  /** Writes the fixture: {@code java -cp ... org.odespark.io.SnapshotFormatTest <dir>} (done once for version 1). */
  public static void main(String[] args) throws IOException {
    java.nio.file.Files.write(java.nio.file.Path.of(args[0], FIXTURE), SnapshotFormat.toBytes(fixture()));
  }
}
