package org.odespark.spark;

import java.util.Locale;
import org.odespark.spark.config.SolverConfig;
import org.odespark.spark.exec.SolveFailure;
import org.apache.spark.api.java.JavaRDD;
import org.odespark.objective.Batch;

/**
 * The one-line message of a failed ODE solve in train or evaluate: where (iteration, partition), what the
 * solver said, the solver settings in force, and the likely cause. Data with huge values (|x| above
 * {@link #LARGE}, e.g. 1e300) make the vector field's products overflow or its step size underflow at once:
 * then the data are named and {@code data.standardize} suggested; otherwise the settings that let a solve
 * finish (step limit, tolerances) and those that keep training stable (learning rate, clipping).
 */
final class SolveFailureReport {

  /** Above this magnitude unstandardized features are named as the likely cause. */
  static final double LARGE = 1e6;

  private SolveFailureReport() {}

  /**
   * @param standardized whether the blocks were standardized (then their values are not the cause)
   */
  static InputException of(String job, SolveFailure f, SolverConfig s, JavaRDD<Batch> blocks,
                          boolean standardized) {
    String where = (f.iteration() > 0 ? "iteration " + f.iteration() + ", " : "") + "partition " + f.partition();
    String settings = String.format(Locale.ROOT, "solver.method = %s, solver.rtol = %s, solver.atol = %s, "
        + "solver.max_steps = %d", s.method(), s.rtol(), s.atol(), s.maxSteps());
    double largest = standardized ? 0 : largestMagnitude(blocks);
    String cause;
    if (largest > LARGE) {
      cause = String.format(Locale.ROOT, "the data hold values up to |x| = %.3g: such magnitudes are the likely "
          + "cause, set data.standardize = true", largest);
    } else if (f.detail().startsWith("MAX_STEPS_EXCEEDED")) {
      cause = "raise solver.max_steps or loosen solver.rtol / solver.atol"
          + (job.equals("train") ? ", or lower optimizer.learning_rate (the dynamics may have grown stiff)" : "");
    } else {
      cause = "loosen solver.rtol / solver.atol"
          + (job.equals("train") ? ", lower optimizer.learning_rate or set train.clip_norm (the dynamics may have"
              + " diverged)" : "");
    }
    return new InputException(job + " stopped: " + where + ": the ODE solve failed: " + f.detail() + " (" + settings
        + "); " + cause, f);
  }

  /** max |x| over the blocks (one more pass; only after a failure). */
  private static double largestMagnitude(JavaRDD<Batch> blocks) {
    try {
      return blocks.map(b -> {
        double m = 0;
        for (double x : b.features()) {
          m = Math.max(m, Math.abs(x));
        }
        return m;
      }).fold(0.0, Math::max);
    } catch (RuntimeException e) {
      return 0; // the hint is optional; the failure itself is reported
    }
  }
}
