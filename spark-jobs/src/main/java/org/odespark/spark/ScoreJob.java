package org.odespark.spark;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SaveMode;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.io.ScoredRows;
import org.odespark.spark.io.ScoringTrace;
import org.odespark.spark.model.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code score}: the configured table (parquet, csv, libsvm) with a {@code score.column} of log-densities
 * under the trained model added, written as Parquet to {@code score.output} — the anomaly-detection use (low
 * log-density = unusual row). The divergence is the one {@code score.trace} chooses ({@link ScoringTrace}: the
 * exact trace by default up to 64 dimensions, since a Hutchinson estimate is too noisy per row).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Add a log-density column to a data set and write it as Parquet.")
public final class ScoreJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  @Mixin
  ConfigOptions options;

  @Option(names = "--overwrite", description = "Replace the scores of an earlier run at the output path.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    JobConfig cfg = options.load();
    TrainedModel model = JobSession.densityModel("score", cfg, cfg.output().scoresPath(), overwrite,
        "scores of an earlier run");
    if (!cfg.data().format().tabular()) {
      throw new InputException("score reads a table (data.format = parquet, csv or libsvm), got "
          + cfg.data().format().label() + "; to score the points that sample wrote, add --set data.format=parquet"
          + " --set data.path=" + cfg.output().samplesPath());
    }
    JobSession.logConfig("score", cfg);
    try (JobSession session = JobSession.start("score", cfg)) {
      session.sc().setJobDescription("odespark score");
      String path = cfg.output().scoresPath();
      ScoringTrace trace = ScoringTrace.named("score.trace", cfg.output().scoreTrace());
      ModelConfig scoring = trace.apply(model.trained().model(), model.shape().dimension());
      LOG.info("score: {} trace (score.trace = {})", scoring.type().equals("cnf") ? scoring.cnf().trace() : "no",
          trace.label());
      ScoredRows.score(session.spark(), cfg.data(), model.factory().density(scoring, model.shape()),
          model.theta(), model.snapshot().standardization(), cfg.output().scoreColumn(), cfg.output().scoreBatchSize(),
          cfg.output().scoreSeed()).write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(path);
      LOG.info("wrote scored rows to {}", path);
    }
    return 0;
  }
}
