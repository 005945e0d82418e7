package org.odespark.spark.model;

import org.odespark.classify.OdeNetSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Objective;
import org.odespark.spark.config.ClassifierConfig;
import org.odespark.spark.config.ModelConfig;

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
 * <p>Solvers: {@code solver.*} as every model reads it ({@link
 * org.odespark.spark.config.SolverConfig#gradientSpec}).
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
    Activation activation;
    try {
      activation = Activation.named(c.activation());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model.classifier.activation = " + c.activation() + ": " + e.getMessage(), e);
    }
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
    return new OdeNetSpec(dim, c.classes(), c.hidden(), c.augment(), new int[] {c.hidden()}, Mlp.LayerType.CONCAT,
        activation, c.time(), model.solver().gradientSpec("model.classifier.gradient", c.gradient()));
  }
}
