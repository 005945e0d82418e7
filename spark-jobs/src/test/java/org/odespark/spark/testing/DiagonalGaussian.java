package org.odespark.spark.testing;

import java.util.random.RandomGenerator;
import org.odespark.nn.ParameterLayout;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.random.SeedSequence;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.model.DataShape;
import org.odespark.spark.model.DensityModel;
import org.odespark.spark.model.ModelFactory;

/**
 * A diagonal Gaussian density for the job tests: θ = (μ₁ … μ_D, log σ₁ … log σ_D), per example
 * −log p(x) = Σⱼ (½ zⱼ² + log σⱼ + ½ log 2π) with zⱼ = (xⱼ − μⱼ)/σⱼ; ∂/∂μⱼ = −zⱼ/σⱼ, ∂/∂log σⱼ = 1 − zⱼ².
 * Its maximum-likelihood fit is known in closed form (the data's mean and standard deviation), so a trained
 * model can be checked without trusting the trainer.
 */
public final class DiagonalGaussian implements Objective, DensityModel {

  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  /** Registered as model.type = test-gaussian. */
  public static final class Factory implements ModelFactory {
    @Override
    public String type() {
      return "test-gaussian";
    }

    @Override
    public Kind kind() {
      return Kind.DENSITY;
    }

    @Override
    public void validate(ModelConfig model) {}

    @Override
    public Objective.Spec objective(ModelConfig model, DataShape shape) {
      return new Spec(shape.dimension());
    }

    @Override
    public DensityModel.Spec density(ModelConfig model, DataShape shape) {
      return new Spec(shape.dimension());
    }
  }

  /** Both specs in one: a D-dimensional diagonal Gaussian. */
  public record Spec(int dimension) implements Objective.Spec, DensityModel.Spec {
    @Override
    public DiagonalGaussian create() {
      return new DiagonalGaussian(dimension);
    }
  }

  private final int d;
  private final ParameterLayout layout;

  public DiagonalGaussian(int d) {
    this.d = d;
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    b.add("mu", 1, d);
    b.add("log_sigma", 1, d);
    this.layout = b.build();
  }

  /** Where each parameter lives in θ. */
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public int parameterCount() {
    return layout.size();
  }

  @Override
  public int featureDim() {
    return d;
  }

  @Override
  public int dimension() {
    return d;
  }

  @Override
  public void initialize(double[] theta, long seed) {
    java.util.Arrays.fill(theta, 0.0);
  }

  @Override
  public void accumulate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    add(theta, batch, into, true);
  }

  @Override
  public void evaluate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    add(theta, batch, into, false);
  }

  private void add(double[] theta, Batch batch, GradientAggregator into, boolean gradient) {
    double[] x = batch.features();
    double[] g = into.gradientSum();
    double loss = 0;
    for (int i = 0; i < batch.rows(); i++) {
      double w = batch.weight(i);
      for (int j = 0; j < d; j++) {
        double sigma = Math.exp(theta[d + j]);
        double z = (x[i * d + j] - theta[j]) / sigma;
        loss += w * (0.5 * z * z + theta[d + j] + HALF_LOG_2PI);
        if (gradient) {
          g[j] -= w * z / sigma;
          g[d + j] += w * (1 - z * z);
        }
      }
    }
    into.addLoss(loss, batch.weightSum(), batch.rows());
    into.addSolve(0, 0);
  }

  @Override
  public void logDensity(double[] theta, Batch batch, long seed, double[] out, int offset) {
    double[] x = batch.features();
    for (int i = 0; i < batch.rows(); i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        double z = (x[i * d + j] - theta[j]) / Math.exp(theta[d + j]);
        s -= 0.5 * z * z + theta[d + j] + HALF_LOG_2PI;
      }
      out[offset + i] = s;
    }
  }

  @Override
  public void sample(double[] theta, int n, long seed, double[] out) {
    RandomGenerator r = SeedSequence.of(seed).random("sample");
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i * d + j] = theta[j] + Math.exp(theta[d + j]) * r.nextGaussian();
      }
    }
  }
}
