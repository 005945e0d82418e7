package org.odespark.train;

/**
 * Settings of a {@link Trainer} run. Immutable; the compact constructor validates every component.
 *
 * @param seed the run's one seed: initial θ from {@code derive("init")}, minibatches from
 *     {@code derive("minibatch")} (see {@link TrainerPartition}), the objective's stochastic parts from
 *     {@code derive("objective", iteration, partition)}
 * @param batchSize examples per iteration, ≥ 1
 * @param iterations total optimizer steps of the run, ≥ 0; a resumed run continues from the optimizer's
 *     iteration count up to this
 * @param evaluateEvery evaluate on the held-out batch after every K-th iteration (K ≥ 1), or 0 for never
 * @param evaluationChunk rows per evaluation call (bounds the objective's workspaces), ≥ 1
 * @param clipNorm clip the mean gradient to this L2 norm (&gt; 0), or 0 for no clipping
 */
public record TrainerOptions(long seed, int batchSize, long iterations, int evaluateEvery, int evaluationChunk,
                             double clipNorm) {

  public TrainerOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
    if (evaluateEvery < 0) {
      throw new IllegalArgumentException("evaluateEvery must be >= 0 (0 = never), got " + evaluateEvery);
    }
    if (evaluationChunk < 1) {
      throw new IllegalArgumentException("evaluationChunk must be >= 1, got " + evaluationChunk);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("clipNorm must be >= 0 and finite (0 = no clipping), got " + clipNorm);
    }
  }

  /** Seed 0, batch 128, 1000 iterations, no evaluation, chunks of 1000 rows, no clipping. */
  public static TrainerOptions defaults() {
    return new TrainerOptions(0, 128, 1000, 0, 1000, 0);
  }

  public TrainerOptions withSeed(long s) {
    return new TrainerOptions(s, batchSize, iterations, evaluateEvery, evaluationChunk, clipNorm);
  }

  public TrainerOptions withBatchSize(int b) {
    return new TrainerOptions(seed, b, iterations, evaluateEvery, evaluationChunk, clipNorm);
  }

  public TrainerOptions withIterations(long n) {
    return new TrainerOptions(seed, batchSize, n, evaluateEvery, evaluationChunk, clipNorm);
  }

  public TrainerOptions withEvaluateEvery(int k) {
    return new TrainerOptions(seed, batchSize, iterations, k, evaluationChunk, clipNorm);
  }

  public TrainerOptions withEvaluationChunk(int rows) {
    return new TrainerOptions(seed, batchSize, iterations, evaluateEvery, rows, clipNorm);
  }

  public TrainerOptions withClipNorm(double maxNorm) {
    return new TrainerOptions(seed, batchSize, iterations, evaluateEvery, evaluationChunk, maxNorm);
  }
}
