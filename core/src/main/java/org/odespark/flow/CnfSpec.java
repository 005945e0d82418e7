package org.odespark.flow;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.check.Checks;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Objective;

/**
 * The description of a continuous normalizing flow density model, composed of independent parts: the
 * {@link Architecture} of its blocks, the {@link TraceEstimator}, the regularization weights, and the
 * {@link GradientSpec} (gradient method, forward and backward solvers) shared with the classifiers.
 * Immutable, serializable, validated on construction; {@link #builder(int)} starts from FFJORD's toy
 * settings ({@link #ffjordToy(int)}).
 *
 * @param dim data dimension D, ≥ 1
 * @param architecture the blocks' vector fields and integration times
 * @param trace divergence: exact or Hutchinson
 * @param kineticWeight weight λ_K ≥ 0 of ∫‖f‖² dt in the loss (0 disables it)
 * @param jacobianWeight weight λ_J ≥ 0 of ∫‖∂f/∂z‖²_F dt in the loss (0 disables it)
 * @param gradient how each block is solved and differentiated
 * @param logitAlpha for image data in [0, 1]: α ∈ [0, 0.5) of the logit transform applied after uniform
 *     dequantization to 256 levels ({@code NaN} for continuous data, no transform)
 */
public record CnfSpec(int dim, Architecture architecture, TraceEstimator trace, double kineticWeight,
                      double jacobianWeight, GradientSpec gradient, double logitAlpha) implements Objective.Spec {

  private static final long serialVersionUID = 1L;

  /**
   * The flow's blocks k = 0 … blocks−1: each an {@link Mlp} vector field f_k(z, t) of D inputs and outputs
   * with the given hidden widths, layer type and activation, integrated over [0, T_k]; T_k = {@code time}
   * fixed, or learned from that start (parametrized T = τ², as FFJORD's {@code train_T}). Immutable.
   *
   * @param hidden hidden widths, at least one, each ≥ 1 (copied)
   * @param layerType layer type ({@code concatsquash} in FFJORD)
   * @param activation activation after every layer but the last
   * @param blocks number of stacked blocks, ≥ 1
   * @param time integration time T of each block, &gt; 0 and finite (its initial value when learned)
   * @param trainTime whether T is learned
   */
  public record Architecture(int[] hidden, Mlp.LayerType layerType, Activation activation, int blocks,
                             double time, boolean trainTime) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public Architecture {
      hidden = hidden.clone();
      if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
        throw new IllegalArgumentException("hidden widths must be at least one, each >= 1, got "
            + Arrays.toString(hidden));
      }
      Objects.requireNonNull(layerType, "layerType");
      Objects.requireNonNull(activation, "activation");
      Checks.atLeast("blocks", blocks, 1);
      Checks.positiveFinite("time", time);
    }

    @Override
    public int[] hidden() {
      return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Architecture a && Arrays.equals(hidden, a.hidden) && layerType == a.layerType
          && activation == a.activation && blocks == a.blocks && Double.compare(time, a.time) == 0
          && trainTime == a.trainTime;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(hidden), layerType, activation, blocks, time, trainTime);
    }

    @Override
    public String toString() {
      return blocks + " × " + Arrays.toString(hidden) + " " + layerType.label() + " " + activation.label() + ", T="
          + time + (trainTime ? " (learned)" : "");
    }
  }

  public CnfSpec {
    Checks.atLeast("dim", dim, 1);
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(gradient, "gradient");
    if (!(kineticWeight >= 0) || !(jacobianWeight >= 0) || Double.isInfinite(kineticWeight + jacobianWeight)) {
      throw new IllegalArgumentException("regularization weights must be >= 0 and finite, got kinetic="
          + kineticWeight + ", jacobian=" + jacobianWeight);
    }
    if (!Double.isNaN(logitAlpha) && !(logitAlpha >= 0 && logitAlpha < 0.5)) {
      throw new IllegalArgumentException("logitAlpha must be in [0, 0.5) or NaN (no transform), got " + logitAlpha);
    }
  }

  /**
   * FFJORD's toy setting (Grathwohl et al. 2019, {@code train_toy.py} defaults): one block, ConcatSquash MLP
   * 64-64-64, tanh, exact trace, T = 0.5 (fixed: {@code train_T} is on there, but its code never trains the end
   * time, which stays 0.5), dopri5 with rtol = atol = 1e-5 forward and backward, adjoint gradients with error
   * control over the whole augmented state (torchdiffeq's default), no regularization, continuous data. These
   * are also conf/reference.conf's defaults (DefaultsAgreeTest).
   */
  public static CnfSpec ffjordToy(int dim) {
    return new CnfSpec(dim, new Architecture(new int[] {64, 64, 64}, Mlp.LayerType.CONCAT_SQUASH, Activation.TANH,
        1, 0.5, false), TraceEstimator.exact(), 0, 0, GradientSpec.of(GradientMethod.ADJOINT,
        SolverSpec.adaptive("dopri5", 1e-5, 1e-5)), Double.NaN);
  }

  /** A builder starting from {@link #ffjordToy(int)}. */
  public static Builder builder(int dim) {
    return ffjordToy(dim).toBuilder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether data are images in [0, 1] that get dequantized and logit-transformed. */
  public boolean images() {
    return !Double.isNaN(logitAlpha);
  }

  @Override
  public Cnf create() {
    return new Cnf(this);
  }

  /** The value of {@code properties().get("type")}. */
  public static final String TYPE = "cnf";

  @Override
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("type", TYPE);
    p.put("dim", Integer.toString(dim));
    p.put("hidden", Arrays.stream(architecture.hidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    p.put("layer_type", architecture.layerType.label());
    p.put("activation", architecture.activation.label());
    p.put("blocks", Integer.toString(architecture.blocks));
    p.put("time", Double.toString(architecture.time));
    p.put("train_time", Boolean.toString(architecture.trainTime));
    p.put("trace", trace.label());
    p.put("kinetic_weight", Double.toString(kineticWeight));
    p.put("jacobian_weight", Double.toString(jacobianWeight));
    p.put("logit_alpha", Double.toString(logitAlpha));
    gradient.putProperties(p);
    return p;
  }

  /**
   * The spec of a text form written by {@link #properties()}.
   *
   * @throws IllegalArgumentException naming a missing key, an invalid value or another type
   */
  public static CnfSpec fromProperties(Map<String, String> p) {
    if (!TYPE.equals(p.get("type"))) {
      throw new IllegalArgumentException("the spec is of type '" + p.get("type") + "', not " + TYPE);
    }
    String trainTime = GradientSpec.property(p, "train_time");
    if (!trainTime.equals("true") && !trainTime.equals("false")) {
      throw new IllegalArgumentException("train_time must be true or false, got '" + trainTime + "'");
    }
    int[] hidden = Arrays.stream(GradientSpec.property(p, "hidden").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    return new CnfSpec(Integer.parseInt(GradientSpec.property(p, "dim")), new Architecture(hidden,
        Mlp.LayerType.named(GradientSpec.property(p, "layer_type")),
        Activation.named(GradientSpec.property(p, "activation")),
        Integer.parseInt(GradientSpec.property(p, "blocks")), Double.parseDouble(GradientSpec.property(p, "time")),
        trainTime.equals("true")), TraceEstimator.named(GradientSpec.property(p, "trace")),
        Double.parseDouble(GradientSpec.property(p, "kinetic_weight")),
        Double.parseDouble(GradientSpec.property(p, "jacobian_weight")), GradientSpec.fromProperties(p),
        Double.parseDouble(GradientSpec.property(p, "logit_alpha")));
  }

  @Override
  public String toString() {
    return "CnfSpec[dim=" + dim + ", " + architecture + ", trace=" + trace.label() + ", kinetic=" + kineticWeight
        + ", jacobian=" + jacobianWeight + ", " + gradient + (images() ? ", images logit α=" + logitAlpha : "") + "]";
  }

  /** Collects the parts; {@link #build()} validates them. Mutable. */
  public static final class Builder {
    private int dim;
    private int[] hidden;
    private Mlp.LayerType layerType;
    private Activation activation;
    private int blocks;
    private double time;
    private boolean trainTime;
    private TraceEstimator trace;
    private double kineticWeight;
    private double jacobianWeight;
    private GradientSpec gradient;
    private double logitAlpha;

    private Builder(CnfSpec s) {
      dim = s.dim;
      architecture(s.architecture);
      trace = s.trace;
      kineticWeight = s.kineticWeight;
      jacobianWeight = s.jacobianWeight;
      gradient = s.gradient;
      logitAlpha = s.logitAlpha;
    }

    public Builder architecture(Architecture a) {
      hidden = a.hidden();
      layerType = a.layerType();
      activation = a.activation();
      blocks = a.blocks();
      time = a.time();
      trainTime = a.trainTime();
      return this;
    }

    public Builder hidden(int... widths) {
      hidden = widths.clone();
      return this;
    }

    public Builder layerType(Mlp.LayerType t) {
      layerType = t;
      return this;
    }

    public Builder activation(Activation a) {
      activation = a;
      return this;
    }

    public Builder blocks(int n) {
      blocks = n;
      return this;
    }

    /** Integration time T of each block, learned from that start when {@code learned}. */
    public Builder time(double t, boolean learned) {
      time = t;
      trainTime = learned;
      return this;
    }

    public Builder trace(TraceEstimator t) {
      trace = t;
      return this;
    }

    /** The kinetic-energy and Jacobian Frobenius regularizers' weights. */
    public Builder regularization(double kinetic, double jacobian) {
      kineticWeight = kinetic;
      jacobianWeight = jacobian;
      return this;
    }

    public Builder gradient(GradientSpec g) {
      gradient = g;
      return this;
    }

    public Builder gradient(GradientMethod m) {
      gradient = gradient.withMethod(m);
      return this;
    }

    /** The same method and tolerances forward and backward. */
    public Builder solver(SolverSpec s) {
      gradient = gradient.withForward(s).withBackward(s);
      return this;
    }

    /** Forward and backward tolerances alike. */
    public Builder tolerances(double rtol, double atol) {
      gradient = gradient.withForward(gradient.forward().withTolerances(rtol, atol))
          .withBackward(gradient.backward().withTolerances(rtol, atol));
      return this;
    }

    public Builder seminorm(boolean s) {
      gradient = gradient.withSeminorm(s);
      return this;
    }

    /** Image data in [0, 1]: dequantization and the logit transform with this α. */
    public Builder images(double alpha) {
      logitAlpha = alpha;
      return this;
    }

    public CnfSpec build() {
      return new CnfSpec(dim, new Architecture(hidden, layerType, activation, blocks, time, trainTime), trace,
          kineticWeight, jacobianWeight, gradient, logitAlpha);
    }
  }
}
