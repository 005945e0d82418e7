package org.odespark.train;

import org.odespark.objective.GradientAggregator;

/**
 * What one optimizer step did, as delivered to a {@link TrainerListener}.
 *
 * @param iteration 1 for the first step of a run (= the optimizer's iteration count after the step)
 * @param loss mean minibatch loss Σ w·loss / Σ w at θ before the step
 * @param accuracy Σ w·[correct] / Σ w from {@link GradientAggregator.Metric#CORRECT} before the step (0 for
 *     objectives that do not classify)
 * @param gradientNorm ‖mean gradient‖₂ before clipping
 * @param learningRate the rate the step used
 * @param nfeForward forward function evaluations per ODE solve (0 when the objective solves none)
 * @param nfeBackward backward function evaluations per ODE solve (0 when the objective solves none)
 * @param examples examples in the minibatch
 * @param seconds wall-clock time of the iteration (gradient and step)
 */
public record TrainerIteration(long iteration, double loss, double accuracy, double gradientNorm,
                               double learningRate, double nfeForward, double nfeBackward, long examples,
                               double seconds) {

  /** The record of a step from its aggregated sums. */
  static TrainerIteration of(long iteration, GradientAggregator sums, double gradientNorm, double learningRate,
                             double seconds) {
    long solves = sums.solves();
    return new TrainerIteration(iteration, sums.meanLoss(),
        sums.metric(GradientAggregator.Metric.CORRECT) / sums.weightSum(), gradientNorm, learningRate,
        solves == 0 ? 0 : (double) sums.nfeForward() / solves, solves == 0 ? 0 : (double) sums.nfeBackward() / solves,
        sums.examples(), seconds);
  }
}
