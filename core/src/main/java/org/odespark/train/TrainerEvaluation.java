package org.odespark.train;

import org.odespark.objective.GradientAggregator;

/**
 * The objective on a held-out batch, as delivered to a {@link TrainerListener}.
 *
 * @param iteration the optimizer's iteration count when evaluated (0 = before the first step)
 * @param loss mean loss Σ w·loss / Σ w
 * @param accuracy Σ w·[correct] / Σ w from {@link GradientAggregator.Metric#CORRECT} (0 for objectives that
 *     do not classify)
 * @param nfeForward forward function evaluations per ODE solve (0 when the objective solves none)
 * @param examples examples evaluated
 * @param seconds wall-clock time of the evaluation
 * @param bestIteration the iteration of the lowest loss of the run's evaluations so far, this one included
 *     (set by the {@link Trainer}; −1 before)
 * @param bestLoss that lowest loss (NaN before the trainer sets it)
 */
public record TrainerEvaluation(long iteration, double loss, double accuracy, double nfeForward, long examples,
                                double seconds, long bestIteration, double bestLoss) {

  /** The evaluation of summed held-out losses {@code sums} after {@code iteration} steps. */
  public static TrainerEvaluation of(long iteration, GradientAggregator sums, double seconds) {
    long solves = sums.solves();
    return new TrainerEvaluation(iteration, sums.meanLoss(),
        sums.metric(GradientAggregator.Metric.CORRECT) / sums.weightSum(),
        solves == 0 ? 0 : (double) sums.nfeForward() / solves, sums.examples(), seconds, -1, Double.NaN);
  }

  /** This evaluation with the run's best so far. */
  TrainerEvaluation withBest(long iteration, double loss) {
    return new TrainerEvaluation(this.iteration, this.loss, accuracy, nfeForward, examples, seconds, iteration, loss);
  }
}
