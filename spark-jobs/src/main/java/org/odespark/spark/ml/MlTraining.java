package org.odespark.spark.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormatException;
import org.odespark.objective.Objective;
import org.odespark.optim.Optimizer;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.config.TrainConfig;
import org.odespark.spark.exec.MetricsLog;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.CheckpointStore;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.spark.io.HeldOutSplit;
import org.odespark.spark.io.ModelSummary;
import org.odespark.spark.io.TrainingData;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerIteration;
import org.odespark.train.TrainerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training step every odespark estimator's {@code fit} shares: the job configuration its parameters give
 * ({@link ReferenceParams}: the {@code train} job's keys, defaults and checks), a held-out split for the
 * validation loss ({@code validationFraction}, the job's {@link HeldOutSplit}), checkpoints in
 * {@code checkpointDir}, and a run of the {@link SparkTrainer} (the {@code train} job's trainer: θ broadcast per
 * iteration, per-partition gradients of the core {@link Objective}, deterministic tree aggregation, optimizer
 * step on the driver) from the initial θ of the same seed rule, with early stopping and the kept best θ.
 */
final class MlTraining {

  private static final Logger LOG = LoggerFactory.getLogger("org.odespark.train");

  /**
   * A fit's parameters, the iteration they belong to, the summary, the configuration they were trained with and
   * the fingerprint of the rows they were trained on (without the held-out rows).
   */
  record Fit(double[] theta, long iteration, TrainingSummary summary, JobConfig config, DataFingerprint data) {}

  private MlTraining() {}

  /**
   * Trains on {@code data} (which this call unpersists when it splits off held-out rows; the caller unpersists
   * it otherwise, which is harmless after a split). Progress is logged as the {@code train} job logs it (loss,
   * NFE, time, ETA, validation lines).
   *
   * @param modelType the configuration's {@code model.type} the checkpoints record ("cnf")
   * @param keys the estimator's parameters that are configuration keys ({@link ReferenceParams})
   * @param accuracy whether the summary and the log carry the accuracy (classifiers)
   * @throws IllegalArgumentException if the parameters do not make valid training options, or the checkpoint
   *     directory holds checkpoints of other settings or data
   */
  static Fit train(SparkSession spark, TrainingData data, Objective.Spec spec, SharedParams p, String modelType,
                   Map<String, String> keys, boolean accuracy) {
    JobConfig cfg = ReferenceParams.jobConfig(p, keys);
    TrainConfig train = cfg.train();
    TrainerOptions options = train.options();
    TrainingData heldOut = null;
    if (train.validationFraction() > 0) {
      HeldOutSplit.Parts parts = HeldOutSplit.split(data, train.validationFraction(), options.seed(),
          StorageLevel.MEMORY_AND_DISK(), "validationFraction");
      data = parts.train();
      heldOut = parts.heldOut();
    }
    try {
      return run(spark, data, heldOut, spec, p, modelType, cfg, accuracy);
    } finally {
      if (heldOut != null) {
        heldOut.unpersist();
        data.unpersist();
      }
    }
  }

  private static Fit run(SparkSession spark, TrainingData data, TrainingData heldOut, Objective.Spec spec,
                         SharedParams p, String modelType, JobConfig cfg, boolean accuracy) {
    TrainerOptions options = cfg.train().options();
    Objective objective = spec.create();
    CheckpointStore store = checkpoints(spark, p, cfg);
    Snapshot from = store == null ? null : resumable(store, cfg, data, objective);
    double[] theta = from == null ? Trainer.initialParameters(objective, options.seed()) : from.theta();
    Optimizer optimizer = from == null ? options.createOptimizer(theta.length)
        : Optimizer.fromState(from.optimizer());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LOG.info("{} fit: {} rows x {} features in {} partitions, {} parameters, {} iterations of {}{}{}", p.uid(),
        data.fingerprint().rows(), data.cols(), data.partitions(), theta.length, options.iterations(),
        options.batchSize(), heldOut == null ? "" : ", " + heldOut.fingerprint().rows() + " rows held out",
        from == null ? "" : ", resuming at iteration " + from.iteration() + " from " + store.directory());
    LOG.info("{} model summary:\n{}", p.uid(), ModelSummary.of(p.getClass().getSimpleName(), data.cols(), spec,
        objective));
    long began = System.nanoTime();
    MetricsLog metrics = MetricsLog.inMemory(options, accuracy);
    TrainerIteration last;
    try (SparkTrainer trainer = new SparkTrainer(sc, data, spec, options, cfg.train().aggregationDepth())) {
      last = trainer.run(theta, optimizer, heldOut == null ? null : heldOut.blocks(), metrics.checkpointingTo(store,
          (i, th, state) -> new Snapshot(Snapshot.Kind.CHECKPOINT, modelType, i, th, state, spec.properties(),
              cfg.text(), cfg.hash(), data.fingerprint(), data.standardization())));
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    long end = last == null ? optimizer.iteration() : last.iteration();
    long iteration = metrics.selectedIteration(options, end);
    TrainingSummary summary = TrainingSummary.of(metrics.records(), metrics.validations(), iteration, seconds);
    LOG.info("{} fit: {} iterations in {} s{}, final minibatch loss {}{}", p.uid(), summary.totalIterations(),
        String.format(Locale.ROOT, "%.1f", seconds), end < options.iterations() ? " (stopped early)" : "",
        metrics.records().isEmpty() ? Double.NaN : metrics.records().get(metrics.records().size() - 1).loss(),
        iteration == end ? "" : "; the model holds the parameters of iteration " + iteration
            + " (lowest validation loss)");
    return new Fit(theta, iteration, summary, cfg, data.fingerprint());
  }

  /** The checkpoint store of {@code checkpointDir}, or null for none (empty). */
  private static CheckpointStore checkpoints(SparkSession spark, SharedParams p, JobConfig cfg) {
    if (p.getCheckpointDir().isEmpty()) {
      return null;
    }
    try {
      CheckpointStore store = new CheckpointStore(new HadoopStorage(spark.sparkContext().hadoopConfiguration()),
          p.getCheckpointDir(), cfg.train().checkpointKeep());
      store.removeTemporaries();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open checkpointDir = " + p.getCheckpointDir(), e);
    }
  }

  /**
   * The newest checkpoint of the store when it continues this fit (same training settings, data and parameter
   * count), null when the store is empty.
   *
   * @throws IllegalArgumentException naming the difference when the checkpoints belong to another fit
   */
  private static Snapshot resumable(CheckpointStore store, JobConfig cfg, TrainingData data, Objective objective) {
    Snapshot s;
    try {
      s = store.latest().orElse(null);
    } catch (SnapshotFormatException e) {
      throw new IllegalArgumentException("checkpointDir: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoints in " + store.directory(), e);
    }
    if (s == null) {
      return null;
    }
    List<String> changed = ConfigLoader.standard().trainingDifferences(s.config(), cfg);
    String data0 = s.data().difference(data.fingerprint());
    String problem = !changed.isEmpty() ? "settings that change training differ: " + String.join("; ", changed)
        : data0 != null ? "the data differ: " + data0
        : s.theta().length != objective.parameterCount() ? "the model has " + s.theta().length + " parameters, this"
            + " one " + objective.parameterCount() : null;
    if (problem != null) {
      throw new IllegalArgumentException("checkpointDir = " + store.directory() + " holds checkpoints of another"
          + " fit (" + problem + "): set another checkpointDir or remove them");
    }
    return s;
  }
}
