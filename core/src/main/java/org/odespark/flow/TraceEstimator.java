package org.odespark.flow;

import java.util.Locale;
import java.util.random.RandomGenerator;
import org.odespark.random.Normals;

/**
 * How a CNF computes the divergence tr(∂f/∂z) per example.
 * <ul>
 *   <li>{@link #exact()}: D Jacobian-vector products with the unit vectors, tr = Σₖ eₖᵀ (∂f/∂z) eₖ; cost
 *       O(D²H) per evaluation (Chen et al. 2018). The default for D ≤ 10.</li>
 *   <li>{@link #hutchinson(Noise)}: Hutchinson's estimator εᵀ (∂f/∂z) ε with E[εεᵀ] = I, one JVP per
 *       evaluation, cost O(DH) (Grathwohl et al., FFJORD, ICLR 2019). One ε per example, drawn once per solve
 *       and held fixed through the forward and the adjoint solve, as FFJORD does.</li>
 * </ul>
 * Immutable.
 */
public record TraceEstimator(Kind kind, Noise noise) implements java.io.Serializable {

  /** Exact trace or Hutchinson's estimator. */
  public enum Kind { EXACT, HUTCHINSON }

  /** Distribution of the probe ε: standard normal, or ±1 with probability ½ (lower variance). */
  public enum Noise { GAUSSIAN, RADEMACHER }

  public TraceEstimator {
    if (kind == null || (kind == Kind.HUTCHINSON && noise == null)) {
      throw new IllegalArgumentException("a trace estimator needs a kind, and Hutchinson a noise distribution");
    }
  }

  public static TraceEstimator exact() {
    return new TraceEstimator(Kind.EXACT, null);
  }

  public static TraceEstimator hutchinson(Noise noise) {
    return new TraceEstimator(Kind.HUTCHINSON, noise);
  }

  /** Parses {@code exact}, {@code hutchinson} (Rademacher), {@code hutchinson-gaussian}, {@code hutchinson-rademacher}. */
  public static TraceEstimator named(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "exact" -> exact();
      case "hutchinson", "hutchinson-rademacher" -> hutchinson(Noise.RADEMACHER);
      case "hutchinson-gaussian" -> hutchinson(Noise.GAUSSIAN);
      default -> throw new IllegalArgumentException("unknown trace estimator '" + name
          + "'; valid: exact, hutchinson (= hutchinson-rademacher), hutchinson-gaussian");
    };
  }

  public boolean isExact() {
    return kind == Kind.EXACT;
  }

  /** Tangent directions per example: D for the exact trace, 1 for Hutchinson. */
  public int tangents(int dim) {
    return isExact() ? dim : 1;
  }

  /** Fills {@code probe[0, n)} with independent draws of the noise. */
  public void drawProbe(RandomGenerator rng, double[] probe, int n) {
    if (isExact()) {
      throw new IllegalStateException("the exact trace uses no probe");
    }
    if (noise == Noise.GAUSSIAN) {
      Normals.fill(rng, probe, 0, n);
    } else {
      for (int i = 0; i < n; i++) {
        probe[i] = rng.nextDouble() < 0.5 ? 1.0 : -1.0;
      }
    }
  }

  /** Name as accepted by {@link #named}. */
  public String label() {
    return isExact() ? "exact" : noise == Noise.GAUSSIAN ? "hutchinson-gaussian" : "hutchinson-rademacher";
  }
}
