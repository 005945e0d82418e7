package org.odespark.spark.model;

import org.odespark.classify.GradientMethod;
import org.odespark.classify.OdeNetSpec;
import org.odespark.classify.SolverSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Objective;
import org.odespark.ode.tableau.ButcherTableau;
import org.odespark.ode.tableau.RungeKuttaMethods;
import org.odespark.spark.config.ClassifierConfig;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.config.SolverConfig;

/**
 * {@code model.type = odenet-classifier}: the ODE-Net classifier ({@link OdeNetSpec}) built from
 * {@code model.classifier.*} and {@code solver.*}:
 * <pre>
 *   h₀ = Linear(D → hidden)(x),  z(0) = [h₀, 0_augment],  dz/dt = f(z, t) on [0, time],  logits = Linear(z(time))
 * </pre>
 * with f an MLP of one hidden layer of width {@code hidden}, {@code concat} layers (t appended to every
 * layer's input, as in Chen et al.) and {@code model.classifier.activation}. Loss: softmax cross-entropy;
 * {@code evaluate} reports accuracy.
 *
 * <p>Solvers: an adaptive {@code solver.method} (one with an error estimate) runs at {@code solver.rtol/atol}
 * with {@code solver.max_steps}; a fixed-step one takes round(1 / {@code solver.step_size}) equal steps. The
 * adjoint's backward solve ({@code gradient = adjoint}) uses {@code solver.backward.*} the same way;
 * {@code gradient = backprop} differentiates the forward steps and ignores {@code solver.backward}.
 * {@code solver.backward.seminorm} is not supported by the classifier.
 */
public final class OdeNetClassifierFactory implements ModelFactory {

  static final String TYPE = "odenet-classifier";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Kind kind() {
    return Kind.CLASSIFIER;
  }

  @Override
  public void validate(ModelConfig model) {
    spec(model, 1);
  }

  @Override
  public Objective.Spec objective(ModelConfig model, DataShape shape) {
    if (!shape.labelled()) {
      throw new IllegalArgumentException("model.type = " + TYPE + " needs labelled data: set data.label_column"
          + " (parquet, csv) or use data.format = libsvm or fashion-mnist");
    }
    return spec(model, shape.dimension());
  }

  @Override
  public DensityModel.Spec density(ModelConfig model, DataShape shape) {
    throw new UnsupportedOperationException("model.type = " + TYPE + " is a classifier, not a density model:"
        + " it has no log-density and draws no samples");
  }

  /** The classifier for D-dimensional inputs; IllegalArgumentException naming the configuration key otherwise. */
  static OdeNetSpec spec(ModelConfig model, int dim) {
    ClassifierConfig c = model.classifier();
    SolverConfig s = model.solver();
    Activation activation = named("model.classifier.activation", c.activation(), Activation::named);
    GradientMethod gradient = named("model.classifier.gradient", c.gradient(), GradientMethod::named);
    if (c.hidden() < 1) {
      throw new IllegalArgumentException("model.classifier.hidden = " + c.hidden() + ": must be >= 1");
    }
    if (c.augment() < 0) {
      throw new IllegalArgumentException("model.classifier.augment = " + c.augment() + ": must be >= 0");
    }
    if (c.classes() < 2) {
      throw new IllegalArgumentException("model.classifier.classes = " + c.classes() + ": must be >= 2");
    }
    if (!(c.time() > 0) || Double.isInfinite(c.time())) {
      throw new IllegalArgumentException("model.classifier.time = " + c.time() + ": must be > 0 and finite");
    }
    if (s.backwardSeminorm()) {
      throw new IllegalArgumentException("solver.backward.seminorm = true: model.type = " + TYPE + " does not"
          + " support the adjoint seminorm (set solver.backward.seminorm = false)");
    }
    SolverSpec forward = solver("solver.method", s.method(), s.rtol(), s.atol(), s.stepSize(), s.maxSteps());
    SolverSpec backward = solver("solver.backward.method", s.backwardMethod(), s.backwardRtol(), s.backwardAtol(),
        s.stepSize(), s.maxSteps());
    return new OdeNetSpec(dim, c.classes(), c.hidden(), c.augment(), new int[] {c.hidden()}, Mlp.LayerType.CONCAT,
        activation, c.time(), gradient, forward, backward);
  }

  private static SolverSpec solver(String key, String method, double rtol, double atol, double stepSize,
                                   long maxSteps) {
    ButcherTableau t = named(key, method, RungeKuttaMethods::named);
    if (t.isAdaptive()) {
      return new SolverSpec(method, rtol, atol, 0, maxSteps);
    }
    if (!(stepSize > 0 && stepSize <= 1)) {
      throw new IllegalArgumentException("solver.step_size = " + stepSize + ": must be in (0, 1] for " + key + " = "
          + method);
    }
    long steps = Math.max(1, Math.round(1 / stepSize));
    if (steps > maxSteps) {
      throw new IllegalArgumentException("solver.step_size = " + stepSize + " gives " + steps + " steps of " + key
          + " = " + method + ", above solver.max_steps = " + maxSteps);
    }
    return new SolverSpec(method, rtol, atol, (int) steps, maxSteps);
  }

  private static <T> T named(String key, String value, java.util.function.Function<String, T> lookup) {
    try {
      return lookup.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " = " + value + ": " + e.getMessage(), e);
    }
  }
}
