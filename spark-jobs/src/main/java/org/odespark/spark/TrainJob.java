package org.odespark.spark;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.objective.Objective;
import org.odespark.optim.Optimizer;
import org.odespark.optim.OptimizerState;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.exec.MetricsLog;
import org.odespark.spark.exec.SolveFailure;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.BlockReader;
import org.odespark.spark.io.CheckpointStore;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.spark.io.HeldOutSplit;
import org.odespark.spark.io.ModelSummary;
import org.odespark.spark.io.OutputPaths;
import org.odespark.spark.io.SeriesFigures;
import org.odespark.spark.io.TrainingData;
import org.odespark.spark.io.TrainingFigures;
import org.odespark.spark.model.DataShape;
import org.odespark.spark.model.DensityModel;
import org.odespark.spark.model.ModelFactories;
import org.odespark.spark.model.ModelFactory;
import org.odespark.train.Trainer;
import org.odespark.train.TrainerIteration;
import org.odespark.train.TrainerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train}: configuration → cached blocks → {@link SparkTrainer} → {@code <output.dir>/model.odsm}, with
 * metrics in {@code <output.dir>/metrics.jsonl}, the architecture in {@code <output.dir>/model-summary.txt}
 * (also logged at start) and checkpoints in {@code checkpoint.dir}. {@code --resume}
 * continues from the newest intact checkpoint, bit for bit, after checking that data and training settings
 * are unchanged. A new run refuses an output.dir that holds a model or metrics, or a checkpoint.dir that holds
 * checkpoints, unless {@code --overwrite}; a batch larger than the data; labels outside the classifier's
 * classes. A failed ODE solve stops the run with the iteration, partition, solver settings and likely cause.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model data-parallel on Spark.")
public final class TrainJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  @Mixin
  ConfigOptions options;

  @Option(names = "--resume", description = "Continue from the newest checkpoint in checkpoint.dir.")
  boolean resume;

  @Option(names = "--overwrite", description = "Start a new run even though output.dir holds an earlier run's"
      + " model and metrics (replaced) or checkpoint.dir its checkpoints (deleted when training starts).")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    ConfigLoader loader = ConfigLoader.standard();
    JobConfig cfg = options.load();
    ModelFactory factory = ModelFactories.named(cfg.model().type());
    factory.validate(cfg.model());
    ModelFactories.checkData(factory, cfg.model(), cfg.data());
    if (resume && overwrite) {
      throw new InputException("--resume continues the run in checkpoint.dir and --overwrite replaces it: pass one");
    }
    HadoopStorage files = new HadoopStorage(new Configuration());
    OutputPaths.requireDirectory(files, "output.dir", cfg.output().dir());
    OutputPaths.requireDirectory(files, "checkpoint.dir", cfg.train().checkpointDir());
    CheckpointStore store = new CheckpointStore(files, cfg.train().checkpointDir(), cfg.train().checkpointKeep());
    Snapshot from = resume ? latest(store) : null;
    List<org.apache.hadoop.fs.Path> earlier = from == null ? store.list() : List.of();
    if (!earlier.isEmpty() && !overwrite) {
      throw new InputException(store.directory() + " holds checkpoints of an earlier run (newest "
          + earlier.get(earlier.size() - 1).getName() + "): pass --resume to continue it, --overwrite to start"
          + " again (deleting them), or set another checkpoint.dir or output.dir");
    }
    if (!resume) {
      OutputPaths.requireAbsent(files, "output.dir", cfg.output().modelPath(), overwrite,
          "the model of an earlier run; --resume continues that run");
      OutputPaths.requireAbsent(files, "output.dir", cfg.output().metricsPath(), overwrite,
          "the metrics of an earlier run; --resume continues that run");
    }
    if (from != null) {
      List<String> changed = loader.trainingDifferences(from.config(), cfg);
      if (!changed.isEmpty()) {
        throw new InputException("--resume: the configuration differs from the checkpoint's in keys that"
            + " change training: " + String.join("; ", changed));
      }
    }
    store.removeTemporaries();   // what a crash in the middle of a write left
    files.removeTemporaries(files.qualify(cfg.output().dir()));
    JobSession.logConfig("train", cfg);

    try (JobSession session = JobSession.start("train", cfg)) {
      int classes = factory.kind() == ModelFactory.Kind.CLASSIFIER ? cfg.model().classifier().classes() : 0;
      TrainingData read = BlockReader.read(session.spark(), cfg.data(), from == null ? null : from.standardization(),
          JobSession.storageLevel(cfg), classes);
      TrainingData data;
      TrainingData heldOut;
      if (cfg.train().validationFraction() > 0) {
        HeldOutSplit.Parts parts = HeldOutSplit.split(read, cfg.train().validationFraction(),
            cfg.train().options().seed(), JobSession.storageLevel(cfg), "validation.fraction");
        data = parts.train();
        heldOut = parts.heldOut();
      } else {
        data = read;
        heldOut = cfg.train().validationPath().isEmpty() ? null : BlockReader.read(session.spark(),
            cfg.data().withPath(cfg.train().validationPath()), data.standardization(), JobSession.storageLevel(cfg),
            classes);
      }
      if (heldOut != null && cfg.train().validationFraction() == 0) {
        if (heldOut.cols() != data.cols() || heldOut.labelled() != data.labelled()) {
          throw new InputException("validation.path = " + cfg.train().validationPath() + " has "
              + heldOut.cols() + " features" + (heldOut.labelled() ? " with" : " without") + " labels, the training"
              + " data " + data.cols() + (data.labelled() ? " with" : " without") + " labels");
        }
      }
      if (heldOut != null) {
        LOG.info("validation: {} held-out rows, evaluated every {} iterations", heldOut.fingerprint().rows(),
            cfg.train().options().evaluateEvery());
      }
      if (from != null && from.data().difference(data.fingerprint()) != null) {
        throw new InputException("--resume: the data differ from the checkpoint's: "
            + from.data().difference(data.fingerprint()));
      }
      long rows = data.fingerprint().rows();
      int batch = cfg.train().options().batchSize();
      if (batch > rows) {
        throw new InputException("train.batch_size = " + batch + " exceeds the " + rows + " rows of "
            + cfg.data().describeSource() + ": every minibatch would hold each row about "
            + Math.round((double) batch / rows) + " times; set train.batch_size <= " + rows + " (" + rows
            + " trains on the full data set each iteration)");
      }
      Objective.Spec spec = factory.objective(cfg.model(), new DataShape(data.cols(), data.labelled(),
          data.fingerprint().featureNames()));
      Objective objective = spec.create();
      if (objective.featureDim() != data.cols()) {
        throw new InputException("model.type = " + cfg.model().type() + " expects " + objective.featureDim()
            + " features, the data have " + data.cols());
      }
      String summary = ModelSummary.of(cfg.model().type(), data.cols(), spec, objective);
      LOG.info("model summary:\n{}", summary);
      ModelSummary.write(session.storage(), cfg.output().dir(), summary);
      TrainerOptions options = cfg.train().options();
      double[] theta = from == null ? Trainer.initialParameters(objective, options.seed()) : from.theta();
      Optimizer optimizer = from == null ? options.createOptimizer(theta.length)
          : Optimizer.fromState(from.optimizer());
      if (from != null) {
        LOG.info("resuming at iteration {} from {}", optimizer.iteration(), store.directory());
      }
      HadoopStorage storage = session.storage();
      CheckpointStore checkpoints = new CheckpointStore(storage, cfg.train().checkpointDir(),
          cfg.train().checkpointKeep());
      for (org.apache.hadoop.fs.Path old : earlier) {
        storage.fileSystem(old).delete(old, false);
        LOG.info("--overwrite: deleted {} of the earlier run", old);
      }
      TrainerIteration last;
      long selected;
      try (SparkTrainer trainer = new SparkTrainer(session.sc(), data, spec, options, cfg.train().aggregationDepth());
           MetricsLog metrics = new MetricsLog(storage, cfg.output().metricsPath(), optimizer.iteration(), options,
               factory.kind() == ModelFactory.Kind.CLASSIFIER)) {
        LOG.info("{} parameters, {} partitions, aggregation {}", theta.length, data.partitions(), trainer.tree());
        last = trainer.run(theta, optimizer, heldOut == null ? null : heldOut.blocks(),
            metrics.checkpointingTo(checkpoints, (i, th, state) -> snapshot(cfg, spec, data, i, th, state)));
        selected = metrics.selectedIteration(options, last == null ? options.iterations() : last.iteration());
      } catch (SolveFailure f) {
        throw SolveFailureReport.of("train", f, cfg.model().solver(), data.blocks(), data.standardization() != null);
      }
      Snapshot model = snapshot(cfg, spec, data, selected, theta, null);
      storage.writeAtomically(storage.qualify(cfg.output().modelPath()), SnapshotFormat.toBytes(model));
      LOG.info("wrote {}", storage.qualify(cfg.output().modelPath()));
      figures(cfg, factory, data, storage, theta, last == null ? Double.NaN : last.loss());
      data.unpersist();
      if (heldOut != null) {
        heldOut.unpersist();
      }
    }
    return 0;
  }

  /** The pictures beside the model; a failure to draw them is logged, not fatal (the model is written). */
  private static void figures(JobConfig cfg, ModelFactory factory, TrainingData data, HadoopStorage storage,
                              double[] theta, double loss) {
    String dir = cfg.output().dir();
    String title = TrainingFigures.title(cfg.model().type(), cfg.train().options().iterations(), loss);
    try {
      TrainingFigures.curves(storage, cfg.output().metricsPath(), dir, title);
      if (factory.kind() == ModelFactory.Kind.DENSITY) {
        DensityModel density = factory.density(cfg.model(), new DataShape(data.cols(), data.labelled(),
            data.fingerprint().featureNames())).create();
        TrainingFigures.density(storage, data, density, theta, cfg.train().options().seed(), dir, title);
      } else if (factory.kind() == ModelFactory.Kind.SERIES) {
        SeriesFigures.draw(storage, data, cfg.model(), new DataShape(data.cols(), false,
            data.fingerprint().featureNames()), theta, cfg.output().predictHorizon(), cfg.train().options().seed(),
            dir, title);
      }
      LOG.info("wrote figures to {}", dir);
    } catch (Exception e) {
      LOG.warn("could not draw the training figures in {}: {}", dir, e.toString());
    }
  }

  private static Snapshot latest(CheckpointStore store) throws java.io.IOException {
    try {
      return store.latest().orElseThrow(() -> new InputException("--resume: no checkpoint in "
          + store.directory() + " (run without --resume to start)"));
    } catch (org.odespark.io.SnapshotFormatException e) {
      throw new InputException("--resume: " + e.getMessage(), e);
    }
  }

  private static Snapshot snapshot(JobConfig cfg, Objective.Spec spec, TrainingData data, long iteration,
                                   double[] theta, OptimizerState optimizer) {
    return new Snapshot(optimizer == null ? Snapshot.Kind.MODEL : Snapshot.Kind.CHECKPOINT, cfg.model().type(),
        iteration, theta, optimizer, spec.properties(), cfg.text(), cfg.hash(), data.fingerprint(),
        data.standardization());
  }
}
