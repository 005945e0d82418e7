package org.odespark.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and coupled weight decay
 * (PyTorch's {@code torch.optim.SGD} with dampening 0). With η_t the scheduled rate:
 * <pre>
 *   g' = g + λθ;   v ← μv + g';   θ ← θ − η_t · (nesterov ? g' + μv : v)      (μ = 0: θ ← θ − η_t g')
 * </pre>
 * v starts at 0, so the first step is θ ← θ − η_0 g' (times 1 + μ with Nesterov).
 *
 * <p>References: B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", USSR
 * Computational Mathematics and Mathematical Physics 4(5), 1964 (heavy ball); Y. Nesterov, "A method for
 * solving the convex programming problem with convergence rate O(1/k²)", Soviet Mathematics Doklady 27,
 * 1983; I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of initialization and momentum in
 * deep learning", ICML 2013, eq. 3–4 (the velocity form used here, rescaled by 1/η as in PyTorch).
 *
 * <p>State arrays: "velocity" (v, only when μ &gt; 0). Mutable, one thread.
 */
public final class Sgd extends AbstractOptimizer {

  static final String VELOCITY = "velocity";

  private final SgdOptions options;
  /** v, or null when μ = 0. */
  private final double[] velocity;

  /**
   * @param dimension length of θ, ≥ 1
   * @param options hyper-parameters and schedule
   */
  public Sgd(int dimension, SgdOptions options) {
    super(OptimizerKind.SGD, dimension, options.learningRate(), options.schedule());
    this.options = options;
    this.velocity = options.momentum() > 0 ? new double[dimension] : null;
  }

  /** SGD with {@link SgdOptions#defaults()}. */
  public Sgd(int dimension) {
    this(dimension, SgdOptions.defaults());
  }

  public SgdOptions options() {
    return options;
  }

  /** {@inheritDoc} */
  @Override
  public void step(double[] theta, double[] gradient) {
    double lr = beginStep(theta, gradient);
    double wd = options.weightDecay();
    double mu = options.momentum();
    int n = theta.length;
    if (velocity == null) {
      for (int i = 0; i < n; i++) {
        theta[i] -= lr * (gradient[i] + wd * theta[i]);
      }
    } else if (!options.nesterov()) {
      for (int i = 0; i < n; i++) {
        double v = mu * velocity[i] + (gradient[i] + wd * theta[i]);
        velocity[i] = v;
        theta[i] -= lr * v;
      }
    } else {
      for (int i = 0; i < n; i++) {
        double g = gradient[i] + wd * theta[i];
        double v = mu * velocity[i] + g;
        velocity[i] = v;
        theta[i] -= lr * (g + mu * v);
      }
    }
  }

  @Override
  Map<String, Double> hyperParameters() {
    return options.hyperParameters();
  }

  @Override
  Map<String, double[]> stateArrays() {
    Map<String, double[]> arrays = new LinkedHashMap<>();
    if (velocity != null) {
      arrays.put(VELOCITY, velocity);
    }
    return arrays;
  }
}
