package org.odespark.spark.ml;

import java.util.List;
import org.odespark.spark.exec.IterationMetrics;
import org.odespark.spark.exec.ValidationMetrics;

/**
 * What a {@code fit} did, iteration by iteration, as MLlib's training summaries report it: the objective
 * (mean minibatch loss before each step: NLL in nats per example for a density, cross-entropy for a
 * classifier), the gradient norm and learning rate, the solver's function evaluations per solve (forward
 * and backward), the wall time of each iteration and of the whole fit, for classifiers the minibatch
 * accuracy, and the validation curve (the held-out loss every {@code validationInterval} iterations) with the
 * iteration whose parameters the model holds. Held by the fitted model ({@code hasSummary()}, {@code summary()}) until it is saved: a loaded
 * model has none. Immutable; accessors return copies.
 */
public final class TrainingSummary implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] objective;
  private final double[] gradientNorm;
  private final double[] learningRate;
  private final double[] nfeForward;
  private final double[] nfeBackward;
  private final double[] seconds;
  private final double[] accuracy;
  private final double trainingSeconds;
  private final long firstIteration;
  private final long[] validationIterations;
  private final double[] validationLoss;
  private final long modelIteration;

  private TrainingSummary(int n, double trainingSeconds, long firstIteration, List<ValidationMetrics> validations,
                          long modelIteration) {
    objective = new double[n];
    gradientNorm = new double[n];
    learningRate = new double[n];
    nfeForward = new double[n];
    nfeBackward = new double[n];
    seconds = new double[n];
    accuracy = new double[n];
    this.trainingSeconds = trainingSeconds;
    this.firstIteration = firstIteration;
    validationIterations = validations.stream().mapToLong(ValidationMetrics::iteration).toArray();
    validationLoss = validations.stream().mapToDouble(ValidationMetrics::loss).toArray();
    this.modelIteration = modelIteration;
  }

  /**
   * The summary of a run's records, one per iteration (from the first, or from a resumed checkpoint's), and of
   * its held-out evaluations.
   *
   * @param modelIteration the iteration whose parameters the model holds
   * @throws IllegalArgumentException if the records are not consecutive iterations
   */
  static TrainingSummary of(List<IterationMetrics> records, List<ValidationMetrics> validations, long modelIteration,
                            double trainingSeconds) {
    long first = records.isEmpty() ? 1 : records.get(0).iteration();
    TrainingSummary s = new TrainingSummary(records.size(), trainingSeconds, first, validations, modelIteration);
    for (int i = 0; i < records.size(); i++) {
      IterationMetrics m = records.get(i);
      if (m.iteration() != first + i) {
        throw new IllegalArgumentException("record " + i + " is iteration " + m.iteration() + ", expected "
            + (first + i));
      }
      s.objective[i] = m.loss();
      s.gradientNorm[i] = m.gradientNorm();
      s.learningRate[i] = m.learningRate();
      s.nfeForward[i] = m.nfeForward();
      s.nfeBackward[i] = m.nfeBackward();
      s.seconds[i] = m.seconds();
      s.accuracy[i] = m.accuracy();
    }
    return s;
  }

  /** Number of optimizer steps taken by this fit (after the checkpoint it resumed from, if any). */
  public int totalIterations() {
    return objective.length;
  }

  /** The iteration of the first entry of the histories: 1, or a resumed checkpoint's iteration + 1. */
  public long firstIteration() {
    return firstIteration;
  }

  /** The iterations after which the held-out rows were evaluated (every {@code validationInterval}). */
  public long[] validationIterations() {
    return validationIterations.clone();
  }

  /** The mean held-out loss at each of {@link #validationIterations()}: the validation curve. */
  public double[] validationLossHistory() {
    return validationLoss.clone();
  }

  /**
   * The iteration whose parameters the model holds: the last one run (before {@code maxIter} if stopped early)
   * or, with {@code keepBest}, the one of the lowest validation loss.
   */
  public long modelIteration() {
    return modelIteration;
  }

  /** Mean minibatch loss at θ before step i + 1, per iteration (MLlib's name). */
  public double[] objectiveHistory() {
    return objective.clone();
  }

  /** ‖mean gradient‖₂ before clipping, per iteration. */
  public double[] gradientNormHistory() {
    return gradientNorm.clone();
  }

  /** The learning rate each step used. */
  public double[] learningRateHistory() {
    return learningRate.clone();
  }

  /** Forward function evaluations per ODE solve, per iteration (mean over the partitions' solves). */
  public double[] nfeForwardHistory() {
    return nfeForward.clone();
  }

  /** Backward (adjoint, backprop or checkpointed) function evaluations per ODE solve, per iteration. */
  public double[] nfeBackwardHistory() {
    return nfeBackward.clone();
  }

  /** Wall time of each iteration in seconds (θ broadcast, gradients, aggregation, step). */
  public double[] iterationSeconds() {
    return seconds.clone();
  }

  /** Weighted minibatch accuracy before each step (classifiers); NaN for density models. */
  public double[] accuracyHistory() {
    return accuracy.clone();
  }

  /** Wall time of the training loop in seconds. */
  public double trainingSeconds() {
    return trainingSeconds;
  }
}
