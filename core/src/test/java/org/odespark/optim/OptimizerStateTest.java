package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Snapshots, the binary format and resuming: bit-identical continuation and clear errors. */
class OptimizerStateTest {

  private static final int DIMENSION = 6;
  private static final long SEED = 7_331L;

  /** A schedule that changes every step, so a resume with the wrong iteration or schedule shows up. */
  private static final LearningRateSchedule SCHEDULE =
      LearningRateSchedule.cosine(20, 0.05).withWarmup(0.1, 3);

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("sgd", (Supplier<Optimizer>) () -> new Sgd(DIMENSION,
            SgdOptions.defaults().withLearningRate(0.05).withWeightDecay(1e-3).withSchedule(SCHEDULE))),
        Arguments.of("sgd momentum", (Supplier<Optimizer>) () -> new Sgd(DIMENSION,
            SgdOptions.defaults().withLearningRate(0.05).withMomentum(0.9)
                .withSchedule(LearningRateSchedule.stepDecay(0.7, 4)))),
        Arguments.of("sgd nesterov", (Supplier<Optimizer>) () -> new Sgd(DIMENSION,
            SgdOptions.defaults().withLearningRate(0.05).withNesterovMomentum(0.8).withWeightDecay(1e-2)
                .withSchedule(SCHEDULE))),
        Arguments.of("adam", (Supplier<Optimizer>) () -> new Adam(DIMENSION,
            AdamOptions.defaults().withLearningRate(0.01).withWeightDecay(1e-2).withSchedule(SCHEDULE))),
        Arguments.of("adamw", (Supplier<Optimizer>) () -> new AdamW(DIMENSION,
            AdamOptions.adamWDefaults().withLearningRate(0.01).withBetas(0.8, 0.99).withSchedule(SCHEDULE))));
  }

  /** Starting point and a reproducible, θ-dependent gradient g_k(θ) = D θ − c + noise_k. */
  private static double[] start() {
    double[] theta = new double[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      theta[i] = 0.3 * i - 0.7;
    }
    return theta;
  }

  private static void gradient(int step, double[] theta, double[] g) {
    SplittableRandom noise = new SplittableRandom(SEED + step);
    for (int i = 0; i < DIMENSION; i++) {
      g[i] = (1 + i) * theta[i] - 0.5 + 0.1 * noise.nextGaussian();
    }
  }

  private static void run(Optimizer o, double[] theta, int from, int to) {
    double[] g = new double[DIMENSION];
    for (int k = from; k < to; k++) {
      gradient(k, theta, g);
      o.step(theta, g);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void resumingFromBytesContinuesBitForBit(String what, Supplier<Optimizer> factory) {
    double[] uninterrupted = start();
    run(factory.get(), uninterrupted, 0, 12);

    Optimizer first = factory.get();
    double[] theta = start();
    run(first, theta, 0, 7);
    byte[] bytes = first.state().toBytes();

    double[] viaFactory = theta.clone();
    Optimizer resumed = Optimizer.fromState(OptimizerState.fromBytes(bytes));
    assertEquals(7, resumed.iteration(), what);
    assertEquals(first.learningRate(), resumed.learningRate(), what + ": next rate");
    run(resumed, viaFactory, 7, 12);
    assertArrayEquals(uninterrupted, viaFactory, what + ": Optimizer.fromState");

    double[] viaRestore = theta.clone();
    Optimizer fresh = factory.get();
    fresh.restore(OptimizerState.fromBytes(bytes));
    run(fresh, viaRestore, 7, 12);
    assertArrayEquals(uninterrupted, viaRestore, what + ": restore into a fresh optimizer");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void bytesRoundTripToAnEqualState(String what, Supplier<Optimizer> factory) {
    Optimizer o = factory.get();
    run(o, start(), 0, 5);
    OptimizerState s = o.state();
    OptimizerState back = OptimizerState.fromBytes(s.toBytes());
    assertEquals(s, back, what);
    assertEquals(s.hashCode(), back.hashCode(), what);
    assertArrayEquals(s.toBytes(), back.toBytes(), what + ": writing is deterministic");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void snapshotsAndCopiesAreIndependent(String what, Supplier<Optimizer> factory) {
    Optimizer o = factory.get();
    double[] theta = start();
    run(o, theta, 0, 4);
    OptimizerState snapshot = o.state();
    byte[] snapshotBytes = snapshot.toBytes();
    Optimizer copy = o.copy();
    double[] copyTheta = theta.clone();

    run(o, theta, 4, 9);
    assertEquals(4, snapshot.iteration(), what + ": the snapshot does not follow later steps");
    assertArrayEquals(snapshotBytes, snapshot.toBytes(), what + ": the snapshot's arrays do not follow later steps");
    assertEquals(4, copy.iteration(), what + ": the copy does not follow later steps");
    assertNotEquals(snapshot, o.state(), what);

    run(copy, copyTheta, 4, 9);
    assertArrayEquals(theta, copyTheta, what + ": the copy continues like the original");
    assertEquals(o.state(), copy.state(), what);
    for (String name : snapshot.arrayNames()) {
      double[] a = snapshot.array(name);
      a[0] = 42;
      assertNotEquals(42, snapshot.array(name)[0], what + ": array() returns a copy");
    }
  }

  @Test
  void bytesFollowTheDocumentedLayout() {
    Adam adam = new Adam(2, AdamOptions.defaults().withSchedule(LearningRateSchedule.stepDecay(0.5, 3)
        .withWarmup(0.2, 4)));
    adam.step(new double[] {1, 2}, new double[] {0.5, -0.25});
    OptimizerState s = adam.state();
    byte[] expected = write(out -> {
      try {
        out.writeUTF("adam");
        out.writeLong(1);
        out.writeInt(2);
        out.writeInt(5);
        out.writeUTF("learningRate");
        out.writeDouble(1e-3);
        out.writeUTF("beta1");
        out.writeDouble(0.9);
        out.writeUTF("beta2");
        out.writeDouble(0.999);
        out.writeUTF("epsilon");
        out.writeDouble(1e-8);
        out.writeUTF("weightDecay");
        out.writeDouble(0);
        out.writeUTF("warmup");
        out.writeDouble(0.2);
        out.writeLong(4);
        out.writeUTF("step");
        out.writeDouble(0.5);
        out.writeLong(3);
        out.writeInt(2);
        for (String name : new String[] {"m", "v"}) {
          out.writeUTF(name);
          out.writeInt(2);
          double[] a = s.array(name);
          out.writeDouble(a[0]);
          out.writeDouble(a[1]);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertArrayEquals(expected, s.toBytes());
    assertEquals(0x4F50544D, ByteBuffer.wrap(expected).getInt(0), "magic 'OPTM'");
  }

  @Test
  void wrongMagicNumberIsRejected() {
    byte[] bytes = sampleBytes();
    bytes[0] = 'X';
    assertMessageContains("optimizer state: bad magic number 0x5850544D, expected 0x4F50544D",
        () -> OptimizerState.fromBytes(bytes));
  }

  @Test
  void unsupportedVersionIsRejected() {
    byte[] bytes = sampleBytes();
    ByteBuffer.wrap(bytes).putInt(4, 7);
    assertMessageContains("optimizer state: unsupported format version 7, expected 1",
        () -> OptimizerState.fromBytes(bytes));
  }

  @Test
  void everyTruncationIsReportedWithItsLength() {
    byte[] bytes = sampleBytes();
    for (int length = 0; length < bytes.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(bytes, length);
      assertMessageContains("optimizer state: truncated after " + length + " bytes",
          () -> OptimizerState.fromBytes(prefix));
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] bytes = sampleBytes();
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 3);
    assertMessageContains("optimizer state: 3 unexpected bytes after the end of the " + bytes.length
        + "-byte state", () -> OptimizerState.fromBytes(longer));
  }

  @Test
  void everyFlippedBitInTheBodyFailsTheChecksum() {
    byte[] bytes = sampleBytes();
    for (int i = 12; i < bytes.length - 4; i++) {
      byte[] corrupted = bytes.clone();
      corrupted[i] ^= (byte) (1 << (i % 8));
      assertMessageContains("optimizer state: checksum mismatch", () -> OptimizerState.fromBytes(corrupted));
    }
  }

  @Test
  void unknownKindIsNamed() {
    byte[] bytes = write(out -> body(out, "adamx", new String[] {"learningRate"}, new double[] {1e-3}, 2));
    assertMessageContains("optimizer state: unknown optimizer kind 'adamx' (known: sgd, adam, adamw)",
        () -> OptimizerState.fromBytes(bytes));
  }

  @Test
  void invalidHyperParameterInTheBytesIsNamed() {
    byte[] bytes = write(out -> body(out, "adam", ADAM_NAMES, new double[] {1e-3, 0.9, 1.5, 1e-8, 0}, 2));
    assertMessageContains("optimizer state: beta2 must be in [0, 1), got 1.5", () -> OptimizerState.fromBytes(bytes));
  }

  @Test
  void missingHyperParameterIsNamed() {
    byte[] bytes = write(out -> body(out, "adam", new String[] {"learningRate", "beta1", "epsilon", "weightDecay"},
        new double[] {1e-3, 0.9, 1e-8, 0}, 2));
    assertMessageContains("optimizer state: optimizer state of kind 'adam' lacks hyper-parameter 'beta2'",
        () -> OptimizerState.fromBytes(bytes));
  }

  @Test
  void missingArrayIsNamed() {
    byte[] bytes = write(out -> body(out, "adam", ADAM_NAMES, new double[] {1e-3, 0.9, 0.999, 1e-8, 0}, 1));
    assertMessageContains("lacks array 'v'", () -> OptimizerState.fromBytes(bytes));
  }

  @Test
  void unknownScheduleIsNamed() {
    byte[] bytes = write(out -> {
      try {
        out.writeUTF("sgd");
        out.writeLong(0);
        out.writeInt(3);
        out.writeInt(0);
        out.writeUTF("exponential");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertMessageContains("unknown learning-rate schedule 'exponential'", () -> OptimizerState.fromBytes(bytes));
  }

  @Test
  void restoringAnotherDimensionKindOrConfigurationIsRejected() {
    Adam adam = new Adam(DIMENSION, AdamOptions.defaults());
    run(adam, start(), 0, 2);
    OptimizerState s = adam.state();

    assertMessageContains("cannot restore: the state has dimension 6 but the optimizer has dimension 7",
        () -> new Adam(DIMENSION + 1).restore(s));
    assertMessageContains("cannot restore an optimizer state of kind 'adam' into an optimizer of kind 'adamw'",
        () -> new AdamW(DIMENSION).restore(s));
    assertMessageContains("cannot restore an optimizer state of kind 'adam' into an optimizer of kind 'sgd'",
        () -> new Sgd(DIMENSION).restore(s));
    assertMessageContains("cannot restore: hyper-parameter beta2 is 0.999 in the state but 0.99 in the optimizer",
        () -> new Adam(DIMENSION, AdamOptions.defaults().withBetas(0.9, 0.99)).restore(s));
    assertMessageContains("cannot restore: the state's learning-rate schedule",
        () -> new Adam(DIMENSION, AdamOptions.defaults().withSchedule(LearningRateSchedule.cosine(9, 0)))
            .restore(s));
  }

  @Test
  void stepRejectsMismatchedLengthsAndAliasing() {
    Sgd sgd = new Sgd(3);
    assertMessageContains("sgd optimizer of dimension 3 got theta of length 2 and gradient of length 3",
        () -> sgd.step(new double[2], new double[3]));
    assertMessageContains("got theta of length 3 and gradient of length 4", () -> sgd.step(new double[3],
        new double[4]));
    double[] same = new double[3];
    assertMessageContains("theta and gradient must be different arrays", () -> sgd.step(same, same));
    assertEquals(0, sgd.iteration(), "a rejected step does not count");
  }

  private static final String[] ADAM_NAMES = {"learningRate", "beta1", "beta2", "epsilon", "weightDecay"};

  /** Writes a body following the documented layout, with a constant schedule and {@code arrays} zero arrays. */
  private static void body(DataOutputStream out, String kind, String[] names, double[] values, int arrays) {
    try {
      out.writeUTF(kind);
      out.writeLong(3);
      out.writeInt(2);
      out.writeInt(names.length);
      for (int i = 0; i < names.length; i++) {
        out.writeUTF(names[i]);
        out.writeDouble(values[i]);
      }
      out.writeUTF("constant");
      out.writeInt(arrays);
      String[] arrayNames = {"m", "v"};
      for (int a = 0; a < arrays; a++) {
        out.writeUTF(arrayNames[a]);
        out.writeInt(2);
        out.writeDouble(0.5);
        out.writeDouble(0.25);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documented frame: magic, version 1, body length, body, CRC-32 of everything before it. */
  private static byte[] write(Consumer<DataOutputStream> bodyWriter) {
    try {
      ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
      DataOutputStream body = new DataOutputStream(bodyBytes);
      bodyWriter.accept(body);
      body.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(all);
      out.writeInt(0x4F50544D);
      out.writeInt(1);
      out.writeInt(bodyBytes.size());
      out.write(bodyBytes.toByteArray());
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(all.toByteArray());
      out.writeInt((int) crc.getValue());
      out.flush();
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sampleBytes() {
    AdamW o = new AdamW(3, AdamOptions.adamWDefaults().withSchedule(SCHEDULE));
    o.step(new double[] {1, 2, 3}, new double[] {0.1, -0.2, 0.3});
    return o.state().toBytes();
  }

  private static void assertMessageContains(String expected, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(expected), "expected '" + expected + "' in: " + x.getMessage());
  }
}
