package org.odespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odespark.data.IdxArray.ElementType;
import org.odespark.testing.AllocationMeter;

/** Round trips through IDX files written here byte by byte, plain and gzip, and every error message. */
class IdxReaderTest {

  @TempDir
  Path dir;

  /** The bytes of an IDX file: 0, 0, type, rank, big-endian dims, then {@code data} as given. */
  static byte[] idx(int type, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian by default
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void unsignedBytesRoundTrip(boolean compressed) throws IOException {
    int[] dims = {3, 4, 5};
    byte[] data = new byte[60];
    for (int k = 0; k < data.length; k++) {
      data[k] = (byte) (k * 37 + 200); // covers values above 127
    }
    byte[] file = idx(0x08, dims, data);
    Path path = write(compressed ? "a.idx.gz" : "a.idx", compressed ? gzip(file) : file);
    IdxArray a = IdxReader.read(path);
    assertEquals(ElementType.UNSIGNED_BYTE, a.header().type());
    assertArrayEquals(dims, a.header().dims());
    assertEquals(3, a.header().rank());
    assertEquals(60, a.size());
    double[] copy = new double[62];
    a.copyTo(0, 60, copy, 2);
    for (int k = 0; k < 60; k++) {
      int expected = (k * 37 + 200) & 0xff;
      assertEquals(expected, a.getInt(k), "element " + k);
      assertEquals(expected, a.get(k), 0.0, "element " + k);
      assertEquals(expected, copy[2 + k], 0.0, "copied element " + k);
    }
  }

  @Test
  void everyElementTypeRoundTrips() throws IOException {
    byte[] signed = {-128, -1, 0, 1, 127};
    assertValues(IdxReader.read(write("s8", idx(0x09, new int[] {5}, signed))), ElementType.SIGNED_BYTE,
        -128, -1, 0, 1, 127);

    ByteBuffer shorts = ByteBuffer.allocate(8)
        .putShort((short) -32768).putShort((short) -2).putShort((short) 3).putShort((short) 32767);
    assertValues(IdxReader.read(write("s16", idx(0x0B, new int[] {2, 2}, shorts.array()))), ElementType.SHORT,
        -32768, -2, 3, 32767);

    ByteBuffer ints = ByteBuffer.allocate(12)
        .putInt(Integer.MIN_VALUE).putInt(-70000).putInt(Integer.MAX_VALUE);
    assertValues(IdxReader.read(write("s32", idx(0x0C, new int[] {3}, ints.array()))), ElementType.INT,
        Integer.MIN_VALUE, -70000, Integer.MAX_VALUE);

    ByteBuffer floats = ByteBuffer.allocate(12).putFloat(1.5f).putFloat(-0.1f).putFloat(Float.MAX_VALUE);
    IdxArray f = IdxReader.read(write("f32", idx(0x0D, new int[] {3}, floats.array())));
    assertEquals(ElementType.FLOAT, f.header().type());
    assertArrayEquals(new double[] {1.5, -0.1f, Float.MAX_VALUE}, values(f), 0.0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.getInt(0));
    assertTrue(e.getMessage().contains("0x0d (float)"), e.getMessage());

    ByteBuffer doubles = ByteBuffer.allocate(24)
        .putDouble(Math.PI).putDouble(-1e300).putDouble(Double.MIN_VALUE);
    IdxArray d = IdxReader.read(write("f64", gzip(idx(0x0E, new int[] {1, 3}, doubles.array()))));
    assertEquals(ElementType.DOUBLE, d.header().type());
    assertArrayEquals(new double[] {Math.PI, -1e300, Double.MIN_VALUE}, values(d), 0.0);
  }

  @Test
  void anEmptyDimensionGivesAnEmptyArray() throws IOException {
    IdxArray a = IdxReader.read(write("empty", idx(0x08, new int[] {0, 28, 28}, new byte[0])));
    assertEquals(0, a.size());
    assertArrayEquals(new int[] {0, 28, 28}, a.header().dims());
  }

  @Test
  void readsFromAStreamWithoutClosingIt() throws IOException {
    byte[] file = gzip(idx(0x08, new int[] {2}, new byte[] {7, 9}));
    boolean[] closed = {false};
    ByteArrayInputStream in = new ByteArrayInputStream(file) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    IdxArray a = IdxReader.read(in, "stream");
    assertArrayEquals(new double[] {7, 9}, values(a), 0.0);
    assertEquals(false, closed[0], "the caller's stream was closed");
  }

  @Test
  void readHeaderStopsAtTheFirstDataByteAndRejectsWhatReadRejects() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(idx(0x0B, new int[] {3, 2}, new byte[12]));
    IdxHeader h = IdxReader.readHeader(in, "mem");
    assertEquals(ElementType.SHORT, h.type());
    assertArrayEquals(new int[] {3, 2}, h.dims());
    assertEquals(12, h.headerBytes());
    assertEquals(12, h.dataBytes());
    assertEquals(12, in.available(), "the stream must stand at the first data byte");
    byte[] badType = {0, 0, 0x07, 0x01, 0, 0, 0, 1, 5};
    IdxFormatException viaHeader = assertThrows(IdxFormatException.class,
        () -> IdxReader.readHeader(new ByteArrayInputStream(badType), "mem"));
    IdxFormatException viaRead = assertThrows(IdxFormatException.class,
        () -> IdxReader.read(new ByteArrayInputStream(badType), "mem"));
    assertEquals(viaRead.getMessage(), viaHeader.getMessage());
  }

  @Test
  void badMagicNamesTheFileAndTheBytes() throws IOException {
    Path path = write("bad-magic", new byte[] {0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5});
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(path));
    assertTrue(e.getMessage().startsWith(path.toString() + ": bad magic number 0x12340801"), e.getMessage());
  }

  @Test
  void unsupportedTypeIsNamedWithTheSupportedOnes() throws IOException {
    Path path = write("type", idx(0x0A, new int[] {1}, new byte[] {1}));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(path));
    assertEquals(path + ": unsupported element type 0x0a (supported: [0x08 (unsigned byte), 0x09 (signed"
        + " byte), 0x0b (short), 0x0c (int), 0x0d (float), 0x0e (double)])", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void truncatedDataSaysHowMuchWasExpectedAndFound(boolean compressed) throws IOException {
    byte[] file = idx(0x08, new int[] {10, 28, 28}, new byte[1024]); // declares 7840 bytes, holds 1024
    Path path = write("short", compressed ? gzip(file) : file);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(path));
    assertEquals(path + ": truncated data: dims [10, 28, 28] of 0x08 (unsigned byte) expected 7840 data"
        + " bytes, file ends after 1024", e.getMessage());
  }

  @Test
  void aCutGzipStreamIsTruncatedData() throws IOException {
    byte[] data = new byte[5000];
    new java.util.Random(1).nextBytes(data); // incompressible, so cutting the stream cuts the data
    byte[] gz = gzip(idx(0x08, new int[] {5000}, data));
    Path path = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(path));
    assertTrue(e.getMessage().startsWith(path + ": truncated data: dims [5000] of 0x08 (unsigned byte)"
        + " expected 5000 data bytes, file ends after "), e.getMessage());
  }

  @Test
  void corruptGzipIsReported() throws IOException {
    byte[] gz = gzip(idx(0x08, new int[] {100}, new byte[100]));
    for (int k = 10; k < gz.length - 8; k++) {
      gz[k] = (byte) 0xff; // destroys the deflate blocks, keeps the gzip header
    }
    Path path = write("corrupt.gz", gz);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(path));
    assertTrue(e.getMessage().startsWith(path + ": corrupt gzip data"), e.getMessage());
  }

  @Test
  void trailingGarbageIsAnError() throws IOException {
    byte[] file = idx(0x08, new int[] {2, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7});
    Path path = write("long", file);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(path));
    assertEquals(path + ": trailing garbage: 3 bytes after the 4 data bytes that dims [2, 2] of 0x08"
        + " (unsigned byte) declare", e.getMessage());
  }

  @Test
  void headerErrors() throws IOException {
    Path empty = write("empty-file", new byte[0]);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(empty));
    assertTrue(e.getMessage().startsWith(empty + ": file ends inside the header after 0 bytes"),
        e.getMessage());

    Path cut = write("cut-header", new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0});
    e = assertThrows(IdxFormatException.class, () -> IdxReader.read(cut));
    assertTrue(e.getMessage().startsWith(cut + ": file ends inside the header after 10 bytes; a header of 3"
        + " dimensions has 16 bytes"), e.getMessage());

    Path rank0 = write("rank0", new byte[] {0, 0, 8, 0});
    e = assertThrows(IdxFormatException.class, () -> IdxReader.read(rank0));
    assertTrue(e.getMessage().contains("declares 0 dimensions"), e.getMessage());

    Path huge = write("huge", idx(0x0E, new int[] {1 << 20, 1 << 10}, new byte[0]));
    e = assertThrows(IdxFormatException.class, () -> IdxReader.read(huge));
    assertTrue(e.getMessage().contains("more data bytes than the largest Java array"), e.getMessage());

    Path negative = write("negative", idx(0x08, new int[] {-1}, new byte[0]));
    e = assertThrows(IdxFormatException.class, () -> IdxReader.read(negative));
    assertTrue(e.getMessage().contains("dimension 0 is 4294967295, above the largest array"), e.getMessage());
  }

  /**
   * The header's count is not trusted with the allocation: a 24-byte labels file that claims 2³⁰ labels (and
   * a gzip file that claims 2³¹ − 9 bytes of images) fails as truncated after allocating about the first
   * 1 MiB chunk, not the gigabytes declared. Bound: 8 MiB, far below the 1 GiB a trusting reader allocates
   * and above the chunk plus the reader's buffers and the message.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aHeaderClaimingMoreThanTheFileHoldsAllocatesLittle(boolean compressed) throws IOException {
    byte[] labels = idx(0x08, new int[] {1 << 30}, new byte[16]);
    assertEquals(24, labels.length);
    byte[] images = idx(0x08, new int[] {2_739_000, 28, 28}, new byte[100]);
    for (byte[] file : List.of(labels, images)) {
      Path path = write(compressed ? "claims.gz" : "claims", compressed ? gzip(file) : file);
      IdxFormatException[] thrown = new IdxFormatException[1];
      long allocated = AllocationMeter.allocatedBytes(() -> thrown[0] = assertThrows(IdxFormatException.class,
          () -> IdxReader.read(path)), 0, 1);
      assertTrue(thrown[0].getMessage().contains(": truncated data:") && thrown[0].getMessage()
          .endsWith("data bytes, file ends after " + (file.length - (file == labels ? 8 : 16))), thrown[0].getMessage());
      assertTrue(allocated < 8L << 20, "allocated " + allocated + " bytes for a " + file.length + "-byte file");
    }
  }

  @Test
  void accessorsCheckTheirRanges() throws IOException {
    IdxArray a = IdxReader.read(write("r", idx(0x08, new int[] {3}, new byte[] {1, 2, 3})));
    assertThrows(IndexOutOfBoundsException.class, () -> a.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(1, 3, new double[3], 0));
    assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(0, 3, new double[3], 1));
    int[] dims = a.header().dims();
    dims[0] = 99;
    assertEquals(3, a.header().dim(0), "dims() must return a copy");
  }

  private static void assertValues(IdxArray a, ElementType type, int... expected) {
    assertEquals(type, a.header().type());
    int[] got = new int[a.size()];
    for (int k = 0; k < got.length; k++) {
      got[k] = a.getInt(k);
    }
    assertArrayEquals(expected, got, type.toString());
    double[] asDoubles = Arrays.stream(expected).asDoubleStream().toArray();
    assertArrayEquals(asDoubles, values(a), 0.0, type + " as doubles");
  }

  private static double[] values(IdxArray a) {
    double[] out = new double[a.size()];
    a.copyTo(0, a.size(), out, 0);
    for (int k = 0; k < out.length; k++) {
      assertEquals(out[k], a.get(k), 0.0, "copyTo and get disagree at " + k);
    }
    return out;
  }
}
