package org.odespark.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Adam update shared by {@link Adam} (weight decay coupled into the gradient) and {@link AdamW}
 * (weight decay decoupled, applied to θ before the update); the two differ only in the two coefficients
 * chosen once per step, so the element loop is one. Mutable, one thread.
 */
abstract sealed class AbstractAdam extends AbstractOptimizer permits Adam, AdamW {

  static final String FIRST_MOMENT = "m";
  static final String SECOND_MOMENT = "v";
  static final List<String> STATE_ARRAYS = List.of(FIRST_MOMENT, SECOND_MOMENT);

  private final AdamOptions options;
  private final boolean decoupled;
  private final double[] m;
  private final double[] v;

  AbstractAdam(OptimizerKind kind, int dimension, AdamOptions options, boolean decoupled) {
    super(kind, dimension, options.learningRate(), options.schedule());
    this.options = options;
    this.decoupled = decoupled;
    this.m = new double[dimension];
    this.v = new double[dimension];
  }

  public final AdamOptions options() {
    return options;
  }

  /** {@inheritDoc} */
  @Override
  public final void step(double[] theta, double[] gradient) {
    double lr = beginStep(theta, gradient);
    long t = iteration();
    double b1 = options.beta1();
    double b2 = options.beta2();
    double oneMinusB1 = 1 - b1;
    double oneMinusB2 = 1 - b2;
    double eps = options.epsilon();
    // Bias correction folded into two per-step scalars, η_t/(1 − β₁ᵗ) and 1/√(1 − β₂ᵗ), so that
    // ε is added to √v̂ as in Algorithm 1.
    double stepSize = lr / (1 - IntegerPower.of(b1, t));
    double invSqrtBias2 = 1 / Math.sqrt(1 - IntegerPower.of(b2, t));
    // Coupled: g' = g + λθ, no shrink. Decoupled: θ ← (1 − η_t λ) θ, g' = g. Multiplying by 1.0 or
    // adding 0.0·θ leaves a finite value unchanged, so one loop serves both.
    double coupled = decoupled ? 0 : options.weightDecay();
    double shrink = decoupled ? 1 - lr * options.weightDecay() : 1;
    int n = theta.length;
    for (int i = 0; i < n; i++) {
      double g = gradient[i] + coupled * theta[i];
      double mi = b1 * m[i] + oneMinusB1 * g;
      double vi = b2 * v[i] + oneMinusB2 * g * g;
      m[i] = mi;
      v[i] = vi;
      theta[i] = shrink * theta[i] - stepSize * (mi / (Math.sqrt(vi) * invSqrtBias2 + eps));
    }
  }

  @Override
  final Map<String, Double> hyperParameters() {
    return options.hyperParameters();
  }

  @Override
  final Map<String, double[]> stateArrays() {
    Map<String, double[]> arrays = new LinkedHashMap<>();
    arrays.put(FIRST_MOMENT, m);
    arrays.put(SECOND_MOMENT, v);
    return arrays;
  }
}
