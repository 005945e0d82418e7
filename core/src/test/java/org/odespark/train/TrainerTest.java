package org.odespark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odespark.classify.ConcentricCircles;
import org.odespark.classify.OdeNetSpec;
import org.odespark.classify.ResNetSpec;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.optim.LearningRateSchedule;
import org.odespark.optim.Optimizer;
import org.odespark.optim.OptimizerState;
import org.odespark.random.SeedSequence;

/** The one-JVM loop: determinism, resumption, records, and its validation. */
class TrainerTest {

  private static final Batch TRAIN = ConcentricCircles.sample(300, SeedSequence.of(1).random("train"));
  private static final Batch HELD_OUT = ConcentricCircles.sample(70, SeedSequence.of(1).random("test"));
  /** Cosine schedule and clipping: every piece of optimizer state matters for resumption. */
  private static final AdamOptions ADAM = AdamOptions.defaults().withLearningRate(1e-2)
      .withSchedule(LearningRateSchedule.cosine(40, 0.1).withWarmup(0.2, 5));
  private static final TrainerOptions OPTIONS = TrainerOptions.defaults().withSeed(7).withBatchSize(32)
      .withIterations(24).withEvaluateEvery(10).withEvaluationChunk(32).withClipNorm(0.5);

  private static Objective objective() {
    return OdeNetSpec.defaults(2, 2).withWidth(2).withAugment(1).withFieldHidden(8).create();
  }

  private static final class Recorder implements TrainerListener {
    final List<TrainerIteration> iterations = new ArrayList<>();
    final List<TrainerEvaluation> evaluations = new ArrayList<>();

    @Override
    public void onIteration(TrainerIteration r) {
      iterations.add(r);
    }

    @Override
    public void onEvaluation(TrainerEvaluation r) {
      evaluations.add(r);
    }
  }

  private static double[] train(TrainerOptions options, Recorder recorder) {
    Objective o = objective();
    Trainer t = new Trainer(o, new Adam(o.parameterCount(), ADAM), options);
    double[] theta = t.initialParameters();
    t.run(theta, TRAIN, HELD_OUT, recorder);
    return theta;
  }

  @Test
  void twoRunsAreBitIdenticalAndAnotherSeedDiffers() {
    double[] a = train(OPTIONS, new Recorder());
    double[] b = train(OPTIONS, new Recorder());
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, train(OPTIONS.withSeed(8), new Recorder())));
  }

  @Test
  void resumingFromACheckpointIsBitIdenticalToAnUninterruptedRun() {
    double[] uninterrupted = train(OPTIONS, new Recorder());

    // Run to iteration k = 11 (inside the warmup's successor, mid-epoch), keep θ and the optimizer state as bytes.
    Objective first = objective();
    Trainer head = new Trainer(first, new Adam(first.parameterCount(), ADAM), OPTIONS.withIterations(11));
    double[] theta = head.initialParameters();
    head.run(theta, TRAIN, HELD_OUT, TrainerListener.NONE);
    byte[] state = head.optimizer().state().toBytes();
    double[] saved = theta.clone();

    // A new process: fresh objective, optimizer rebuilt from the bytes, θ restored, same options.
    Objective second = objective();
    Optimizer restored = Optimizer.fromState(OptimizerState.fromBytes(state));
    assertEquals(11, restored.iteration());
    Recorder tail = new Recorder();
    double[] resumed = saved.clone();
    new Trainer(second, restored, OPTIONS).run(resumed, TRAIN, HELD_OUT, tail);
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
  void theOneJvmLoopIsPartitionZeroPlusTheDriverStep() {
    // What the Spark trainer will do with one partition, spelled out, gives the same θ as run().
    Objective o = objective();
    Optimizer opt = new Adam(o.parameterCount(), ADAM);
    Trainer t = new Trainer(o, opt, OPTIONS);
    double[] theta = t.initialParameters();
    TrainerPartition p = new TrainerPartition(objective(), OPTIONS.seed(), 0, TRAIN, OPTIONS.batchSize());
    GradientAggregator sums = new GradientAggregator(o.parameterCount());
    double[] g = new double[o.parameterCount()];
    for (long i = 0; i < OPTIONS.iterations(); i++) {
      sums.reset();
      p.accumulate(theta, i, sums);
      Trainer.applyStep(sums, theta, opt, new org.odespark.optim.GradientClipper(OPTIONS.clipNorm()), g);
    }
    assertArrayEquals(train(OPTIONS, new Recorder()), theta);
  }

  @Test
  void clippingCapsTheStepButTheRecordKeepsTheRawNorm() {
    Recorder r = new Recorder();
    train(OPTIONS.withClipNorm(1e-6).withIterations(3), r);
    for (TrainerIteration it : r.iterations) {
      assertTrue(it.gradientNorm() > 1e-6, "the recorded norm is the one before clipping");
    }
  }

  @Test
  void resNetObjectivesTrainWithoutSolves() {
    Objective o = ResNetSpec.defaults(2, 2).withWidth(4).withBlocks(2).withBlockHidden(8).create();
    Recorder r = new Recorder();
    Trainer t = new Trainer(o, new Adam(o.parameterCount(), ADAM), OPTIONS.withIterations(3));
    t.run(t.initialParameters(), TRAIN, HELD_OUT, r);
    assertEquals(0, r.iterations.get(0).nfeForward());
    assertEquals(3, r.iterations.size());
  }

  @Test
  void partitionWithZeroShareAddsNothing() {
    TrainerPartition p = new TrainerPartition(objective(), 1, 3, TRAIN, 0);
    GradientAggregator sums = new GradientAggregator(objective().parameterCount());
    p.accumulate(new double[sums.parameterCount()], 0, sums);
    assertEquals(0, sums.examples());
    assertEquals(0, p.share());
  }

  @Test
  void validation() {
    Objective o = objective();
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withBatchSize(0));
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withIterations(-1));
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withEvaluateEvery(-1));
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withEvaluationChunk(0));
    assertThrows(IllegalArgumentException.class, () -> OPTIONS.withClipNorm(-1));
    assertThrows(IllegalArgumentException.class, () -> new Trainer(o, new Adam(3, ADAM), OPTIONS));
    Trainer t = new Trainer(o, new Adam(o.parameterCount(), ADAM), OPTIONS);
    assertThrows(IllegalArgumentException.class, () -> t.run(new double[2], TRAIN, null, TrainerListener.NONE));
    Batch threeColumns = new Batch(1, 3, new double[3], new int[1], null);
    assertThrows(IllegalArgumentException.class,
        () -> t.run(t.initialParameters(), threeColumns, null, TrainerListener.NONE));
  }
}
