package org.odespark.spark.model;

import java.util.List;
import java.util.Locale;
import org.odespark.adjoint.GradientSpec;
import org.odespark.latent.LatentOdeSpec;
import org.odespark.latent.SeriesLayout;
import org.odespark.nn.Activation;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.ode.tableau.RungeKuttaMethods;
import org.odespark.spark.config.LatentConfig;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.config.SolverConfig;

/**
 * {@code model.type = latent-ode}: the latent ODE of irregularly sampled time series, or one of its
 * baselines ({@code model.latent.kind}), built from {@code model.latent.*} and {@code solver.*} as a
 * {@link LatentOdeSpec}. The data are series rows ({@link SeriesLayout}): the shape's dimension is the row
 * width 1 + maxLength (2 + 2 D) and its feature names the row's column names ({@link
 * SeriesLayout#columnNames}). Every solve (the latent trajectory on the union of a minibatch's times, the
 * ODE-RNN's intervals) uses the adaptive
 * {@code solver.method} at {@code solver.rtol/atol} with {@code solver.max_steps}; the adjoint's backward
 * solves use the same method and tolerances, so {@code solver.backward.*} must match them.
 */
public final class LatentOdeFactory implements ModelFactory {

  static final String TYPE = "latent-ode";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Kind kind() {
    return Kind.SERIES;
  }

  @Override
  public void validate(ModelConfig model) {
    spec(model, new SeriesLayout(1, 1));
  }

  @Override
  public Objective.Spec objective(ModelConfig model, DataShape shape) {
    return spec(model, layout(shape));
  }

  @Override
  public DensityModel.Spec density(ModelConfig model, DataShape shape) {
    throw new UnsupportedOperationException("model.type = " + TYPE + " models time series, not densities: it has"
        + " no log-density of points and draws no samples of them (see the predict job)");
  }

  /** The series layout of data of this shape, from its column names ({@link SeriesLayout#columnNames}). */
  public static SeriesLayout layout(DataShape shape) {
    try {
      return SeriesLayout.ofColumnNames(shape.featureNames());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model.type = " + TYPE + " needs time series rows: " + e.getMessage(), e);
    }
  }

  /** The value names (one per feature) of data of this shape. */
  public static List<String> valueNames(DataShape shape) {
    return layout(shape).valueNames(shape.featureNames());
  }

  /** The model for series of this layout; IllegalArgumentException naming the configuration key otherwise. */
  public static LatentOdeSpec spec(ModelConfig model, SeriesLayout layout) {
    LatentConfig c = model.latent();
    SolverConfig s = model.solver();
    if (!RungeKuttaMethods.named(s.method()).isAdaptive()) {
      throw new IllegalArgumentException("solver.method = " + s.method() + ": model.type = " + TYPE + " needs an"
          + " adaptive method (its solves run over irregular intervals), one of " + RungeKuttaMethods.adaptiveNames());
    }
    if (!s.backwardMethod().equals(s.method()) || s.backwardRtol() != s.rtol() || s.backwardAtol() != s.atol()
        || s.backwardSeminorm()) {
      throw new IllegalArgumentException("solver.backward.* (" + s.backwardMethod() + ", rtol " + s.backwardRtol()
          + ", atol " + s.backwardAtol() + (s.backwardSeminorm() ? ", seminorm" : "") + ") differs from solver.* ("
          + s.method() + ", rtol " + s.rtol() + ", atol " + s.atol() + "): model.type = " + TYPE + " solves its"
          + " adjoint with the forward settings (set solver.backward.method, rtol, atol alike, seminorm = false)");
    }
    // The one solver-selection path of every model (method names, the gradient method, implicit methods).
    GradientSpec gradient = s.gradientSpec("model.latent.gradient", c.gradient());
    try {
      return LatentOdeSpec.builder(layout.maxLength(), layout.dim())
          .kind(LatentOdeSpec.Kind.named(c.kind()))
          .encoder(LatentOdeSpec.Encoder.named(c.encoder()))
          .latentDim(c.latentDim())
          .hidden(c.hidden())
          .fieldHidden(c.fieldHidden().stream().mapToInt(Integer::intValue).toArray())
          .decoderHidden(c.decoderHidden().stream().mapToInt(Integer::intValue).toArray())
          .activation(Activation.named(c.activation()))
          .noiseStd(c.noiseStd())
          .learnNoise(c.learnNoise())
          .klWeight(c.klWeight())
          .gradient(gradient.method())
          .solver(gradient.forward())
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model.latent: " + e.getMessage(), e);
    }
  }

  /**
   * The evaluate job's JSON line: series count, mean loss per series (−ELBO for the latent ODE, the negative
   * log-likelihood for the baselines), for the latent ODE the ELBO and the mean KL, and the mean squared
   * errors of the interpolation and extrapolation targets with their counts (NaN when there are none).
   */
  public static String evaluationLine(GradientAggregator sums, ModelConfig model) {
    boolean latent = LatentOdeSpec.Kind.named(model.latent().kind()) == LatentOdeSpec.Kind.LATENT_ODE;
    double w = sums.weightSum();
    double ip = sums.metric(GradientAggregator.Metric.INTERPOLATION_POINTS);
    double ep = sums.metric(GradientAggregator.Metric.EXTRAPOLATION_POINTS);
    return String.format(Locale.ROOT, "{\"series\":%d,\"model\":\"%s\",\"loss\":%s,%s\"interpolation_mse\":%s,"
        + "\"interpolation_points\":%.0f,\"extrapolation_mse\":%s,\"extrapolation_points\":%.0f}", sums.examples(),
        model.latent().kind(), sums.meanLoss(), latent ? String.format(Locale.ROOT, "\"elbo\":%s,\"kl\":%s,",
        -sums.meanLoss(), sums.metric(GradientAggregator.Metric.KL) / w) : "",
        ip > 0 ? sums.metric(GradientAggregator.Metric.INTERPOLATION_SQUARED_ERROR) / ip : Double.NaN, ip,
        ep > 0 ? sums.metric(GradientAggregator.Metric.EXTRAPOLATION_SQUARED_ERROR) / ep : Double.NaN, ep);
  }
}
