package org.odespark.train;

import java.util.Objects;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.optim.GradientClipper;
import org.odespark.optim.Optimizer;
import org.odespark.random.SeedSequence;

/**
 * The training loop, the same in one JVM and on Spark. Iteration i (0-based, the optimizer's iteration count)
 * is
 * <pre>
 *   sums ← Σ over the minibatch of iteration i at θ     ({@link MinibatchSums})
 *   g ← sums.gradient / sums.weight;   ‖g‖ recorded;   g ← clip(g) if clipping;   θ ← optimizer.step(θ, g)
 * </pre>
 * then a {@link TrainerIteration} to the listener, an evaluation on held-out data every {@code evaluateEvery}
 * iterations, and the state to the listener's checkpoint every {@code checkpointEvery} and after the last.
 * Held-out evaluations select the model: the loop remembers the θ of the lowest held-out loss, stops early
 * after {@code patience} evaluations in a row without a new lowest (the state of that iteration goes to the
 * checkpoint), and with {@code keepBest} ends with the remembered θ in place of the last one. Where the sums come from is the only
 * difference between the runs: {@link #run(double[], Objective, Batch, Batch, TrainerListener)} takes them
 * from one {@link TrainerPartition} holding every example (partition 0, share = batch size); the Spark trainer
 * from one {@code TrainerPartition} per partition, added along a fixed tree. Held-out evaluation, model
 * selection and stopping rules belong here, in {@link #run(double[], MinibatchSums, HeldOutLoss,
 * TrainerListener)}, so that every loop has them.
 *
 * <p>Deterministic: the rows, the objective's seeds and the update depend only on the seed, the iteration and
 * θ, so the same seed and configuration give bit-identical θ, and a run resumed from θ and the {@link
 * Optimizer#state() optimizer state} saved after iteration k continues exactly as the uninterrupted run (the
 * iteration count lives in the optimizer state). Mutable, one thread.
 */
public final class Trainer {

  /** The summed loss and gradient of iteration i's global minibatch at θ. */
  @FunctionalInterface
  public interface MinibatchSums {
    /**
     * @param theta parameters, not modified
     * @return the sums; the loop reads them before asking for the next iteration's
     */
    GradientAggregator at(double[] theta, long iteration);
  }

  /** The objective on held-out examples at θ after {@code iteration} steps. */
  @FunctionalInterface
  public interface HeldOutLoss {
    TrainerEvaluation at(double[] theta, long iteration);
  }

  private final Optimizer optimizer;
  private final TrainerOptions options;
  private final GradientClipper clipper;

  /**
   * @param optimizer the optimizer; its iteration count is where {@link #run} starts
   */
  public Trainer(Optimizer optimizer, TrainerOptions options) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.options = Objects.requireNonNull(options, "options");
    this.clipper = options.clipNorm() > 0 ? new GradientClipper(options.clipNorm()) : null;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public TrainerOptions options() {
    return options;
  }

  /** Fresh initial parameters: {@code objective.initialize(θ, SeedSequence(seed).derive("init"))}. */
  public static double[] initialParameters(Objective objective, long seed) {
    double[] theta = new double[objective.parameterCount()];
    objective.initialize(theta, SeedSequence.of(seed).derive("init"));
    return theta;
  }

  /**
   * Trains θ in place in this JVM from the optimizer's current iteration up to
   * {@link TrainerOptions#iterations()}.
   *
   * @param theta parameters, length |θ|, modified
   * @param objective the objective, used by this thread only
   * @param train the training examples, not modified
   * @param heldOut examples to evaluate on every {@code evaluateEvery} iterations, or null
   * @return the record of the last iteration, or null if none ran
   * @throws IllegalStateException if a gradient or loss is not finite (the run stops before stepping)
   */
  public TrainerIteration run(double[] theta, Objective objective, Batch train, Batch heldOut,
                              TrainerListener listener) {
    Objects.requireNonNull(train, "train");
    if (theta.length != objective.parameterCount()) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but the objective has "
          + objective.parameterCount() + " parameters");
    }
    if (train.cols() != objective.featureDim()) {
      throw new IllegalArgumentException("the training examples have " + train.cols()
          + " columns but the objective expects " + objective.featureDim());
    }
    TrainerPartition partition = new TrainerPartition(options.seed(), 0, train.rows(), options.batchSize());
    GradientAggregator sums = new GradientAggregator(objective.parameterCount());
    Batch[] chunks = heldOut != null ? chunks(heldOut, options.evaluationChunk()) : null;
    return run(theta, (th, i) -> {
      sums.reset();
      partition.accumulate(objective, th, train, i, sums);
      return sums;
    }, chunks == null ? null : (th, i) -> evaluate(objective, th, chunks, i), listener);
  }

  /**
   * Trains θ in place from the optimizer's current iteration up to {@link TrainerOptions#iterations()}, with
   * the sums of each iteration from {@code sums}.
   *
   * @param theta parameters, length |θ|, modified
   * @param heldOut the held-out loss, or null for none
   * @return the record of the last iteration, or null if none ran
   * @throws IllegalStateException naming the iteration if a gradient or loss is not finite (before stepping)
   */
  public TrainerIteration run(double[] theta, MinibatchSums sums, HeldOutLoss heldOut, TrainerListener listener) {
    if (theta.length != optimizer.dimension()) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but the optimizer has dimension "
          + optimizer.dimension());
    }
    Objects.requireNonNull(listener, "listener");
    double[] gradient = new double[theta.length];
    long total = options.iterations();
    TrainerIteration last = null;
    Selection best = new Selection(heldOut != null ? theta.length : 0);
    while (optimizer.iteration() < total) {
      long i = optimizer.iteration();
      long start = System.nanoTime();
      GradientAggregator s = sums.at(theta, i);
      double rate = optimizer.learningRate();
      double norm;
      try {
        s.meanGradient(gradient);
        norm = clipper != null ? clipper.clip(gradient) : GradientClipper.norm(gradient);
        if (!Double.isFinite(s.meanLoss())) {
          throw new IllegalStateException("the loss is " + s.meanLoss());
        }
      } catch (IllegalStateException e) {
        throw new IllegalStateException("iteration " + (i + 1) + ": " + e.getMessage(), e);
      }
      optimizer.step(theta, gradient);
      long done = i + 1;
      last = TrainerIteration.of(done, s, norm, rate, (System.nanoTime() - start) * 1e-9);
      listener.onIteration(last);
      boolean stop = false;
      if (heldOut != null && options.evaluateEvery() > 0 && done % options.evaluateEvery() == 0) {
        TrainerEvaluation e = best.add(heldOut.at(theta, done), theta);
        listener.onEvaluation(e);
        stop = options.patience() > 0 && best.stale >= options.patience();
      }
      if (options.checkpointAfter(done) || stop) {
        listener.onCheckpoint(done, theta, optimizer);
      }
      if (stop) {
        break;
      }
    }
    if (options.keepBest() && best.iteration >= 0) {
      System.arraycopy(best.theta, 0, theta, 0, theta.length);
    }
    return last;
  }

  /**
   * Model selection on held-out losses: the lowest so far, its iteration and θ, and the evaluations since it
   * (a tie is no improvement). Non-finite losses never become the best.
   */
  private static final class Selection {
    final double[] theta;
    long iteration = -1;
    double loss = Double.POSITIVE_INFINITY;
    int stale;

    Selection(int parameters) {
      theta = new double[parameters];
    }

    TrainerEvaluation add(TrainerEvaluation e, double[] current) {
      if (e.loss() < loss) {
        loss = e.loss();
        iteration = e.iteration();
        System.arraycopy(current, 0, theta, 0, current.length);
        stale = 0;
      } else {
        stale++;
      }
      return e.withBest(iteration, iteration < 0 ? Double.NaN : loss);
    }
  }

  /**
   * Evaluates {@code objective} on {@code data} in chunks of {@code chunk} rows (the last may be shorter);
   * chunk c gets the seed {@code derive("evaluate", c)} of seed 0, so evaluations are comparable.
   *
   * @param theta parameters, not modified
   * @param iteration recorded in the result
   */
  public static TrainerEvaluation evaluate(Objective objective, double[] theta, Batch data, int chunk,
                                           long iteration) {
    Checks.atLeast("chunk", chunk, 1);
    return evaluate(objective, theta, chunks(data, chunk), iteration);
  }

  private static TrainerEvaluation evaluate(Objective objective, double[] theta, Batch[] chunks, long iteration) {
    long start = System.nanoTime();
    GradientAggregator into = new GradientAggregator(objective.parameterCount());
    SeedSequence seeds = SeedSequence.of(0);
    for (int c = 0; c < chunks.length; c++) {
      objective.evaluate(theta, chunks[c], seeds.derive("evaluate", c), into);
    }
    return TrainerEvaluation.of(iteration, into, (System.nanoTime() - start) * 1e-9);
  }

  /** The rows of {@code data} in consecutive chunks of {@code size} rows (copies). */
  static Batch[] chunks(Batch data, int size) {
    int count = (data.rows() + size - 1) / size;
    Batch[] out = new Batch[count];
    for (int c = 0; c < count; c++) {
      int from = c * size;
      int[] indices = new int[Math.min(size, data.rows() - from)];
      for (int j = 0; j < indices.length; j++) {
        indices[j] = from + j;
      }
      out[c] = data.gather(indices);
    }
    return out;
  }
}
