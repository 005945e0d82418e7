package org.odespark.spark.testing;

import org.odespark.nn.ParameterLayout;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.model.DataShape;
import org.odespark.spark.model.DensityModel;
import org.odespark.spark.model.ModelFactory;

/**
 * Linear least squares for the trainer's tests: a row (x₁ … x_d, y) has loss ½ (wᵀx + b − y)², θ = (w, b),
 * ∇θ = r·(x, 1) with r = wᵀx + b − y. Weighted rows scale their loss. Not a model odespark ships: a
 * gradient whose value is known, so that the Spark glue can be checked against a one-JVM fold.
 */
public final class LeastSquares implements Objective {

  /** Registered as model.type = test-least-squares; the last column of the data is the target y. */
  public static final class Factory implements ModelFactory {
    @Override
    public String type() {
      return "test-least-squares";
    }

    @Override
    public Kind kind() {
      return Kind.CLASSIFIER;
    }

    @Override
    public void validate(ModelConfig model) {}

    @Override
    public Objective.Spec objective(ModelConfig model, DataShape shape) {
      return new Spec(shape.dimension());
    }

    @Override
    public DensityModel.Spec density(ModelConfig model, DataShape shape) {
      throw new UnsupportedOperationException("least squares is not a density model");
    }
  }

  /** d + 1 columns: d features and the target. */
  public record Spec(int columns) implements Objective.Spec {
    @Override
    public Objective create() {
      return new LeastSquares(columns);
    }
  }

  private final int columns;
  private final ParameterLayout layout;

  public LeastSquares(int columns) {
    this.columns = columns;
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    b.add("w", 1, columns - 1);
    b.add("b", 1, 1);
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
    return columns;
  }

  @Override
  public void initialize(double[] theta, long seed) {
    java.util.random.RandomGenerator r = org.odespark.random.SeedSequence.of(seed).random("init");
    for (int i = 0; i < theta.length; i++) {
      theta[i] = 0.1 * r.nextGaussian();
    }
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
    int d = columns - 1;
    double loss = 0;
    for (int i = 0; i < batch.rows(); i++) {
      int p = i * columns;
      double r = theta[d] - x[p + d];
      for (int j = 0; j < d; j++) {
        r += theta[j] * x[p + j];
      }
      double w = batch.weight(i);
      loss += w * 0.5 * r * r;
      if (gradient) {
        for (int j = 0; j < d; j++) {
          g[j] += w * r * x[p + j];
        }
        g[d] += w * r;
      }
    }
    into.addLoss(loss, batch.weightSum(), batch.rows());
    into.addSolve(3, gradient ? 5 : 0);
  }
}
