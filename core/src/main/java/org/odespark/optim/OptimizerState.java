package org.odespark.optim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Immutable snapshot of an {@link Optimizer}: its kind, iteration count, dimension, named hyper-parameters,
 * learning-rate schedule and named state arrays ("velocity" for SGD with momentum; "m", "v" for Adam and
 * AdamW). The schedule is part of the state, so a resumed optimizer continues with the identical rate
 * sequence and {@link Optimizer#fromState} needs nothing else.
 *
 * <p>Binary form ({@link #toBytes()}, {@link #fromBytes}), format version {@value #FORMAT_VERSION}; not Java
 * serialization. Big-endian, as written by {@link DataOutputStream}; strings are its modified UTF-8
 * ({@code writeUTF}: 2-byte length, then bytes):
 * <pre>
 *   int     magic 0x4F50544D ("OPTM")
 *   int     format version (1)
 *   int     L = length in bytes of the body that follows
 *   body (L bytes):
 *     UTF     kind: "sgd" | "adam" | "adamw"
 *     long    iteration ≥ 0
 *     int     dimension n ≥ 1
 *     int     H, then H × (UTF name, double value)        hyper-parameters, e.g. "learningRate", "beta2"
 *     schedule, recursively: UTF tag, then
 *               "constant": nothing
 *               "step":     double gamma, long stepSize
 *               "cosine":   long period, double minFactor
 *               "warmup":   double startFactor, long iterations, schedule (the one after the warmup)
 *     int     A, then A × (UTF name, int length = n, n × double)   state arrays
 *   int     CRC-32 of every preceding byte (header and body)
 * </pre>
 * Reading checks, in order: magic, version, length (truncation or trailing bytes), checksum, then the body's
 * structure and contents (known kind, valid hyper-parameters for it, exactly the arrays it keeps, lengths =
 * n). A byte array holds at most 2 GiB, so a state must stay below that (Adam: about 130 million
 * parameters).
 */
public final class OptimizerState {

  /** The format version written by {@link #toBytes()} and the only one {@link #fromBytes} accepts. */
  public static final int FORMAT_VERSION = 1;

  /** "OPTM" in ASCII. */
  static final int MAGIC = 0x4F50544D;

  private static final int HEADER_BYTES = 12;
  private static final int CHECKSUM_BYTES = 4;
  /** Deeper nesting of warmups than this is treated as corruption (and keeps the reader's recursion bounded). */
  private static final int MAX_SCHEDULE_DEPTH = 16;

  private final String kind;
  private final long iteration;
  private final int dimension;
  private final Map<String, Double> hyperParameters;
  private final LearningRateSchedule schedule;
  private final Map<String, double[]> arrays;

  /**
   * Copies every array. Used by the optimizers and the reader.
   *
   * @param arrays named state arrays, each of length {@code dimension}, copied
   */
  OptimizerState(String kind, long iteration, int dimension, Map<String, Double> hyperParameters,
                 LearningRateSchedule schedule, Map<String, double[]> arrays) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(schedule, "schedule");
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    Map<String, double[]> copies = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      if (e.getValue().length != dimension) {
        throw new IllegalArgumentException("state array '" + e.getKey() + "' has length " + e.getValue().length
            + " but the dimension is " + dimension);
      }
      copies.put(e.getKey(), e.getValue().clone());
    }
    this.kind = kind;
    this.iteration = iteration;
    this.dimension = dimension;
    this.hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
    this.schedule = schedule;
    this.arrays = Collections.unmodifiableMap(copies);
  }

  /** The optimizer kind: "sgd", "adam" or "adamw" (as {@link Optimizer#name()}). */
  public String kind() {
    return kind;
  }

  /** Steps taken when the snapshot was made. */
  public long iteration() {
    return iteration;
  }

  /** Length of θ and of every state array. */
  public int dimension() {
    return dimension;
  }

  /** The hyper-parameters by name (booleans as 0 or 1), in the optimizer's order; unmodifiable. */
  public Map<String, Double> hyperParameters() {
    return hyperParameters;
  }

  /**
   * One hyper-parameter.
   *
   * @throws IllegalArgumentException if the state has no hyper-parameter of that name
   */
  public double hyperParameter(String name) {
    Double value = hyperParameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("optimizer state of kind '" + kind + "' has no hyper-parameter '"
          + name + "' (has: " + String.join(", ", hyperParameters.keySet()) + ")");
    }
    return value;
  }

  /** The learning-rate schedule the optimizer was built with. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** Names of the state arrays, in the optimizer's order. */
  public List<String> arrayNames() {
    return List.copyOf(arrays.keySet());
  }

  /**
   * A copy of one state array, length {@link #dimension()}.
   *
   * @throws IllegalArgumentException if there is no array of that name
   */
  public double[] array(String name) {
    return arrayView(name).clone();
  }

  /** The stored array itself, for restoring without a second copy; callers must not modify it. */
  double[] arrayView(String name) {
    double[] a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("optimizer state of kind '" + kind + "' has no array '" + name
          + "' (has: " + String.join(", ", arrays.keySet()) + ")");
    }
    return a;
  }

  /**
   * Checks that the hyper-parameter names are exactly {@code expected}.
   *
   * @throws IllegalArgumentException naming the first missing or unexpected name
   */
  void requireHyperParameterNames(Collection<String> expected) {
    requireNames("hyper-parameter", hyperParameters.keySet(), expected);
  }

  /**
   * Checks that the array names are exactly {@code expected}.
   *
   * @throws IllegalArgumentException naming the first missing or unexpected array
   */
  void requireArrayNames(Collection<String> expected) {
    requireNames("array", arrays.keySet(), expected);
  }

  private void requireNames(String what, Collection<String> actual, Collection<String> expected) {
    for (String name : expected) {
      if (!actual.contains(name)) {
        throw new IllegalArgumentException("optimizer state of kind '" + kind + "' lacks " + what + " '" + name
            + "' (expected: " + String.join(", ", expected) + ")");
      }
    }
    for (String name : actual) {
      if (!expected.contains(name)) {
        throw new IllegalArgumentException("optimizer state of kind '" + kind + "' has unexpected " + what + " '"
            + name + "' (expected: " + (expected.isEmpty() ? "none" : String.join(", ", expected)) + ")");
      }
    }
  }

  /**
   * Checks that this state can be restored into an optimizer with the given description.
   *
   * @throws IllegalArgumentException naming the first difference
   */
  void requireCompatible(String optimizerKind, int optimizerDimension, Map<String, Double> optimizerHyper,
                         LearningRateSchedule optimizerSchedule) {
    if (!kind.equals(optimizerKind)) {
      throw new IllegalArgumentException("cannot restore an optimizer state of kind '" + kind
          + "' into an optimizer of kind '" + optimizerKind + "'");
    }
    if (dimension != optimizerDimension) {
      throw new IllegalArgumentException("cannot restore: the state has dimension " + dimension
          + " but the optimizer has dimension " + optimizerDimension);
    }
    requireHyperParameterNames(optimizerHyper.keySet());
    for (Map.Entry<String, Double> e : optimizerHyper.entrySet()) {
      double stored = hyperParameters.get(e.getKey());
      if (Double.compare(stored, e.getValue()) != 0) {
        throw new IllegalArgumentException("cannot restore: hyper-parameter " + e.getKey() + " is " + stored
            + " in the state but " + e.getValue() + " in the optimizer");
      }
    }
    if (!schedule.equals(optimizerSchedule)) {
      throw new IllegalArgumentException("cannot restore: the state's learning-rate schedule " + schedule
          + " differs from the optimizer's " + optimizerSchedule);
    }
  }

  /** The binary form described in the class comment. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
      DataOutputStream body = new DataOutputStream(bodyBytes);
      body.writeUTF(kind);
      body.writeLong(iteration);
      body.writeInt(dimension);
      body.writeInt(hyperParameters.size());
      for (Map.Entry<String, Double> e : hyperParameters.entrySet()) {
        body.writeUTF(e.getKey());
        body.writeDouble(e.getValue());
      }
      writeSchedule(body, schedule);
      body.writeInt(arrays.size());
      for (Map.Entry<String, double[]> e : arrays.entrySet()) {
        body.writeUTF(e.getKey());
        body.writeInt(e.getValue().length);
        for (double x : e.getValue()) {
          body.writeDouble(x);
        }
      }
      body.flush();

      ByteArrayOutputStream all = new ByteArrayOutputStream(HEADER_BYTES + bodyBytes.size() + CHECKSUM_BYTES);
      DataOutputStream out = new DataOutputStream(all);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(bodyBytes.size());
      bodyBytes.writeTo(out);
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(all.toByteArray());
      out.writeInt((int) crc.getValue());
      out.flush();
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
  }

  private static void writeSchedule(DataOutputStream out, LearningRateSchedule s) throws IOException {
    if (s instanceof LearningRateSchedule.Constant) {
      out.writeUTF("constant");
    } else if (s instanceof LearningRateSchedule.StepDecay d) {
      out.writeUTF("step");
      out.writeDouble(d.gamma());
      out.writeLong(d.stepSize());
    } else if (s instanceof LearningRateSchedule.CosineAnnealing c) {
      out.writeUTF("cosine");
      out.writeLong(c.period());
      out.writeDouble(c.minFactor());
    } else if (s instanceof LearningRateSchedule.LinearWarmup w) {
      out.writeUTF("warmup");
      out.writeDouble(w.startFactor());
      out.writeLong(w.iterations());
      writeSchedule(out, w.after());
    } else {
      throw new IllegalStateException("no binary form for schedule " + s);
    }
  }

  /**
   * Reads and validates a state written by {@link #toBytes()}.
   *
   * @param bytes the binary form, not modified
   * @throws IllegalArgumentException starting with "optimizer state: " and saying what is wrong: bad magic
   *     number, unsupported format version, truncated (with the byte count), trailing bytes, checksum
   *     mismatch, unknown kind or schedule, invalid hyper-parameters, missing or unexpected arrays
   */
  public static OptimizerState fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      return read(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("optimizer state: " + e.getMessage(), e);
    }
  }

  private static OptimizerState read(byte[] bytes) {
    ByteBuffer header = ByteBuffer.wrap(bytes);
    requireLength(bytes, 4, "the magic number");
    int magic = header.getInt(0);
    if (magic != MAGIC) {
      throw new IllegalArgumentException(String.format(
          "bad magic number 0x%08X, expected 0x%08X: not an odespark optimizer state", magic, MAGIC));
    }
    requireLength(bytes, 8, "the format version");
    int version = header.getInt(4);
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported format version " + version + ", expected " + FORMAT_VERSION);
    }
    requireLength(bytes, HEADER_BYTES, "the body length");
    int bodyLength = header.getInt(8);
    if (bodyLength < 0) {
      throw new IllegalArgumentException("corrupted: negative body length " + bodyLength);
    }
    long total = (long) HEADER_BYTES + bodyLength + CHECKSUM_BYTES;
    if (bytes.length < total) {
      throw new IllegalArgumentException("truncated after " + bytes.length + " bytes, expected " + total);
    }
    if (bytes.length > total) {
      throw new IllegalArgumentException((bytes.length - total) + " unexpected bytes after the end of the "
          + total + "-byte state");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, HEADER_BYTES + bodyLength);
    int stored = header.getInt(HEADER_BYTES + bodyLength);
    if ((int) crc.getValue() != stored) {
      throw new IllegalArgumentException(String.format(
          "checksum mismatch (stored 0x%08X, computed 0x%08X): the bytes are corrupted", stored,
          (int) crc.getValue()));
    }
    ByteArrayInputStream source = new ByteArrayInputStream(bytes, HEADER_BYTES, bodyLength);
    try {
      OptimizerState state = readBody(new DataInputStream(source));
      if (source.available() > 0) {
        throw new IllegalArgumentException("corrupted: " + source.available() + " unread bytes at the end of the body");
      }
      return state;
    } catch (EOFException e) {
      throw new IllegalArgumentException("corrupted: a field runs past the end of the " + bodyLength
          + "-byte body", e);
    } catch (UTFDataFormatException e) {
      throw new IllegalArgumentException("corrupted: malformed name string in the body", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory cannot fail", e);
    }
  }

  private static void requireLength(byte[] bytes, int needed, String what) {
    if (bytes.length < needed) {
      throw new IllegalArgumentException("truncated after " + bytes.length + " bytes, before the end of " + what);
    }
  }

  private static OptimizerState readBody(DataInputStream in) throws IOException {
    OptimizerKind kind = OptimizerKind.named(in.readUTF());
    long iteration = in.readLong();
    int dimension = in.readInt();
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    int hyperCount = in.readInt();
    // Each entry takes at least 10 bytes (name length + value); a larger count is corruption.
    if (hyperCount < 0 || hyperCount > in.available() / 10) {
      throw new IllegalArgumentException("corrupted: hyper-parameter count " + hyperCount);
    }
    Map<String, Double> hyper = new LinkedHashMap<>();
    for (int i = 0; i < hyperCount; i++) {
      String name = in.readUTF();
      if (hyper.put(name, in.readDouble()) != null) {
        throw new IllegalArgumentException("duplicate hyper-parameter '" + name + "'");
      }
    }
    LearningRateSchedule schedule = readSchedule(in, 0);
    int arrayCount = in.readInt();
    // Each entry takes at least 6 bytes (name length + array length).
    if (arrayCount < 0 || arrayCount > in.available() / 6) {
      throw new IllegalArgumentException("corrupted: array count " + arrayCount);
    }
    Map<String, double[]> arrays = new LinkedHashMap<>();
    for (int i = 0; i < arrayCount; i++) {
      String name = in.readUTF();
      int length = in.readInt();
      if (length != dimension) {
        throw new IllegalArgumentException("array '" + name + "' has length " + length + " but the dimension is "
            + dimension);
      }
      if ((long) length * Double.BYTES > in.available()) {
        throw new IllegalArgumentException("corrupted: array '" + name + "' of length " + length
            + " does not fit in the remaining " + in.available() + " bytes");
      }
      double[] a = new double[length];
      for (int j = 0; j < length; j++) {
        a[j] = in.readDouble();
      }
      if (arrays.put(name, a) != null) {
        throw new IllegalArgumentException("duplicate array '" + name + "'");
      }
    }
    OptimizerState state = new OptimizerState(kind.id, iteration, dimension, hyper, schedule, arrays);
    kind.validate(state);
    return state;
  }

  private static LearningRateSchedule readSchedule(DataInputStream in, int depth) throws IOException {
    if (depth > MAX_SCHEDULE_DEPTH) {
      throw new IllegalArgumentException("learning-rate schedules nested deeper than " + MAX_SCHEDULE_DEPTH);
    }
    String tag = in.readUTF();
    switch (tag) {
      case "constant":
        return LearningRateSchedule.constant();
      case "step": {
        double gamma = in.readDouble();
        long stepSize = in.readLong();
        return new LearningRateSchedule.StepDecay(gamma, stepSize);
      }
      case "cosine": {
        long period = in.readLong();
        double minFactor = in.readDouble();
        return new LearningRateSchedule.CosineAnnealing(period, minFactor);
      }
      case "warmup": {
        double startFactor = in.readDouble();
        long iterations = in.readLong();
        return new LearningRateSchedule.LinearWarmup(startFactor, iterations, readSchedule(in, depth + 1));
      }
      default:
        throw new IllegalArgumentException("unknown learning-rate schedule '" + tag
            + "' (known: constant, step, cosine, warmup)");
    }
  }

  /** Equal kind, iteration, dimension, hyper-parameters, schedule and arrays (bit for bit). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OptimizerState s)) {
      return false;
    }
    if (!kind.equals(s.kind) || iteration != s.iteration || dimension != s.dimension
        || !hyperParameters.equals(s.hyperParameters) || !schedule.equals(s.schedule)
        || !arrays.keySet().equals(s.arrays.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      if (!Arrays.equals(e.getValue(), s.arrays.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(kind, iteration, dimension, hyperParameters, schedule);
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "OptimizerState[" + kind + ", iteration " + iteration + ", dimension " + dimension + ", "
        + hyperParameters + ", schedule " + schedule + ", arrays " + new ArrayList<>(arrays.keySet()) + "]";
  }
}
