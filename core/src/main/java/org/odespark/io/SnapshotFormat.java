package org.odespark.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.odespark.optim.LearningRateSchedule;
import org.odespark.optim.OptimizerState;

/**
 * odespark's one file format for θ and what goes with it: training checkpoints (with the optimizer state)
 * and trained models ({@code model.odsm} of the train job). Not Java serialization: a container of tagged, checksummed sections, every number
 * little-endian, specified in docs/formats.md:
 * <pre>
 *   8 bytes   magic "ODESPARK" (ASCII)
 *   u32       format version (2; version 1 files are read too)
 *   u32       kind: 1 = checkpoint, 2 = model
 *   u32       S, the number of sections
 *   S times:  4 bytes  tag (ASCII)
 *             u64      L, the payload length
 *             L bytes  payload
 *             u32      CRC-32C of the payload
 *   u32       CRC-32C of every preceding byte of the file
 * </pre>
 * Sections, written in this order (readers accept any order and skip unknown tags after checking their CRC):
 * <pre>
 *   META  text: model_type, iteration, parameters, config_hash                                   required
 *   CONF  text: the configuration the model was trained with, plain data                          required
 *   DATA  text: the {@link DataFingerprint}                                                      required
 *   SPEC  text: the model's description (Snapshot.spec), one key=value per line                   optional
 *   STDZ  u32 d, d × f64 mean μ, d × f64 scale s ({@link Standardization})                        optional
 *   THTA  u32 n, n × f64: θ                                                                      required
 *   OPTM  text: kind, iteration, dimension, hyper.NAME per hyper-parameter, schedule, arrays      checkpoints
 *   OPTA  u32 A, A × (u32 n, n × f64): the optimizer's arrays in the order OPTM lists them        checkpoints
 * </pre>
 * Text sections are UTF-8 lines; key=value sections split each line at its first '='. A schedule is written
 * {@code constant}, {@code step(γ,k)}, {@code cosine(T,f)} or {@code warmup(f₀,W,<schedule>)}; doubles as
 * Java's {@link Double#toString}, which reads back to the same bits.
 *
 * <p>A reader treats the bytes as untrusted. It checks, in order: the magic, the version, the kind, each
 * section's bounds and CRC (naming the section), the final CRC, that nothing follows it, then the contents:
 * every count against the bytes present before allocating, required sections present, META consistent with
 * THTA, the optimizer state valid for its kind. Any failure is a {@link SnapshotFormatException} whose message
 * starts with the source's name. Version 1 (the first release) differs only in its OPTM section, which held the
 * optimizer state in its own big-endian layout (described in docs/formats.md); {@code SnapshotFormatTest}
 * keeps the committed version 1 checkpoint loading.
 *
 * <p>Stateless, thread-safe.
 */
public final class SnapshotFormat {

  /** The format version written. */
  public static final int VERSION = 2;

  static final byte[] MAGIC = "ODESPARK".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = MAGIC.length + 12;
  private static final int SECTION_OVERHEAD = 4 + 8 + 4;
  private static final int TRAILER_BYTES = 4;
  /** Deeper nesting of warmups than this is corruption (and bounds the reader's recursion). */
  private static final int MAX_SCHEDULE_DEPTH = 16;

  private SnapshotFormat() {}

  /**
   * Writes {@code snapshot} to {@code out} (not closed).
   *
   * @throws IOException from the stream
   */
  public static void write(Snapshot snapshot, OutputStream out) throws IOException {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model_type", snapshot.modelType());
    meta.put("iteration", Long.toString(snapshot.iteration()));
    meta.put("parameters", Integer.toString(snapshot.parameterCount()));
    meta.put("config_hash", snapshot.configHash());
    sections.put("META", utf8(keyValueText(meta)));
    sections.put("CONF", utf8(snapshot.config()));
    sections.put("DATA", utf8(snapshot.data().toText()));
    if (!snapshot.spec().isEmpty()) {
      sections.put("SPEC", utf8(keyValueText(snapshot.spec())));
    }
    Standardization std = snapshot.standardization();
    if (std != null) {
      ByteBuffer b = little(4 + 16L * std.cols());
      b.putInt(std.cols());
      b.asDoubleBuffer().put(std.mean()).put(std.scale());
      sections.put("STDZ", b.array());
    }
    sections.put("THTA", doubles(snapshot.theta()));
    OptimizerState o = snapshot.optimizer();
    if (o != null) {
      Map<String, String> header = new LinkedHashMap<>();
      header.put("kind", o.kind());
      header.put("iteration", Long.toString(o.iteration()));
      header.put("dimension", Integer.toString(o.dimension()));
      for (Map.Entry<String, Double> h : o.hyperParameters().entrySet()) {
        header.put("hyper." + h.getKey(), Double.toString(h.getValue()));
      }
      header.put("schedule", schedule(o.schedule()));
      header.put("arrays", String.join(",", o.arrayNames()));
      sections.put("OPTM", utf8(keyValueText(header)));
      ByteArrayOutputStream arrays = new ByteArrayOutputStream();
      arrays.write(little(4).putInt(o.arrayNames().size()).array());
      for (String name : o.arrayNames()) {
        arrays.write(doubles(o.array(name)));
      }
      sections.put("OPTA", arrays.toByteArray());
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
   * @throws SnapshotFormatException if the bytes are not an intact file of version 1 or 2
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
   * @throws SnapshotFormatException if the bytes are not an intact file of version 1 or 2
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
    if (version != 1 && version != VERSION) {
      throw new SnapshotFormatException(source + ": format version " + version + " is not supported (this"
          + " odespark reads versions 1 and " + VERSION + ")");
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
      if (bytes.length - b.position() < SECTION_OVERHEAD + TRAILER_BYTES) {
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

    Map<String, String> meta = keyValues(require(sections, "META", source), "META", source);
    String config = text(require(sections, "CONF", source));
    DataFingerprint data = DataFingerprint.parse(text(require(sections, "DATA", source)));
    Map<String, String> spec = sections.containsKey("SPEC") ? keyValues(sections.get("SPEC"), "SPEC", source)
        : Map.of();
    double[] theta = new Cursor(require(sections, "THTA", source), ByteOrder.LITTLE_ENDIAN, "THTA", source)
        .doublesToEnd();
    Standardization std = sections.containsKey("STDZ") ? standardization(sections.get("STDZ"), source) : null;
    OptimizerState optimizer = null;
    if (kind == Snapshot.Kind.CHECKPOINT) {
      optimizer = version == 1 ? optimizerVersion1(require(sections, "OPTM", source), source)
          : optimizer(sections, source);
    }
    long iteration = Long.parseLong(value(meta, "iteration", "META", source));
    long parameters = Long.parseLong(value(meta, "parameters", "META", source));
    if (parameters != theta.length) {
      throw new SnapshotFormatException(source + ": META says " + parameters + " parameters but THTA holds "
          + theta.length);
    }
    return new Snapshot(kind, value(meta, "model_type", "META", source), iteration, theta, optimizer, spec, config,
        value(meta, "config_hash", "META", source), data, std);
  }

  private static Standardization standardization(byte[] payload, String source) throws SnapshotFormatException {
    Cursor c = new Cursor(payload, ByteOrder.LITTLE_ENDIAN, "STDZ", source);
    int d = c.count(16);
    Standardization std = new Standardization(c.doubles(d), c.doubles(d));
    c.requireEnd();
    return std;
  }

  private static OptimizerState optimizer(Map<String, byte[]> sections, String source)
      throws SnapshotFormatException {
    Map<String, String> h = keyValues(require(sections, "OPTM", source), "OPTM", source);
    Map<String, Double> hyper = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : h.entrySet()) {
      if (e.getKey().startsWith("hyper.")) {
        hyper.put(e.getKey().substring("hyper.".length()), Double.parseDouble(e.getValue()));
      }
    }
    String names = value(h, "arrays", "OPTM", source);
    List<String> arrayNames = names.isEmpty() ? List.of() : List.of(names.split(",", -1));
    Cursor c = new Cursor(require(sections, "OPTA", source), ByteOrder.LITTLE_ENDIAN, "OPTA", source);
    int count = c.count(4);
    if (count != arrayNames.size()) {
      throw new SnapshotFormatException(source + ": OPTA holds " + count + " arrays but OPTM names "
          + arrayNames.size());
    }
    Map<String, double[]> arrays = new LinkedHashMap<>();
    for (String name : arrayNames) {
      if (arrays.put(name, c.doubles(c.count(8))) != null) {
        throw new SnapshotFormatException(source + ": OPTM names the array '" + name + "' twice");
      }
    }
    c.requireEnd();
    return OptimizerState.of(value(h, "kind", "OPTM", source), Long.parseLong(value(h, "iteration", "OPTM", source)),
        Integer.parseInt(value(h, "dimension", "OPTM", source)), hyper,
        new ScheduleText(value(h, "schedule", "OPTM", source)).parse(0), arrays);
  }

  /**
   * The OPTM section of version 1: the optimizer state's own big-endian layout (Java's DataOutputStream) —
   * magic "OPTM", version 1, body length, body, CRC-32 — with strings as 2-byte length and (ASCII) bytes.
   */
  private static OptimizerState optimizerVersion1(byte[] payload, String source) throws SnapshotFormatException {
    Cursor c = new Cursor(payload, ByteOrder.BIG_ENDIAN, "OPTM", source);
    if (c.i32() != 0x4F50544D || c.i32() != 1) {
      throw new SnapshotFormatException(source + ": section OPTM of version 1 lacks the optimizer state's header");
    }
    int bodyLength = c.i32();
    if (bodyLength != payload.length - 16) {
      throw new SnapshotFormatException(source + ": section OPTM declares a body of " + bodyLength + " bytes in "
          + payload.length);
    }
    CRC32 crc = new CRC32();
    crc.update(payload, 0, 12 + bodyLength);
    if ((int) crc.getValue() != ByteBuffer.wrap(payload, 12 + bodyLength, 4).getInt()) {
      throw new SnapshotFormatException(source + ": section OPTM: the optimizer state's CRC-32 does not match");
    }
    String kind = c.shortString();
    long iteration = c.i64();
    int dimension = c.i32();
    Map<String, Double> hyper = new LinkedHashMap<>();
    for (int i = c.count(10); i > 0; i--) {
      hyper.put(c.shortString(), c.f64());
    }
    LearningRateSchedule schedule = scheduleVersion1(c, 0);
    Map<String, double[]> arrays = new LinkedHashMap<>();
    for (int i = c.count(6); i > 0; i--) {
      arrays.put(c.shortString(), c.doubles(c.count(8)));
    }
    if (c.remaining() != 4) {
      throw new SnapshotFormatException(source + ": section OPTM: " + (c.remaining() - 4) + " unread body bytes");
    }
    return OptimizerState.of(kind, iteration, dimension, hyper, schedule, arrays);
  }

  private static LearningRateSchedule scheduleVersion1(Cursor c, int depth) throws SnapshotFormatException {
    if (depth > MAX_SCHEDULE_DEPTH) {
      throw new IllegalArgumentException("learning-rate schedules nested deeper than " + MAX_SCHEDULE_DEPTH);
    }
    String tag = c.shortString();
    return switch (tag) {
      case "constant" -> LearningRateSchedule.constant();
      case "step" -> new LearningRateSchedule.StepDecay(c.f64(), c.i64());
      case "cosine" -> new LearningRateSchedule.CosineAnnealing(c.i64(), c.f64());
      case "warmup" -> new LearningRateSchedule.LinearWarmup(c.f64(), c.i64(), scheduleVersion1(c, depth + 1));
      default -> throw new IllegalArgumentException("unknown learning-rate schedule '" + tag + "'");
    };
  }

  /** The text form of a schedule (see the class comment). */
  static String schedule(LearningRateSchedule s) {
    if (s instanceof LearningRateSchedule.StepDecay d) {
      return "step(" + d.gamma() + "," + d.stepSize() + ")";
    } else if (s instanceof LearningRateSchedule.CosineAnnealing c) {
      return "cosine(" + c.period() + "," + c.minFactor() + ")";
    } else if (s instanceof LearningRateSchedule.LinearWarmup w) {
      return "warmup(" + w.startFactor() + "," + w.iterations() + "," + schedule(w.after()) + ")";
    }
    return "constant";
  }

  /** Reads the text form of a schedule, left to right. */
  private static final class ScheduleText {
    private final String text;
    private int at;

    ScheduleText(String text) {
      this.text = text;
    }

    LearningRateSchedule parse(int depth) {
      if (depth > MAX_SCHEDULE_DEPTH) {
        throw new IllegalArgumentException("learning-rate schedules nested deeper than " + MAX_SCHEDULE_DEPTH);
      }
      LearningRateSchedule s;
      if (text.startsWith("constant", at)) {
        at += "constant".length();
        s = LearningRateSchedule.constant();
      } else if (text.startsWith("step(", at)) {
        at += "step(".length();
        s = new LearningRateSchedule.StepDecay(Double.parseDouble(until(',')), Long.parseLong(until(')')));
      } else if (text.startsWith("cosine(", at)) {
        at += "cosine(".length();
        s = new LearningRateSchedule.CosineAnnealing(Long.parseLong(until(',')), Double.parseDouble(until(')')));
      } else if (text.startsWith("warmup(", at)) {
        at += "warmup(".length();
        double start = Double.parseDouble(until(','));
        long iterations = Long.parseLong(until(','));
        LearningRateSchedule after = parse(depth + 1);
        until(')');
        s = new LearningRateSchedule.LinearWarmup(start, iterations, after);
      } else {
        throw new IllegalArgumentException("unknown learning-rate schedule at '" + text.substring(at) + "'");
      }
      if (depth == 0 && at != text.length()) {
        throw new IllegalArgumentException("unexpected text after the schedule: '" + text.substring(at) + "'");
      }
      return s;
    }

    private String until(char end) {
      int i = text.indexOf(end, at);
      if (i < 0) {
        throw new IllegalArgumentException("schedule '" + text + "' lacks '" + end + "'");
      }
      String s = text.substring(at, i);
      at = i + 1;
      return s;
    }
  }

  /** A bounded reader over one payload: every read and every count is checked against the bytes present. */
  private static final class Cursor {
    private final ByteBuffer b;
    private final String section;
    private final String source;

    Cursor(byte[] payload, ByteOrder order, String section, String source) {
      this.b = ByteBuffer.wrap(payload).order(order);
      this.section = section;
      this.source = source;
    }

    int remaining() {
      return b.remaining();
    }

    private void need(long bytes, String what) throws SnapshotFormatException {
      if (bytes > b.remaining()) {
        throw new SnapshotFormatException(source + ": section " + section + " ends after " + b.position()
            + " bytes, inside " + what + " (" + bytes + " bytes needed, " + b.remaining() + " left)");
      }
    }

    int i32() throws SnapshotFormatException {
      need(4, "a 32-bit integer");
      return b.getInt();
    }

    long i64() throws SnapshotFormatException {
      need(8, "a 64-bit integer");
      return b.getLong();
    }

    double f64() throws SnapshotFormatException {
      need(8, "a double");
      return b.getDouble();
    }

    /** A count of items of at least {@code minBytes} each, checked against the bytes that remain. */
    int count(int minBytes) throws SnapshotFormatException {
      int n = i32();
      if (n < 0 || (long) n * minBytes > b.remaining()) {
        throw new SnapshotFormatException(source + ": section " + section + " declares " + n + " items of at least "
            + minBytes + " bytes but only " + b.remaining() + " bytes remain");
      }
      return n;
    }

    double[] doubles(int n) throws SnapshotFormatException {
      need(8L * n, n + " doubles");
      double[] out = new double[n];
      b.asDoubleBuffer().get(out);
      b.position(b.position() + 8 * n);
      return out;
    }

    /** A u32 count n ≥ 1, then exactly n doubles to the end of the payload. */
    double[] doublesToEnd() throws SnapshotFormatException {
      int n = count(8);
      if (n < 1 || 8L * n != b.remaining()) {
        throw new SnapshotFormatException(source + ": section " + section + " declares " + n + " values but holds "
            + b.remaining() + " bytes");
      }
      return doubles(n);
    }

    /** Java's writeUTF form: a 2-byte length, then the bytes. */
    String shortString() throws SnapshotFormatException {
      need(2, "a string length");
      int n = b.getShort() & 0xffff;
      need(n, "a string of " + n + " bytes");
      byte[] s = new byte[n];
      b.get(s);
      return new String(s, StandardCharsets.UTF_8);
    }

    void requireEnd() throws SnapshotFormatException {
      if (b.hasRemaining()) {
        throw new SnapshotFormatException(source + ": section " + section + " has " + b.remaining()
            + " unread bytes at its end");
      }
    }
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

  private static String keyValueText(Map<String, String> m) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, String> e : m.entrySet()) {
      s.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    return s.toString();
  }

  private static Map<String, String> keyValues(byte[] payload, String section, String source)
      throws SnapshotFormatException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text(payload).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 1) {
        throw new SnapshotFormatException(source + ": " + section + " line is not key=value: '" + line + "'");
      }
      if (m.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
        throw new SnapshotFormatException(source + ": " + section + " sets '" + line.substring(0, eq) + "' twice");
      }
    }
    return m;
  }

  private static String value(Map<String, String> m, String key, String section, String source)
      throws SnapshotFormatException {
    String v = m.get(key);
    if (v == null) {
      throw new SnapshotFormatException(source + ": " + section + " lacks '" + key + "'");
    }
    return v;
  }

  /** u32 n, then n little-endian doubles. */
  private static byte[] doubles(double[] values) {
    ByteBuffer b = little(4 + 8L * values.length);
    b.putInt(values.length);
    b.asDoubleBuffer().put(values);
    return b.array();
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
