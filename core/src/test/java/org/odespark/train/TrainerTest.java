package org.odespark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odespark.classify.ConcentricCircles;
import org.odespark.classify.OdeNetSpec;
import org.odespark.classify.ResNetSpec;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.LearningRateSchedule;
import org.odespark.optim.Optimizer;
import org.odespark.random.SeedSequence;

/** The one-JVM loop: determinism, resumption, records, and its validation. */
class TrainerTest {

  private static final Batch TRAIN = ConcentricCircles.sample(300, SeedSequence.of(1).random("train"));
  private static final Batch HELD_OUT = ConcentricCircles.sample(70, SeedSequence.of(1).random("test"));
  /** Cosine schedule and clipping: every piece of optimizer state matters for resumption. */
  private static final AdamOptions ADAM = AdamOptions.defaults().withLearningRate(1e-2)
      .withSchedule(LearningRateSchedule.cosine(40, 0.1).withWarmup(0.2, 5));
  private static final TrainerOptions OPTIONS = TrainerOptions.builder().seed(7).batchSize(32).iterations(24)
      .evaluateEvery(10).evaluationChunk(32).clipNorm(0.5).build();

  private static Objective objective() {
    return OdeNetSpec.defaults(2, 2).withWidth(2).withAugment(1).withFieldHidden(8).create();
  }

  private static final class Recorder implements TrainerListener {
    final List<TrainerIteration> iterations = new ArrayList<>();
    final List<TrainerEvaluation> evaluations = new ArrayList<>();
    final List<Long> checkpoints = new ArrayList<>();

    @Override
    public void onIteration(TrainerIteration r) {
      iterations.add(r);
    }

    @Override
    public void onEvaluation(TrainerEvaluation r) {
      evaluations.add(r);
    }

    @Override
    public void onCheckpoint(long iteration, double[] theta, Optimizer optimizer) {
      assertEquals(iteration, optimizer.iteration());
      checkpoints.add(iteration);
    }
  }

  private static double[] train(TrainerOptions options, Recorder recorder) {
    Objective o = objective();
    double[] theta = Trainer.initialParameters(o, options.seed());
    new Trainer(new Adam(o.parameterCount(), ADAM), options).run(theta, o, TRAIN, HELD_OUT, recorder);
    return theta;
  }

  @Test
  void twoRunsAreBitIdenticalAndAnotherSeedDiffers() {
    double[] a = train(OPTIONS, new Recorder());
    double[] b = train(OPTIONS, new Recorder());
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, train(OPTIONS.toBuilder().seed(8).build(), new Recorder())));
  }

  @Test
  void resumingFromACheckpointIsBitIdenticalToAnUninterruptedRun() throws Exception {
    double[] uninterrupted = train(OPTIONS, new Recorder());

    // Run to iteration k = 11 (inside the warmup's successor, mid-epoch), keep θ and the optimizer state as bytes.
    Objective first = objective();
    Trainer head = new Trainer(new Adam(first.parameterCount(), ADAM), OPTIONS.toBuilder().iterations(11).build());
    double[] theta = Trainer.initialParameters(first, OPTIONS.seed());
    head.run(theta, first, TRAIN, HELD_OUT, TrainerListener.NONE);
    byte[] file = SnapshotFormat.toBytes(new Snapshot(Snapshot.Kind.CHECKPOINT, "odenet", 11, theta,
        head.optimizer().state(), Map.of(), "", "h", new DataFingerprint("test", 2, new long[] {300}, "none", true,
        false, List.of()), null));

    // A new process: fresh objective, θ and optimizer from the checkpoint file, same options.
    Objective second = objective();
    Snapshot checkpoint = SnapshotFormat.read(file, "checkpoint");
    double[] saved = checkpoint.theta();
    Optimizer restored = Optimizer.fromState(checkpoint.optimizer());
    assertEquals(11, restored.iteration());
    Recorder tail = new Recorder();
    double[] resumed = saved.clone();
    new Trainer(restored, OPTIONS).run(resumed, second, TRAIN, HELD_OUT, tail);
    assertArrayEquals(uninterrupted, resumed);
    assertEquals(12, tail.iterations.get(0).iteration());
    assertEquals(24, tail.iterations.get(tail.iterations.size() - 1).iteration());
  }

  @Test
  void recordsEveryIterationAndEvaluatesEveryK() {
    Recorder r = new Recorder();
    train(OPTIONS, r);
    assertEquals(24, r.iterations.size());
    for (int i = 0; i < 24; i++) {
      TrainerIteration it = r.iterations.get(i);
      assertEquals(i + 1, it.iteration());
      assertEquals(32, it.examples());
      assertTrue(Double.isFinite(it.loss()) && it.loss() > 0);
      assertTrue(it.gradientNorm() > 0);
      assertTrue(it.nfeForward() >= 2 && it.nfeBackward() >= 2, "one solve per batch with its evaluations");
      assertTrue(it.seconds() >= 0);
      assertEquals(ADAM.schedule().rate(i, ADAM.learningRate()), it.learningRate(), 0.0);
    }
    assertEquals(List.of(10L, 20L), r.evaluations.stream().map(TrainerEvaluation::iteration).toList());
    for (TrainerEvaluation e : r.evaluations) {
      assertEquals(70, e.examples());
      assertTrue(e.accuracy() >= 0 && e.accuracy() <= 1);
      assertTrue(e.nfeForward() >= 2);
    }
  }

  @Test
  void checkpointsEveryKthIterationAndAfterTheLast() {
    Recorder r = new Recorder();
    double[] theta = train(OPTIONS.toBuilder().checkpointEvery(10).build(), r);
    assertEquals(List.of(10L, 20L, 24L), r.checkpoints);
    Recorder onlyLast = new Recorder();
    assertArrayEquals(train(OPTIONS.toBuilder().checkpointEvery(0).build(), onlyLast), theta,
        "checkpointing does not change training");
    assertEquals(List.of(24L), onlyLast.checkpoints);
  }

  @Test
  void aNonFiniteLossStopsTheRunBeforeTheStepNamingTheIteration() {
    Objective nan = new Objective() {
      public int parameterCount() {
        return 1;
      }

      public int featureDim() {
        return 2;
      }

      public void initialize(double[] theta, long seed) {}

      public void accumulate(double[] theta, Batch batch, long seed, GradientAggregator into) {
        into.addLoss(theta[0] > 0 ? Double.NaN : 1, batch.rows(), batch.rows());
        into.gradientSum()[0] -= batch.rows();
      }

      public void evaluate(double[] theta, Batch batch, long seed, GradientAggregator into) {}
    };
    double[] theta = {0};
    Optimizer sgd = new org.odespark.optim.Sgd(1, org.odespark.optim.SgdOptions.defaults());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Trainer(sgd, OPTIONS).run(theta, nan, TRAIN, null, TrainerListener.NONE));
    assertEquals("iteration 2: the loss is NaN", e.getMessage());
    assertEquals(1, sgd.iteration(), "the failing iteration took no step");
    assertEquals(0.01 * OPTIONS.clipNorm(), theta[0], 1e-18, "θ is the first (clipped) step's");
  }

  @Test
  void clippingCapsTheStepButTheRecordKeepsTheRawNorm() {
    Recorder r = new Recorder();
    train(OPTIONS.toBuilder().clipNorm(1e-6).iterations(3).build(), r);
    for (TrainerIteration it : r.iterations) {
      assertTrue(it.gradientNorm() > 1e-6, "the recorded norm is the one before clipping");
    }
  }

  @Test
  void resNetObjectivesTrainWithoutSolves() {
    Objective o = ResNetSpec.defaults(2, 2).withWidth(4).withBlocks(2).withBlockHidden(8).create();
    Recorder r = new Recorder();
    Trainer t = new Trainer(new Adam(o.parameterCount(), ADAM), OPTIONS.toBuilder().iterations(3).build());
    t.run(Trainer.initialParameters(o, 7), o, TRAIN, HELD_OUT, r);
    assertEquals(0, r.iterations.get(0).nfeForward());
    assertEquals(3, r.iterations.size());
  }

  @Test
  void heldOutLossesSelectTheModelAndStopTheRunEarly() {
    // Held-out losses by evaluation (every 3 iterations): the best is the 2nd (iteration 6); with patience 2
    // the 4th evaluation (iteration 12) is the second without a new best, and the run stops there.
    double[] losses = {5, 3, 4, 3, 6, 1, 2, 2};
    TrainerOptions options = OPTIONS.toBuilder().evaluateEvery(3).patience(2).keepBest(true).checkpointEvery(0)
        .build();
    List<double[]> thetas = new ArrayList<>();
    Recorder r = new Recorder();
    double[] theta = runWithHeldOut(options, losses, thetas, r);
    assertEquals(12, r.iterations.size(), "stopped after the 4th evaluation");
    assertEquals(List.of(3L, 6L, 9L, 12L), r.evaluations.stream().map(TrainerEvaluation::iteration).toList());
    assertEquals(List.of(3L, 6L, 6L, 6L), r.evaluations.stream().map(TrainerEvaluation::bestIteration).toList());
    assertEquals(List.of(5.0, 3.0, 3.0, 3.0), r.evaluations.stream().map(TrainerEvaluation::bestLoss).toList());
    assertEquals(List.of(12L), r.checkpoints, "the stopping iteration's state goes to the checkpoint");
    assertArrayEquals(thetas.get(1), theta, "keepBest: the θ of iteration 6");

    Recorder last = new Recorder();
    List<double[]> all = new ArrayList<>();
    double[] end = runWithHeldOut(options.toBuilder().patience(0).keepBest(false).build(), losses, all, last);
    assertEquals(24, last.iterations.size(), "no patience: every iteration");
    assertEquals(8, last.evaluations.size());
    assertEquals(18, last.evaluations.get(7).bestIteration(), "the lower loss at iteration 18 stays the best");
    assertFalse(Arrays.equals(all.get(5), end), "θ moved after the last evaluation");
    Recorder kept = new Recorder();
    assertArrayEquals(all.get(5), runWithHeldOut(options.toBuilder().patience(0).build(), losses, new ArrayList<>(),
        kept), "keepBest without patience: the θ of iteration 18");
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.toBuilder().evaluateEvery(0).patience(1).build());
  }

  /** Trains on TRAIN with a held-out "loss" that replays {@code losses} and records θ at each evaluation. */
  private static double[] runWithHeldOut(TrainerOptions options, double[] losses, List<double[]> thetas,
                                         Recorder recorder) {
    Objective o = objective();
    double[] theta = Trainer.initialParameters(o, options.seed());
    TrainerPartition partition = new TrainerPartition(options.seed(), 0, TRAIN.rows(), options.batchSize());
    GradientAggregator sums = new GradientAggregator(o.parameterCount());
    new Trainer(new Adam(o.parameterCount(), ADAM), options).run(theta, (th, i) -> {
      sums.reset();
      partition.accumulate(o, th, TRAIN, i, sums);
      return sums;
    }, (th, i) -> {
      thetas.add(th.clone());
      return new TrainerEvaluation(i, losses[thetas.size() - 1], 0, 0, 1, 0, -1, Double.NaN);
    }, recorder);
    return theta;
  }

  @Test
  void partitionWithZeroShareAddsNothing() {
    TrainerPartition p = new TrainerPartition(1, 3, TRAIN.rows(), 0);
    GradientAggregator sums = new GradientAggregator(objective().parameterCount());
    p.accumulate(objective(), new double[sums.parameterCount()], TRAIN, 0, sums);
    assertEquals(0, sums.examples());
  }

  @Test
  void validation() {
    Objective o = objective();
    TrainerOptions.Builder b = OPTIONS.toBuilder();
    assertThrows(IllegalArgumentException.class, () -> b.batchSize(0).build());
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.toBuilder().iterations(-1).build());
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.toBuilder().evaluateEvery(-1).build());
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.toBuilder().evaluationChunk(0).build());
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.toBuilder().clipNorm(-1).build());
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.toBuilder().logEvery(0).build());
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.toBuilder().checkpointEvery(-1).build());
    Trainer wrongDimension = new Trainer(new Adam(3, ADAM), OPTIONS);
    assertThrows(IllegalArgumentException.class,
        () -> wrongDimension.run(new double[o.parameterCount()], o, TRAIN, null, TrainerListener.NONE));
    Trainer t = new Trainer(new Adam(o.parameterCount(), ADAM), OPTIONS);
    assertThrows(IllegalArgumentException.class, () -> t.run(new double[2], o, TRAIN, null, TrainerListener.NONE));
    Batch threeColumns = new Batch(1, 3, new double[3], new int[1], null);
    assertThrows(IllegalArgumentException.class,
        () -> t.run(Trainer.initialParameters(o, 7), o, threeColumns, null, TrainerListener.NONE));
  }
}
