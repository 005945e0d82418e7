package org.odespark.optim;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.odespark.check.Checks;

/**
 * Which optimizer a training run starts with: its kind, hyper-parameters and learning-rate schedule, the one
 * description behind the train job's {@code optimizer.*} keys, the ML estimators' parameters and the one-JVM
 * trainer's options. {@link #create} builds the fresh optimizer of a run of a given length (the cosine period
 * is the part of the run after the warmup); a resumed run restores its optimizer from the
 * {@link OptimizerState} instead. Immutable, serializable, validated on construction.
 *
 * @param type "sgd", "adam" or "adamw"
 * @param learningRate base rate η ≥ 0, finite
 * @param beta1 Adam's first-moment decay β₁ ∈ [0, 1)
 * @param beta2 Adam's second-moment decay β₂ ∈ [0, 1)
 * @param epsilon Adam's ε &gt; 0
 * @param weightDecay λ ≥ 0: coupled L2 for sgd and adam, decoupled for adamw
 * @param momentum SGD momentum μ ∈ [0, 1) (sgd only)
 * @param nesterov Nesterov momentum (sgd with μ &gt; 0 only)
 * @param schedule the learning-rate schedule
 */
public record OptimizerSpec(String type, double learningRate, double beta1, double beta2, double epsilon,
                            double weightDecay, double momentum, boolean nesterov, Schedule schedule)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The optimizer kinds {@link #type} may name. */
  public static final List<String> TYPES = List.of("sgd", "adam", "adamw");

  /**
   * A learning-rate schedule by name: {@code constant}, {@code step} (× γ every {@code stepSize} iterations)
   * or {@code cosine} (annealed to {@code minFactor} over the run after the warmup), preceded by a linear
   * warmup from {@code warmupStartFactor} when {@code warmupIterations} &gt; 0. Immutable.
   */
  public record Schedule(String type, double gamma, long stepSize, double minFactor, long warmupIterations,
                         double warmupStartFactor) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The schedule kinds {@link #type} may name. */
    public static final List<String> TYPES = List.of("constant", "step", "cosine");

    public Schedule {
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("schedule type must be one of " + TYPES + ", got '" + type + "'");
      }
      Checks.atLeast("warmupIterations", warmupIterations, 0);
      // The ranges of gamma, stepSize and the factors are checked by the schedules themselves.
      create(warmupIterations + 1, type, gamma, stepSize, minFactor, warmupIterations, warmupStartFactor);
    }

    /** A constant rate, no warmup. */
    public static Schedule constant() {
      return new Schedule("constant", 0.5, 1000, 0.0, 0, 0.0);
    }

    /** The schedule of a run of {@code iterations} steps. */
    public LearningRateSchedule create(long iterations) {
      return create(iterations, type, gamma, stepSize, minFactor, warmupIterations, warmupStartFactor);
    }

    private static LearningRateSchedule create(long iterations, String type, double gamma, long stepSize,
                                               double minFactor, long warmup, double warmupStart) {
      LearningRateSchedule s = switch (type) {
        case "step" -> LearningRateSchedule.stepDecay(gamma, stepSize);
        case "cosine" -> LearningRateSchedule.cosine(Math.max(1, iterations - warmup), minFactor);
        default -> LearningRateSchedule.constant();
      };
      return warmup > 0 ? s.withWarmup(warmupStart, warmup) : s;
    }
  }

  public OptimizerSpec {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("optimizer type must be one of " + TYPES + ", got '" + type + "'");
    }
    Objects.requireNonNull(schedule, "schedule");
    if (momentum != 0 && !type.equals("sgd")) {
      throw new IllegalArgumentException("momentum applies to sgd only, got " + momentum + " for " + type);
    }
    // The optimizers' own option records check every range, once, here.
    options(type, learningRate, beta1, beta2, epsilon, weightDecay, momentum, nesterov,
        LearningRateSchedule.constant());
  }

  /** Adam (Kingma &amp; Ba's β₁ = 0.9, β₂ = 0.999, ε = 1e-8) at η = 1e-3, no weight decay, constant rate. */
  public static OptimizerSpec defaults() {
    return new OptimizerSpec("adam", 1e-3, 0.9, 0.999, 1e-8, 0.0, 0.0, false, Schedule.constant());
  }

  /** A new optimizer over {@code dimension} parameters for a run of {@code iterations} steps in total. */
  public Optimizer create(int dimension, long iterations) {
    Object o = options(type, learningRate, beta1, beta2, epsilon, weightDecay, momentum, nesterov,
        schedule.create(iterations));
    return switch (type) {
      case "sgd" -> new Sgd(dimension, (SgdOptions) o);
      case "adamw" -> new AdamW(dimension, (AdamOptions) o);
      default -> new Adam(dimension, (AdamOptions) o);
    };
  }

  private static Object options(String type, double learningRate, double beta1, double beta2, double epsilon,
                                double weightDecay, double momentum, boolean nesterov, LearningRateSchedule s) {
    return type.equals("sgd") ? new SgdOptions(learningRate, momentum, nesterov, weightDecay, s)
        : new AdamOptions(learningRate, beta1, beta2, epsilon, weightDecay, s);
  }

  /** The same spec of another kind. */
  public OptimizerSpec withType(String t) {
    return new OptimizerSpec(t, learningRate, beta1, beta2, epsilon, weightDecay, t.equals("sgd") ? momentum : 0,
        t.equals("sgd") && nesterov, schedule);
  }

  public OptimizerSpec withLearningRate(double lr) {
    return new OptimizerSpec(type, lr, beta1, beta2, epsilon, weightDecay, momentum, nesterov, schedule);
  }

  public OptimizerSpec withWeightDecay(double lambda) {
    return new OptimizerSpec(type, learningRate, beta1, beta2, epsilon, lambda, momentum, nesterov, schedule);
  }

  public OptimizerSpec withSchedule(Schedule s) {
    return new OptimizerSpec(type, learningRate, beta1, beta2, epsilon, weightDecay, momentum, nesterov, s);
  }
}
