package org.odespark.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The file format of checkpoints and models, version {@value #VERSION}. Not Java serialization: a small
 * container of tagged, checksummed sections, every number little-endian.
 * <pre>
 *   8 bytes   magic "ODESPARK" (ASCII)
 *   u32       format version (1)
 *   u32       kind: 1 = checkpoint, 2 = model
 *   u32       S, the number of sections
 *   S times:  4 bytes  tag (ASCII)
 *             u64      L, the payload length
 *             L bytes  payload
 *             u32      CRC-32C of the payload
 *   u32       CRC-32C of every preceding byte of the file
 * </pre>
 * Sections, written in this order (readers accept any order and skip unknown tags after checking their CRC,
 * so a later version 1 writer may add sections):
 * <pre>
 *   META  UTF-8 lines key=value: model_type, iteration, parameters, config_hash     required
 *   CONF  UTF-8 text: the resolved configuration (HOCON)                             required
 *   DATA  UTF-8 text: the {@link DataFingerprint} text form                           required
 *   STDZ  u32 d, d × f64 mean μ, d × f64 scale s ({@link Standardization})            optional
 *   THTA  u32 n, n × f64: θ                                                          required
 *   OPTM  the optimizer state, OptimizerState.toBytes() (its own versioned format)   checkpoints only
 * </pre>
 * A reader checks, in order: the magic, the version, the kind, each section's bounds and CRC (naming the
 * section), the final CRC, that nothing follows it, then the contents (required sections present, META
 * consistent with THTA). Any failure is a {@link SnapshotFormatException} whose message starts with the
 * source's name. {@code SnapshotFormatTest} keeps a version 1 file from the first release loading.
 *
 * <p>Stateless, thread-safe.
 */
public final class SnapshotFormat {

  /** The format version written and read. */
  public static final int VERSION = 1;

  static final byte[] MAGIC = "ODESPARK".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = MAGIC.length + 12;
  private static final int SECTION_OVERHEAD = 4 + 8 + 4;
  private static final int TRAILER_BYTES = 4;

  private SnapshotFormat() {}

  /**
   * Writes {@code snapshot} to {@code out} (not closed).
   *
   * @throws IOException from the stream
   */
  public static void write(Snapshot snapshot, OutputStream out) throws IOException {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    String meta = "model_type=" + snapshot.modelType() + "\n"
        + "iteration=" + snapshot.iteration() + "\n"
        + "parameters=" + snapshot.parameterCount() + "\n"
        + "config_hash=" + snapshot.configHash() + "\n";
    sections.put("META", utf8(meta));
    sections.put("CONF", utf8(snapshot.config()));
    sections.put("DATA", utf8(snapshot.data().toText()));
    Standardization std = snapshot.standardization();
    if (std != null) {
      ByteBuffer b = little(4 + 16L * std.cols());
      b.putInt(std.cols());
      for (double m : std.mean()) {
        b.putDouble(m);
      }
      for (double s : std.scale()) {
        b.putDouble(s);
      }
      sections.put("STDZ", b.array());
    }
    double[] theta = snapshot.theta();
    ByteBuffer t = little(4 + 8L * theta.length);
    t.putInt(theta.length);
    t.asDoubleBuffer().put(theta);
    sections.put("THTA", t.array());
    if (snapshot.kind() == Snapshot.Kind.CHECKPOINT) {
      sections.put("OPTM", snapshot.optimizerState());
    }

    CRC32C whole = new CRC32C();
    ByteBuffer header = little(HEADER_BYTES);
    header.put(MAGIC).putInt(VERSION).putInt(snapshot.kind().code).putInt(sections.size());
    emit(out, whole, header.array());
    for (Map.Entry<String, byte[]> e : sections.entrySet()) {
      byte[] payload = e.getValue();
      ByteBuffer h = little(12);
      h.put(e.getKey().getBytes(StandardCharsets.US_ASCII)).putLong(payload.length);
      emit(out, whole, h.array());
      emit(out, whole, payload);
      CRC32C c = new CRC32C();
      c.update(payload);
      emit(out, whole, little(4).putInt((int) c.getValue()).array());
    }
    out.write(little(4).putInt((int) whole.getValue()).array());
    out.flush();
  }

  /** The bytes of {@link #write}. */
  public static byte[] toBytes(Snapshot snapshot) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(snapshot, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a whole file from {@code in} (not closed).
   *
   * @param source the file's name for error messages
   * @throws SnapshotFormatException if the bytes are not an intact version 1 file
   * @throws IOException from the stream
   */
  public static Snapshot read(InputStream in, String source) throws IOException {
    return read(in.readAllBytes(), source);
  }

  /**
   * Reads the bytes of one file.
   *
   * @param bytes the file, not modified
   * @param source the file's name for error messages
   * @throws SnapshotFormatException if the bytes are not an intact version 1 file
   */
  public static Snapshot read(byte[] bytes, String source) throws SnapshotFormatException {
    try {
      return parse(bytes, source);
    } catch (IllegalArgumentException e) {
      throw new SnapshotFormatException(source + ": invalid content: " + e.getMessage(), e);
    }
  }

  private static Snapshot parse(byte[] bytes, String source) throws SnapshotFormatException {
    if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new SnapshotFormatException(source + ": not an odespark checkpoint or model (the file does not start"
          + " with \"ODESPARK\")");
    }
    if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
      throw new SnapshotFormatException(source + ": truncated: " + bytes.length + " bytes, shorter than the "
          + (HEADER_BYTES + TRAILER_BYTES) + "-byte header and trailer");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position(MAGIC.length);
    int version = b.getInt();
    if (version != VERSION) {
      throw new SnapshotFormatException(source + ": format version " + version + " is not supported (this"
          + " odespark reads version " + VERSION + ")");
    }
    int kindCode = b.getInt();
    Snapshot.Kind kind = Snapshot.Kind.ofCode(kindCode);
    if (kind == null) {
      throw new SnapshotFormatException(source + ": unknown kind " + kindCode + " (1 = checkpoint, 2 = model)");
    }
    int count = b.getInt();
    if (count < 0 || count > (bytes.length - HEADER_BYTES) / SECTION_OVERHEAD) {
      throw new SnapshotFormatException(source + ": corrupt header: " + count + " sections cannot fit in "
          + bytes.length + " bytes");
    }
    Map<String, byte[]> sections = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int start = b.position();
      if (bytes.length - start < SECTION_OVERHEAD + TRAILER_BYTES) {
        throw new SnapshotFormatException(source + ": truncated: the file ends at byte " + bytes.length
            + " inside the header of section " + (i + 1) + " of " + count);
      }
      byte[] tagBytes = new byte[4];
      b.get(tagBytes);
      String tag = new String(tagBytes, StandardCharsets.US_ASCII);
      long length = b.getLong();
      if (length < 0 || length > bytes.length - b.position() - 4L - TRAILER_BYTES) {
        throw new SnapshotFormatException(source + ": truncated or corrupt: section " + tag + " declares "
            + length + " bytes but only " + Math.max(0, bytes.length - b.position() - 4 - TRAILER_BYTES)
            + " remain before the checksums");
      }
      byte[] payload = new byte[(int) length];
      b.get(payload);
      CRC32C c = new CRC32C();
      c.update(payload);
      int stored = b.getInt();
      if (stored != (int) c.getValue()) {
        throw new SnapshotFormatException(String.format("%s: section %s is corrupt: CRC-32C %08x stored, %08x"
            + " computed", source, tag, stored, (int) c.getValue()));
      }
      if (sections.put(tag, payload) != null) {
        throw new SnapshotFormatException(source + ": section " + tag + " appears twice");
      }
    }
    if (bytes.length - b.position() < TRAILER_BYTES) {
      throw new SnapshotFormatException(source + ": truncated: the final checksum is missing");
    }
    CRC32C whole = new CRC32C();
    whole.update(bytes, 0, b.position());
    int stored = b.getInt();
    if (stored != (int) whole.getValue()) {
      throw new SnapshotFormatException(String.format("%s: file checksum mismatch (CRC-32C %08x stored, %08x"
          + " computed): the header is corrupt", source, stored, (int) whole.getValue()));
    }
    if (b.hasRemaining()) {
      throw new SnapshotFormatException(source + ": " + b.remaining() + " unexpected bytes after the end of the"
          + " file");
    }

    Map<String, String> meta = keyValues(text(require(sections, "META", source)), source);
    String config = text(require(sections, "CONF", source));
    DataFingerprint data = DataFingerprint.parse(text(require(sections, "DATA", source)));
    double[] theta = readTheta(require(sections, "THTA", source), source);
    Standardization std = sections.containsKey("STDZ") ? readStandardization(sections.get("STDZ"), source) : null;
    byte[] optimizer = null;
    if (kind == Snapshot.Kind.CHECKPOINT) {
      optimizer = require(sections, "OPTM", source);
    }
    long iteration = Long.parseLong(metaValue(meta, "iteration", source));
    long parameters = Long.parseLong(metaValue(meta, "parameters", source));
    if (parameters != theta.length) {
      throw new SnapshotFormatException(source + ": META says " + parameters + " parameters but THTA holds "
          + theta.length);
    }
    return new Snapshot(kind, metaValue(meta, "model_type", source), iteration, theta, optimizer, config,
        metaValue(meta, "config_hash", source), data, std);
  }

  private static double[] readTheta(byte[] payload, String source) throws SnapshotFormatException {
    ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    if (payload.length < 4) {
      throw new SnapshotFormatException(source + ": section THTA is shorter than its count");
    }
    int n = b.getInt();
    if (n < 1 || 4L + 8L * n != payload.length) {
      throw new SnapshotFormatException(source + ": section THTA declares " + n + " parameters but holds "
          + (payload.length - 4) + " bytes");
    }
    double[] theta = new double[n];
    b.asDoubleBuffer().get(theta);
    return theta;
  }

  private static Standardization readStandardization(byte[] payload, String source) throws SnapshotFormatException {
    ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    int d = payload.length >= 4 ? b.getInt() : -1;
    if (d < 1 || 4L + 16L * d != payload.length) {
      throw new SnapshotFormatException(source + ": section STDZ declares " + d + " columns but holds "
          + payload.length + " bytes");
    }
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] = b.getDouble();
    }
    for (int j = 0; j < d; j++) {
      scale[j] = b.getDouble();
    }
    return new Standardization(mean, scale);
  }

  private static byte[] require(Map<String, byte[]> sections, String tag, String source)
      throws SnapshotFormatException {
    byte[] s = sections.get(tag);
    if (s == null) {
      throw new SnapshotFormatException(source + ": required section " + tag + " is missing (has: "
          + String.join(", ", sections.keySet()) + ")");
    }
    return s;
  }

  private static Map<String, String> keyValues(String text, String source) throws SnapshotFormatException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 1) {
        throw new SnapshotFormatException(source + ": META line is not key=value: '" + line + "'");
      }
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return m;
  }

  private static String metaValue(Map<String, String> meta, String key, String source)
      throws SnapshotFormatException {
    String v = meta.get(key);
    if (v == null) {
      throw new SnapshotFormatException(source + ": META lacks '" + key + "'");
    }
    return v;
  }

  private static void emit(OutputStream out, CRC32C crc, byte[] b) throws IOException {
    crc.update(b);
    out.write(b);
  }

  private static ByteBuffer little(long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a section of " + size + " bytes exceeds the largest array");
    }
    return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
