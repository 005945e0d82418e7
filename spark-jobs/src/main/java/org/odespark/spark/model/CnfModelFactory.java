package org.odespark.spark.model;

import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import org.odespark.flow.TraceEstimator;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Batch;
import org.odespark.objective.Objective;
import org.odespark.ode.tableau.RungeKuttaMethods;
import org.odespark.spark.config.CnfConfig;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.config.SolverConfig;

/**
 * {@code model.type = cnf}: a continuous normalizing flow ({@link Cnf}) built from {@code model.cnf.*} and
 * {@code solver.*}. One ODE method serves both the forward and the adjoint solve, with their own
 * tolerances; the method must be adaptive (the step count of a CNF solve adapts to the learned dynamics).
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
    SolverConfig s = model.solver();
    if (!RungeKuttaMethods.named(s.method()).isAdaptive()) {
      throw new IllegalArgumentException("solver.method = " + s.method() + ": model.type = cnf needs an adaptive"
          + " method, one of " + RungeKuttaMethods.adaptiveNames());
    }
    if (!s.backwardMethod().equals(s.method())) {
      throw new IllegalArgumentException("solver.backward.method = " + s.backwardMethod() + " differs from"
          + " solver.method = " + s.method() + ": model.type = cnf uses one method for the forward and the adjoint"
          + " solve (set solver.backward.method = " + s.method() + ")");
    }
    TraceEstimator trace = switch (c.trace()) {
      case "exact" -> TraceEstimator.exact();
      case "hutchinson" -> TraceEstimator.hutchinson(c.noise().equals("gaussian")
          ? TraceEstimator.Noise.GAUSSIAN : TraceEstimator.Noise.RADEMACHER);
      default -> throw new IllegalArgumentException("model.cnf.trace = " + c.trace() + ": expected exact or hutchinson");
    };
    return new CnfSpec(dim, c.hidden(), Mlp.LayerType.named(c.layerType()), Activation.named(c.activation()),
        c.blocks(), c.time(), c.trainTime(), trace, c.kineticWeight(), c.jacobianWeight(), s.method(), s.rtol(),
        s.atol(), s.backwardRtol(), s.backwardAtol(), s.maxSteps(), c.gradient(), s.backwardSeminorm(),
        c.images() ? c.logitAlpha() : Double.NaN);
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
