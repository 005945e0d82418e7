package org.odespark.spark;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.odespark.io.Standardization;
import org.odespark.objective.GradientAggregator;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.exec.BlockEvaluation;
import org.odespark.spark.exec.SolveFailure;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.BlockReader;
import org.odespark.spark.io.DataFormatException;
import org.odespark.spark.io.ScoringTrace;
import org.odespark.spark.model.LatentOdeFactory;
import org.odespark.spark.model.ModelFactories;
import org.odespark.spark.model.ModelFactory;
import org.odespark.spark.model.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code evaluate}: the trained model's mean loss over every row of the configured data (distributed, in
 * blocks of {@code evaluate.batch_size}, one pass over the files without caching), printed as one JSON line.
 * Density models report the negative log-likelihood of the data as given (standardization's Jacobian
 * included) in nats and bits per dimension, NLL / (D ln 2), with the divergence {@code evaluate.trace} chooses
 * ({@link ScoringTrace}); classifiers report accuracy; both report the mean function evaluations per block's
 * solve ({@code nfe_per_solve}); time-series models the ELBO and the mean squared errors of the held-out
 * targets inside and after the observed window ({@link LatentOdeFactory#evaluationLine}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Mean NLL / bits per dimension, or accuracy, of <output.dir>/model.odsm over the configured data.")
public final class EvaluateJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    JobConfig cfg = options.load();
    TrainedModel model = TrainedModel.load(cfg.output().modelPath(), ConfigLoader.standard());
    ModelFactories.checkData(model.factory(), model.trained().model(), cfg.data());
    JobSession.logConfig("evaluate", cfg);
    try (JobSession session = JobSession.start("evaluate", cfg)) {
      Standardization std = model.snapshot().standardization();
      boolean classifier = model.factory().kind() == ModelFactory.Kind.CLASSIFIER;
      BlockReader.Stream data = BlockReader.stream(session.spark(), cfg.data(), std,
          classifier ? model.trained().model().classifier().classes() : 0);
      if (data.cols() != model.shape().dimension()) {
        throw new InputException("the model " + cfg.output().modelPath() + " was trained on "
            + model.shape().dimension() + " features, " + cfg.data().describeSource() + " has " + data.cols());
      }
      if (classifier && !data.labelled()) {
        throw new InputException("evaluate: the model is a classifier (" + model.snapshot().modelType()
            + ") and " + cfg.data().describeSource() + " has no labels");
      }
      ScoringTrace trace = ScoringTrace.named("evaluate.trace", cfg.output().evaluateTrace());
      ModelConfig scoring = trace.apply(model.trained().model(), data.cols());
      LOG.info("evaluate: one pass over {} in {} partitions{}", cfg.data().describeSource(),
          data.blocks().getNumPartitions(), scoring == model.trained().model() ? "" : ", exact trace (evaluate.trace = "
          + trace.label() + ")");
      session.sc().setJobDescription("odespark evaluate");
      GradientAggregator sums;
      try {
        sums = BlockEvaluation.evaluate(session.sc(), data.blocks(), model.factory().objective(scoring, model.shape()),
            model.theta(), cfg.output().evaluateSeed(), cfg.output().evaluateBatchSize(),
            cfg.train().aggregationDepth() > 0 ? cfg.train().aggregationDepth()
            : SparkTrainer.depthFor(data.blocks().getNumPartitions()));
      } catch (SolveFailure f) {
        data.check(); // a bad row is the better explanation of a failed solve
        throw SolveFailureReport.of("evaluate", f, scoring.solver(), data.blocks(), std != null);
      }
      data.check();
      if (sums.examples() == 0) {
        throw new DataFormatException(cfg.data().describeSource() + " holds no rows");
      }
      String line;
      if (model.factory().kind() == ModelFactory.Kind.DENSITY) {
        // log p_x = log p_z − Σ log s: the loss is −log p_z per example.
        double nll = sums.meanLoss() - (std == null ? 0 : std.logAbsDetJacobian());
        line = String.format(Locale.ROOT, "{\"examples\":%d,\"nll\":%s,\"bits_per_dim\":%s,\"nfe_per_solve\":%s}",
            sums.examples(), nll, nll / (data.cols() * Math.log(2)), nfePerSolve(sums));
      } else if (model.factory().kind() == ModelFactory.Kind.SERIES) {
        line = LatentOdeFactory.evaluationLine(sums, model.trained().model());
      } else {
        line = String.format(Locale.ROOT, "{\"examples\":%d,\"loss\":%s,\"accuracy\":%s,\"nfe_per_solve\":%s}",
            sums.examples(), sums.meanLoss(), sums.metric(GradientAggregator.Metric.CORRECT) / sums.weightSum(),
            nfePerSolve(sums));
      }
      LOG.info("evaluate: {}", line);
      System.out.println(line);
    }
    return 0;
  }

  /** Mean forward evaluations per ODE solve (one solve per block of evaluate.batch_size rows), one decimal. */
  private static String nfePerSolve(GradientAggregator sums) {
    return String.format(Locale.ROOT, "%.1f", sums.solves() == 0 ? 0.0 : (double) sums.nfeForward() / sums.solves());
  }
}
