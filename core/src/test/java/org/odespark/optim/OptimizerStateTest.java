package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots and resuming: bit-identical continuation, validation of a state rebuilt from its parts (what a
 * checkpoint reader does; the bytes are io.SnapshotFormatTest's), clear errors.
 */
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

  /** The state rebuilt from its public parts, as a file reader rebuilds it. */
  private static OptimizerState rebuild(OptimizerState s) {
    Map<String, double[]> arrays = new LinkedHashMap<>();
    for (String name : s.arrayNames()) {
      arrays.put(name, s.array(name));
    }
    return OptimizerState.of(s.kind(), s.iteration(), s.dimension(), s.hyperParameters(), s.schedule(), arrays);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void resumingFromARebuiltStateContinuesBitForBit(String what, Supplier<Optimizer> factory) {
    double[] uninterrupted = start();
    run(factory.get(), uninterrupted, 0, 12);

    Optimizer first = factory.get();
    double[] theta = start();
    run(first, theta, 0, 7);
    OptimizerState saved = rebuild(first.state());

    double[] viaFactory = theta.clone();
    Optimizer resumed = Optimizer.fromState(saved);
    assertEquals(7, resumed.iteration(), what);
    assertEquals(first.learningRate(), resumed.learningRate(), what + ": next rate");
    run(resumed, viaFactory, 7, 12);
    assertArrayEquals(uninterrupted, viaFactory, what + ": Optimizer.fromState");

    double[] viaRestore = theta.clone();
    Optimizer fresh = factory.get();
    fresh.restore(saved);
    run(fresh, viaRestore, 7, 12);
    assertArrayEquals(uninterrupted, viaRestore, what + ": restore into a fresh optimizer");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void aStateRebuiltFromItsPartsIsEqual(String what, Supplier<Optimizer> factory) {
    Optimizer o = factory.get();
    run(o, start(), 0, 5);
    OptimizerState s = o.state();
    OptimizerState back = rebuild(s);
    assertEquals(s, back, what);
    assertEquals(s.hashCode(), back.hashCode(), what);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void snapshotsAndCopiesAreIndependent(String what, Supplier<Optimizer> factory) {
    Optimizer o = factory.get();
    double[] theta = start();
    run(o, theta, 0, 4);
    OptimizerState snapshot = o.state();
    OptimizerState taken = rebuild(snapshot);
    Optimizer copy = o.copy();
    double[] copyTheta = theta.clone();

    run(o, theta, 4, 9);
    assertEquals(4, snapshot.iteration(), what + ": the snapshot does not follow later steps");
    assertEquals(taken, snapshot, what + ": the snapshot's arrays do not follow later steps");
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

  private static final String[] ADAM_NAMES = {"learningRate", "beta1", "beta2", "epsilon", "weightDecay"};

  /** An adam state of dimension 2 with the given hyper-parameters and the first {@code arrays} of m, v. */
  private static OptimizerState adamState(String kind, String[] names, double[] values, int arrays, int length) {
    Map<String, Double> hyper = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      hyper.put(names[i], values[i]);
    }
    Map<String, double[]> a = new LinkedHashMap<>();
    String[] arrayNames = {"m", "v"};
    for (int i = 0; i < arrays; i++) {
      a.put(arrayNames[i], new double[length]);
    }
    return OptimizerState.of(kind, 3, 2, hyper, LearningRateSchedule.constant(), a);
  }

  @Test
  void aRebuiltStateIsValidatedForItsKindByName() {
    double[] adam = {1e-3, 0.9, 0.999, 1e-8, 0};
    assertEquals(3, adamState("adam", ADAM_NAMES, adam, 2, 2).iteration());
    assertMessageContains("unknown optimizer kind 'adamx' (known: sgd, adam, adamw)",
        () -> adamState("adamx", ADAM_NAMES, adam, 2, 2));
    assertMessageContains("beta2 must be in [0, 1), got 1.5",
        () -> adamState("adam", ADAM_NAMES, new double[] {1e-3, 0.9, 1.5, 1e-8, 0}, 2, 2));
    assertMessageContains("optimizer state of kind 'adam' lacks hyper-parameter 'beta2'", () -> adamState("adam",
        new String[] {"learningRate", "beta1", "epsilon", "weightDecay"}, new double[] {1e-3, 0.9, 1e-8, 0}, 2, 2));
    assertMessageContains("lacks array 'v'", () -> adamState("adam", ADAM_NAMES, adam, 1, 2));
    assertMessageContains("state array 'm' has length 3 but the dimension is 2",
        () -> adamState("adam", ADAM_NAMES, adam, 2, 3));
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

  private static void assertMessageContains(String expected, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(expected), "expected '" + expected + "' in: " + x.getMessage());
  }
}
