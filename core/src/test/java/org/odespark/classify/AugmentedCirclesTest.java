package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odespark.adjoint.SolverSpec;
import org.odespark.objective.Batch;
import org.odespark.optim.Adam;
import org.odespark.optim.AdamOptions;
import org.odespark.random.SeedSequence;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerEvaluation;
import org.odespark.train.TrainerListener;
import org.odespark.train.TrainerOptions;

/**
 * Dupont et al.'s separation result (ANODE, NeurIPS 2019, Prop. 3 and §4.1) on {@link ConcentricCircles}
 * with a 2-dimensional ODE block (width 2): without augmentation the block is a homeomorphism of the plane,
 * so the read-out's "disk" region is the preimage of a half-plane, an unbounded connected set containing the
 * disk, and must cross every circle around it: some points of the ring are always misclassified. With one
 * augmented dimension the flow can lift the disk out of the plane and the classes separate.
 *
 * <p>Budget: the same for both, 300 Adam steps (η = 1e-2) of 128 examples from 1024, field MLP [32, 32]
 * tanh, dopri5 at 1e-3; seeds 1, 2, 3 (the first three, not selected). Measured with these settings: ANODE
 * reaches test accuracy 1.000 on all three seeds (and on seeds 4–8); the plain ODE-Net stays below 0.99 and
 * misclassifies between 0.15 % (seed 2) and about 25 % of a dense circle of radius 2.5 inside the ring.
 */
class AugmentedCirclesTest {

  private static final long[] SEEDS = {1, 2, 3};
  private static final int ITERATIONS = 300;
  /** ANODE separates the classes; a margin of 1 % for other platforms' rounding of the same run. */
  private static final double ANODE_ACCURACY = 0.99;
  /**
   * The theorem guarantees at least one misclassified point on every ring circle for the exact flow; we ask
   * for at least one of the 4096 points. The crossing can be thin: the smallest measured is 6 points (seed 2).
   */
  private static final double RING_CROSSING = 1.0 / 4096;
  /** Mean over the seeds of the plain ODE-Net's test accuracy (measured 0.933). */
  private static final double NODE_MEAN_ACCURACY = 0.97;

  private record Outcome(double accuracy, double ringCrossing) {}

  private static Outcome train(int augment, long seed) {
    Batch train = ConcentricCircles.sample(1024, SeedSequence.of(seed).random("train"));
    Batch test = ConcentricCircles.sample(1024, SeedSequence.of(seed).random("test"));
    OdeNetClassifier o = OdeNetSpec.defaults(2, 2).withWidth(2).withAugment(augment).withFieldHidden(32, 32)
        .withSolver(SolverSpec.adaptive("dopri5", 1e-3, 1e-3)).create();
    Trainer trainer = new Trainer(new Adam(o.parameterCount(), AdamOptions.defaults().withLearningRate(1e-2)),
        TrainerOptions.builder().seed(seed).batchSize(128).iterations(ITERATIONS).build());
    double[] theta = Trainer.initialParameters(o, seed);
    trainer.run(theta, o, train, null, TrainerListener.NONE);
    TrainerEvaluation onTest = Trainer.evaluate(o, theta, test, 1024, ITERATIONS);
    TrainerEvaluation onCircle = Trainer.evaluate(o, theta, circle(2.5, 4096), 1024, ITERATIONS);
    return new Outcome(onTest.accuracy(), 1 - onCircle.accuracy());
  }

  /** m equally spaced points on the circle of radius r, labelled as the ring (class 1). */
  private static Batch circle(double r, int m) {
    double[] x = new double[2 * m];
    int[] labels = new int[m];
    for (int i = 0; i < m; i++) {
      double phi = 2 * Math.PI * i / m;
      x[2 * i] = r * Math.cos(phi);
      x[2 * i + 1] = r * Math.sin(phi);
      labels[i] = 1;
    }
    return new Batch(m, 2, x, labels, null);
  }

  @Test
  void augmentationSeparatesNestedCirclesAndThePlainFlowCannot() {
    double nodeSum = 0;
    for (long seed : SEEDS) {
      Outcome anode = train(1, seed);
      assertTrue(anode.accuracy() >= ANODE_ACCURACY, "seed " + seed + ": augmented ODE-Net accuracy "
          + anode.accuracy() + " < " + ANODE_ACCURACY);
      Outcome node = train(0, seed);
      assertTrue(node.ringCrossing() >= RING_CROSSING, "seed " + seed + ": the plain ODE-Net misclassifies only "
          + node.ringCrossing() + " of the circle r = 2.5; a homeomorphism must cross it");
      nodeSum += node.accuracy();
    }
    double nodeMean = nodeSum / SEEDS.length;
    assertTrue(nodeMean <= NODE_MEAN_ACCURACY, "plain ODE-Net mean accuracy " + nodeMean + " > "
        + NODE_MEAN_ACCURACY + ": nested circles should not be separable without augmentation");
  }
}
