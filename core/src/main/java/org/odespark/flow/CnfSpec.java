package org.odespark.flow;

import java.io.Serializable;
import java.util.Arrays;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Objective;
import org.odespark.ode.tableau.RungeKuttaMethods;

/**
 * The description of a continuous normalizing flow density model: architecture, integration, trace
 * estimator, regularization and solver settings. Immutable, serializable, validated on construction.
 * {@link #ffjordToy(int)} gives FFJORD's toy-data settings.
 *
 * @param dim data dimension D
 * @param hidden hidden widths of each block's MLP
 * @param layerType layer type of the MLP ({@code concatsquash} in FFJORD)
 * @param activation activation of the MLP
 * @param blocks number of CNF blocks in the flow
 * @param time integration time T of each block (its initial value when {@code trainTime})
 * @param trainTime whether T is learned (parametrized T = τ², as FFJORD's {@code train_T})
 * @param trace divergence: exact or Hutchinson
 * @param kineticWeight weight λ_K of ∫‖f‖² dt in the loss (0 disables it)
 * @param jacobianWeight weight λ_J of ∫‖∂f/∂z‖²_F dt in the loss (0 disables it)
 * @param method ODE method name (e.g. {@code dopri5})
 * @param rtol forward relative tolerance
 * @param atol forward absolute tolerance
 * @param adjointRtol relative tolerance of the adjoint's backward solve
 * @param adjointAtol absolute tolerance of the adjoint's backward solve
 * @param maxSteps step-attempt limit of each solve
 * @param gradient {@code adjoint} or {@code backprop}
 * @param seminorm whether the adjoint's backward steps are controlled by [z, a] only (Kidger et al. 2021)
 * @param logitAlpha for image data in [0, 1]: α of the logit transform applied after uniform dequantization to
 *     256 levels ({@code NaN} for continuous data, no transform)
 */
public record CnfSpec(int dim, int[] hidden, Mlp.LayerType layerType, Activation activation, int blocks, double time,
                      boolean trainTime, TraceEstimator trace, double kineticWeight, double jacobianWeight,
                      String method, double rtol, double atol, double adjointRtol, double adjointAtol, long maxSteps,
                      String gradient, boolean seminorm, double logitAlpha) implements Objective.Spec, Serializable {

  public CnfSpec {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
    hidden = hidden.clone();
    for (int h : hidden) {
      if (h < 1) {
        throw new IllegalArgumentException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
      }
    }
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks must be >= 1, got " + blocks);
    }
    if (!(time > 0) || Double.isInfinite(time)) {
      throw new IllegalArgumentException("time must be > 0 and finite, got " + time);
    }
    if (!(kineticWeight >= 0) || !(jacobianWeight >= 0)) {
      throw new IllegalArgumentException("regularization weights must be >= 0, got kinetic=" + kineticWeight
          + ", jacobian=" + jacobianWeight);
    }
    RungeKuttaMethods.named(method);
    if (!gradient.equals("adjoint") && !gradient.equals("backprop")) {
      throw new IllegalArgumentException("gradient must be adjoint or backprop, got '" + gradient + "'");
    }
    for (double tol : new double[] {rtol, atol, adjointRtol, adjointAtol}) {
      if (!(tol > 0) || Double.isInfinite(tol)) {
        throw new IllegalArgumentException("tolerances must be > 0 and finite, got rtol=" + rtol + ", atol=" + atol
            + ", adjoint rtol=" + adjointRtol + ", adjoint atol=" + adjointAtol);
      }
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
    }
    if (!Double.isNaN(logitAlpha) && !(logitAlpha >= 0 && logitAlpha < 0.5)) {
      throw new IllegalArgumentException("logitAlpha must be in [0, 0.5) or NaN (no transform), got " + logitAlpha);
    }
  }

  /**
   * FFJORD's toy setting (Grathwohl et al. 2019, train_toy.py defaults): one block, ConcatSquash MLP
   * 64-64-64, tanh, exact trace, T = 0.5 learned, dopri5 with rtol = atol = 1e-5 forward and backward,
   * adjoint gradients with error control over the whole augmented state (torchdiffeq's default), no
   * regularization.
   */
  public static CnfSpec ffjordToy(int dim) {
    return new CnfSpec(dim, new int[] {64, 64, 64}, Mlp.LayerType.CONCAT_SQUASH, Activation.TANH, 1, 0.5, true,
        TraceEstimator.exact(), 0, 0, "dopri5", 1e-5, 1e-5, 1e-5, 1e-5, 100_000, "adjoint", false, Double.NaN);
  }

  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /** Whether data are images in [0, 1] that get dequantized and logit-transformed. */
  public boolean images() {
    return !Double.isNaN(logitAlpha);
  }

  public CnfSpec withTrace(TraceEstimator t) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, t, kineticWeight,
        jacobianWeight, method, rtol, atol, adjointRtol, adjointAtol, maxSteps, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withTolerances(double r, double a) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kineticWeight,
        jacobianWeight, method, r, a, r, a, maxSteps, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withAdjointTolerances(double r, double a) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kineticWeight,
        jacobianWeight, method, rtol, atol, r, a, maxSteps, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withRegularization(double kinetic, double jacobian) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kinetic, jacobian,
        method, rtol, atol, adjointRtol, adjointAtol, maxSteps, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withGradient(String g) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kineticWeight,
        jacobianWeight, method, rtol, atol, adjointRtol, adjointAtol, maxSteps, g, seminorm, logitAlpha);
  }

  public CnfSpec withSeminorm(boolean s) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kineticWeight,
        jacobianWeight, method, rtol, atol, adjointRtol, adjointAtol, maxSteps, gradient, s, logitAlpha);
  }

  public CnfSpec withArchitecture(int[] h, Mlp.LayerType type, Activation act, int nBlocks) {
    return new CnfSpec(dim, h, type, act, nBlocks, time, trainTime, trace, kineticWeight, jacobianWeight, method,
        rtol, atol, adjointRtol, adjointAtol, maxSteps, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withTime(double t, boolean learned) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, t, learned, trace, kineticWeight,
        jacobianWeight, method, rtol, atol, adjointRtol, adjointAtol, maxSteps, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withMethod(String m) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kineticWeight,
        jacobianWeight, m, rtol, atol, adjointRtol, adjointAtol, maxSteps, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withMaxSteps(long m) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kineticWeight,
        jacobianWeight, method, rtol, atol, adjointRtol, adjointAtol, m, gradient, seminorm, logitAlpha);
  }

  public CnfSpec withImages(double alpha) {
    return new CnfSpec(dim, hidden, layerType, activation, blocks, time, trainTime, trace, kineticWeight,
        jacobianWeight, method, rtol, atol, adjointRtol, adjointAtol, maxSteps, gradient, seminorm, alpha);
  }

  @Override
  public Cnf create() {
    return new Cnf(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CnfSpec s && s.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "CnfSpec[dim=" + dim + ", hidden=" + Arrays.toString(hidden) + ", " + layerType.label() + ", "
        + activation.label() + ", blocks=" + blocks + ", T=" + time + (trainTime ? " (learned)" : "") + ", trace="
        + trace.label() + ", kinetic=" + kineticWeight + ", jacobian=" + jacobianWeight + ", " + method + " rtol="
        + rtol + " atol=" + atol + ", adjoint rtol=" + adjointRtol + " atol=" + adjointAtol + ", maxSteps="
        + maxSteps + ", gradient=" + gradient + (seminorm ? " (seminorm)" : "")
        + (images() ? ", images logit α=" + logitAlpha : "") + "]";
  }
}
