package org.odespark.spark.model;

import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Batch;
import org.odespark.objective.Objective;
import org.odespark.spark.config.CnfConfig;
import org.odespark.spark.config.ModelConfig;

/**
 * {@code model.type = cnf}: a continuous normalizing flow ({@link Cnf}) built from {@code model.cnf.*} and
 * {@code solver.*} (read as every model reads it: {@link org.odespark.spark.config.SolverConfig#gradientSpec}).
 */
public final class CnfModelFactory implements ModelFactory {

  @Override
  public String type() {
    return "cnf";
  }

  @Override
  public Kind kind() {
    return Kind.DENSITY;
  }

  @Override
  public void validate(ModelConfig model) {
    spec(model, 1);
  }

  @Override
  public Objective.Spec objective(ModelConfig model, DataShape shape) {
    return spec(model, shape.dimension());
  }

  @Override
  public DensityModel.Spec density(ModelConfig model, DataShape shape) {
    return new Density(spec(model, shape.dimension()));
  }

  /** The flow for D-dimensional data; IllegalArgumentException naming the configuration key otherwise. */
  static CnfSpec spec(ModelConfig model, int dim) {
    CnfConfig c = model.cnf();
    TraceEstimator trace = switch (c.trace()) {
      case "exact" -> TraceEstimator.exact();
      case "hutchinson" -> TraceEstimator.hutchinson(c.noise().equals("gaussian")
          ? TraceEstimator.Noise.GAUSSIAN : TraceEstimator.Noise.RADEMACHER);
      default -> throw new IllegalArgumentException("model.cnf.trace = " + c.trace() + ": expected exact or hutchinson");
    };
    return CnfSpec.builder(dim).hidden(c.hidden().stream().mapToInt(Integer::intValue).toArray())
        .layerType(Mlp.LayerType.named(c.layerType())).activation(Activation.named(c.activation())).blocks(c.blocks())
        .time(c.time(), c.trainTime()).trace(trace).regularization(c.kineticWeight(), c.jacobianWeight())
        .gradient(model.solver().gradientSpec("model.cnf.gradient", c.gradient()))
        .images(c.images() ? c.logitAlpha() : Double.NaN).build();
  }

  /** The flow as a {@link DensityModel}: log-density and sampling. */
  record Density(CnfSpec spec) implements DensityModel.Spec {
    @Override
    public DensityModel create() {
      Cnf cnf = spec.create();
      return new DensityModel() {
        @Override
        public int dimension() {
          return cnf.dimension();
        }

        @Override
        public void logDensity(double[] theta, Batch batch, long seed, double[] out, int offset) {
          cnf.logDensity(theta, batch, seed, out, offset);
        }

        @Override
        public void sample(double[] theta, int n, long seed, double[] out) {
          cnf.sample(theta, n, seed, out);
        }
      };
    }
  }
}
