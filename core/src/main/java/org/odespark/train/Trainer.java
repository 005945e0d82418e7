package org.odespark.train;

import java.util.Objects;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.optim.GradientClipper;
import org.odespark.optim.Optimizer;
import org.odespark.random.SeedSequence;

/**
 * The one-JVM training loop around an {@link Objective} and an {@link Optimizer}. Iteration i (0-based, the
 * optimizer's iteration count) is
 * <pre>
 *   sums ← Σ over the minibatch of iteration i   ({@link TrainerPartition}: partition 0, share = batch size)
 *   g ← sums.gradient / sums.weight;   ‖g‖ recorded;   g ← clip(g) if clipping;   θ ← optimizer.step(θ, g)
 * </pre>
 * followed by a {@link TrainerIteration} to the listener and, every {@code evaluateEvery} iterations, an
 * evaluation on the held-out batch. The Spark trainer is this loop with the first line replaced by one
 * {@link TrainerPartition} per partition and a merge in partition order, and the rest, {@link #applyStep},
 * unchanged on the driver.
 *
 * <p>Deterministic: the rows, the objective's seeds and the update depend only on the seed, the iteration and
 * θ, so the same seed and configuration give bit-identical θ, and a run resumed from θ and the {@link
 * Optimizer#state() optimizer state} saved after iteration k continues exactly as the uninterrupted run
 * (the iteration count lives in the optimizer state). Mutable, one thread.
 */
public final class Trainer {

  private final Objective objective;
  private final Optimizer optimizer;
  private final TrainerOptions options;
  private final GradientClipper clipper;
  private final GradientAggregator sums;
  private final double[] gradient;

  /**
   * @param objective the objective, used by this trainer's thread only
   * @param optimizer the optimizer, of dimension |θ|; its iteration count is where {@link #run} starts
   */
  public Trainer(Objective objective, Optimizer optimizer, TrainerOptions options) {
    this.objective = Objects.requireNonNull(objective, "objective");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.options = Objects.requireNonNull(options, "options");
    int p = objective.parameterCount();
    if (optimizer.dimension() != p) {
      throw new IllegalArgumentException("optimizer has dimension " + optimizer.dimension()
          + " but the objective has " + p + " parameters");
    }
    this.clipper = options.clipNorm() > 0 ? new GradientClipper(options.clipNorm()) : null;
    this.sums = new GradientAggregator(p);
    this.gradient = new double[p];
  }

  public Objective objective() {
    return objective;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public TrainerOptions options() {
    return options;
  }

  /** Fresh initial parameters: {@code objective.initialize(θ, SeedSequence(seed).derive("init"))}. */
  public double[] initialParameters() {
    double[] theta = new double[objective.parameterCount()];
    objective.initialize(theta, SeedSequence.of(options.seed()).derive("init"));
    return theta;
  }

  /**
   * Trains θ in place from the optimizer's current iteration up to {@link TrainerOptions#iterations()}.
   *
   * @param theta parameters, length |θ|, modified
   * @param train the training examples, not modified
   * @param heldOut examples to evaluate on every {@code evaluateEvery} iterations, or null
   * @param listener receives the records
   * @throws IllegalStateException if a gradient is not finite (the run stops before stepping)
   */
  public void run(double[] theta, Batch train, Batch heldOut, TrainerListener listener) {
    if (theta.length != objective.parameterCount()) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but the objective has "
          + objective.parameterCount() + " parameters");
    }
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(listener, "listener");
    TrainerPartition partition = new TrainerPartition(objective, options.seed(), 0, train, options.batchSize());
    Batch[] chunks = heldOut != null && options.evaluateEvery() > 0
        ? chunks(heldOut, options.evaluationChunk()) : null;
    while (optimizer.iteration() < options.iterations()) {
      long i = optimizer.iteration();
      long start = System.nanoTime();
      sums.reset();
      partition.accumulate(theta, i, sums);
      double rate = optimizer.learningRate();
      double norm = applyStep(sums, theta, optimizer, clipper, gradient);
      double seconds = (System.nanoTime() - start) * 1e-9;
      listener.onIteration(TrainerIteration.of(i + 1, sums, norm, rate, seconds));
      if (chunks != null && (i + 1) % options.evaluateEvery() == 0) {
        listener.onEvaluation(evaluate(objective, theta, chunks, i + 1));
      }
    }
  }

  /**
   * The driver's half of an iteration: g = Σ w∇ / Σ w from {@code sums}, clipped when a clipper is given,
   * then one optimizer step. Returns ‖g‖₂ before clipping.
   *
   * @param sums the merged sums of the iteration, not modified
   * @param theta parameters, modified
   * @param clipper the clipper, or null
   * @param gradient scratch of length |θ|, overwritten with the (clipped) mean gradient
   * @throws IllegalStateException if no examples were aggregated or the gradient is not finite
   */
  public static double applyStep(GradientAggregator sums, double[] theta, Optimizer optimizer,
                                 GradientClipper clipper, double[] gradient) {
    sums.meanGradient(gradient);
    double norm = clipper != null ? clipper.clip(gradient) : GradientClipper.norm(gradient);
    optimizer.step(theta, gradient);
    return norm;
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
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
    }
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
