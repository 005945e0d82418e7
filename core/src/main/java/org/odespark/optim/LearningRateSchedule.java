package org.odespark.optim;

import java.util.Objects;
import org.odespark.check.Checks;

/**
 * The learning rate η_i of iteration i (0-based: the first step uses i = 0) as a function of a base rate
 * η: {@code rate(i, η) = η · factor(i)}. Every built-in schedule has factor(i) ∈ [0, 1], so the base rate
 * is the largest rate a schedule produces and scaling the base rate (the linear scaling rule of Goyal et
 * al.) scales the whole sequence.
 *
 * <ul>
 *   <li>{@link Constant}: η_i = η.
 *   <li>{@link StepDecay}: η_i = η · γ^⌊i / k⌋.
 *   <li>{@link CosineAnnealing}: η_i = η · (f + (1 − f)(1 + cos(π i / T)) / 2) for i &lt; T, η·f after.
 *   <li>{@link LinearWarmup}: ramps linearly to the wrapped schedule over W iterations, then runs it.
 * </ul>
 *
 * <p>Schedules are immutable values; they are part of an {@link OptimizerState}, so a resumed optimizer
 * continues with the identical rate sequence. Rates are computed with {@link StrictMath#cos} and
 * multiplications only, so the sequence is the same on every JVM and platform, and without allocating.
 */
public sealed interface LearningRateSchedule {

  /**
   * The learning rate of iteration {@code iteration}: η_i = baseRate · factor(i).
   *
   * @param iteration 0-based iteration index, ≥ 0
   * @param baseRate the optimizer's base rate η
   */
  double rate(long iteration, double baseRate);

  /** η_i = η. */
  static LearningRateSchedule constant() {
    return Constant.INSTANCE;
  }

  /** η_i = η · γ^⌊i / k⌋ (see {@link StepDecay}). */
  static LearningRateSchedule stepDecay(double gamma, long stepSize) {
    return new StepDecay(gamma, stepSize);
  }

  /** Cosine annealing from η to η·minFactor over {@code period} iterations (see {@link CosineAnnealing}). */
  static LearningRateSchedule cosine(long period, double minFactor) {
    return new CosineAnnealing(period, minFactor);
  }

  /** This schedule preceded by a linear warmup of {@code iterations} from {@code startFactor} (see {@link LinearWarmup}). */
  default LearningRateSchedule withWarmup(double startFactor, long iterations) {
    return new LinearWarmup(startFactor, iterations, this);
  }

  /** η_i = η: the rate never changes. */
  record Constant() implements LearningRateSchedule {

    static final Constant INSTANCE = new Constant();

    @Override
    public double rate(long iteration, double baseRate) {
      return baseRate;
    }
  }

  /**
   * Step decay: η_i = η · γ^⌊i / k⌋, the rate is multiplied by γ at iterations k, 2k, 3k, ….
   *
   * @param gamma multiplicative factor γ ∈ (0, 1]
   * @param stepSize interval k ≥ 1 in iterations
   */
  record StepDecay(double gamma, long stepSize) implements LearningRateSchedule {

    public StepDecay {
      if (!(gamma > 0 && gamma <= 1)) {
        throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
      }
      Checks.atLeast("stepSize", stepSize, 1);
    }

    @Override
    public double rate(long iteration, double baseRate) {
      return baseRate * IntegerPower.of(gamma, iteration / stepSize);
    }
  }

  /**
   * Cosine annealing without restarts (Loshchilov &amp; Hutter, "SGDR: Stochastic Gradient Descent with
   * Warm Restarts", ICLR 2017, eq. 5, one cycle):
   * η_i = η_min + (η − η_min)(1 + cos(π i / T)) / 2 for i ≤ T and η_min for i ≥ T, with η_min = f·η.
   * The minimum is a fraction of the base rate so that the schedule never needs to know η.
   *
   * @param period T ≥ 1, the iteration at which the minimum is reached
   * @param minFactor f = η_min / η ∈ [0, 1]
   */
  record CosineAnnealing(long period, double minFactor) implements LearningRateSchedule {

    public CosineAnnealing {
      Checks.atLeast("period", period, 1);
      if (!(minFactor >= 0 && minFactor <= 1)) {
        throw new IllegalArgumentException("minFactor must be in [0, 1], got " + minFactor);
      }
    }

    @Override
    public double rate(long iteration, double baseRate) {
      double min = baseRate * minFactor;
      if (iteration >= period) {
        return min;
      }
      return min + (baseRate - min) * 0.5 * (1 + StrictMath.cos(Math.PI * iteration / period));
    }
  }

  /**
   * Linear warmup (Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour",
   * arXiv:1706.02677, 2017, §2.2) in front of another schedule s:
   * η_i = (a + (1 − a) · i / W) · s.rate(0, η) for i &lt; W, and s.rate(i − W, η) for i ≥ W.
   * The wrapped schedule starts its own clock when the warmup ends (as PyTorch's {@code SequentialLR}),
   * so a cosine period T counts iterations after the warmup.
   *
   * @param startFactor a ∈ [0, 1], the factor of the first iteration
   * @param iterations W ≥ 1, warmup length; iteration W is the first at the full rate
   * @param after the schedule s that follows the warmup
   */
  record LinearWarmup(double startFactor, long iterations, LearningRateSchedule after)
      implements LearningRateSchedule {

    public LinearWarmup {
      if (!(startFactor >= 0 && startFactor <= 1)) {
        throw new IllegalArgumentException("startFactor must be in [0, 1], got " + startFactor);
      }
      Checks.atLeast("warmup iterations", iterations, 1);
      Objects.requireNonNull(after, "after");
    }

    @Override
    public double rate(long iteration, double baseRate) {
      if (iteration >= iterations) {
        return after.rate(iteration - iterations, baseRate);
      }
      double factor = startFactor + (1 - startFactor) * ((double) iteration / iterations);
      return factor * after.rate(0, baseRate);
    }
  }
}
