package org.odespark.classify;

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
 * The serializable description of an {@link OdeNetClassifier}:
 * <pre>
 *   h₀ = Linear(inputDim → width)(x),   z(0) = [h₀, 0_augment],   dz/dt = f(z, t, θ) on [0, endTime],
 *   logits = Linear(width + augment → classes)(z(endTime)),   loss = softmax cross-entropy.
 * </pre>
 * f is an {@link Mlp} of width + augment inputs and outputs with hidden widths {@code fieldHidden}, layer
 * type {@code layerType} and activation {@code activation}. Augmented dimensions (ANODE: Dupont, Doucet, Teh,
 * "Augmented Neural ODEs", NeurIPS 2019) start at zero and give the flow room to move classes past each
 * other, which a homeomorphism of the original space cannot.
 *
 * <p>Defaults ({@link #defaults}): width 64, augment 0, fieldHidden [64], {@code concat} layers (t appended
 * to every layer's input, as in Chen et al.), {@code tanh}, endTime 1, {@code adjoint} gradients, forward and
 * backward dopri5 at rtol = atol = 1e-5. Immutable; the compact constructor validates every component.
 *
 * @param inputDim features per example, ≥ 1
 * @param classes number of classes, ≥ 2
 * @param width width of the input projection h₀, ≥ 1
 * @param augment zero dimensions appended to h₀, ≥ 0
 * @param fieldHidden hidden widths of the vector field's MLP, each ≥ 1 (may be empty: one layer); copied
 * @param layerType layer type of the vector field
 * @param activation activation of the vector field
 * @param endTime the block integrates from 0 to endTime, &gt; 0 and finite
 * @param gradient how the block is solved and differentiated (its forward solver also serves {@code evaluate})
 */
public record OdeNetSpec(int inputDim, int classes, int width, int augment, int[] fieldHidden,
                         Mlp.LayerType layerType, Activation activation, double endTime, GradientSpec gradient)
    implements Objective.Spec {

  private static final long serialVersionUID = 1L;

  public OdeNetSpec {
    Checks.atLeast("inputDim", inputDim, 1);
    Checks.atLeast("classes", classes, 2);
    Checks.atLeast("width", width, 1);
    Checks.atLeast("augment", augment, 0);
    fieldHidden = Checks.widths("hidden widths", fieldHidden);
    Objects.requireNonNull(layerType, "layerType");
    Objects.requireNonNull(activation, "activation");
    Checks.positiveFinite("endTime", endTime);
    Objects.requireNonNull(gradient, "gradient");
  }

  /** The documented defaults for a problem of {@code inputDim} features and {@code classes} classes. */
  public static OdeNetSpec defaults(int inputDim, int classes) {
    return new OdeNetSpec(inputDim, classes, 64, 0, new int[] {64}, Mlp.LayerType.CONCAT, Activation.TANH, 1.0,
        GradientSpec.of(GradientMethod.ADJOINT, SolverSpec.defaults()));
  }

  @Override
  public OdeNetClassifier create() {
    return new OdeNetClassifier(this);
  }

  /** The value of {@code properties().get("type")}. */
  public static final String TYPE = "odenet";

  @Override
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("type", TYPE);
    p.put("input_dim", Integer.toString(inputDim));
    p.put("classes", Integer.toString(classes));
    p.put("width", Integer.toString(width));
    p.put("augment", Integer.toString(augment));
    p.put("field_hidden", Arrays.stream(fieldHidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    p.put("layer_type", layerType.label());
    p.put("activation", activation.label());
    p.put("end_time", Double.toString(endTime));
    gradient.putProperties(p);
    return p;
  }

  /**
   * The spec of a text form written by {@link #properties()}.
   *
   * @throws IllegalArgumentException naming a missing key, an invalid value or another type
   */
  public static OdeNetSpec fromProperties(Map<String, String> p) {
    if (!TYPE.equals(p.get("type"))) {
      throw new IllegalArgumentException("the spec is of type '" + p.get("type") + "', not " + TYPE);
    }
    String hidden = GradientSpec.property(p, "field_hidden");
    return new OdeNetSpec(Integer.parseInt(GradientSpec.property(p, "input_dim")),
        Integer.parseInt(GradientSpec.property(p, "classes")), Integer.parseInt(GradientSpec.property(p, "width")),
        Integer.parseInt(GradientSpec.property(p, "augment")),
        hidden.isEmpty() ? new int[0] : Arrays.stream(hidden.split(",")).mapToInt(Integer::parseInt).toArray(),
        Mlp.LayerType.named(GradientSpec.property(p, "layer_type")),
        Activation.named(GradientSpec.property(p, "activation")),
        Double.parseDouble(GradientSpec.property(p, "end_time")), GradientSpec.fromProperties(p));
  }

  /** Dimension of the ODE state per example: width + augment. */
  public int stateDim() {
    return width + augment;
  }

  /** A copy of the hidden widths. */
  @Override
  public int[] fieldHidden() {
    return fieldHidden.clone();
  }

  public OdeNetSpec withWidth(int w) {
    return new OdeNetSpec(inputDim, classes, w, augment, fieldHidden, layerType, activation, endTime, gradient);
  }

  public OdeNetSpec withAugment(int a) {
    return new OdeNetSpec(inputDim, classes, width, a, fieldHidden, layerType, activation, endTime, gradient);
  }

  public OdeNetSpec withFieldHidden(int... hidden) {
    return new OdeNetSpec(inputDim, classes, width, augment, hidden, layerType, activation, endTime, gradient);
  }

  public OdeNetSpec withLayerType(Mlp.LayerType t) {
    return new OdeNetSpec(inputDim, classes, width, augment, fieldHidden, t, activation, endTime, gradient);
  }

  public OdeNetSpec withActivation(Activation a) {
    return new OdeNetSpec(inputDim, classes, width, augment, fieldHidden, layerType, a, endTime, gradient);
  }

  public OdeNetSpec withEndTime(double t) {
    return new OdeNetSpec(inputDim, classes, width, augment, fieldHidden, layerType, activation, t, gradient);
  }

  public OdeNetSpec withGradient(GradientSpec g) {
    return new OdeNetSpec(inputDim, classes, width, augment, fieldHidden, layerType, activation, endTime, g);
  }

  public OdeNetSpec withGradient(GradientMethod m) {
    return withGradient(gradient.withMethod(m));
  }

  /** The same spec with {@code s} as both the forward and the backward solver. */
  public OdeNetSpec withSolver(SolverSpec s) {
    return withGradient(gradient.withForward(s).withBackward(s));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OdeNetSpec s && inputDim == s.inputDim && classes == s.classes && width == s.width
        && augment == s.augment && Arrays.equals(fieldHidden, s.fieldHidden) && layerType == s.layerType
        && activation == s.activation && Double.compare(endTime, s.endTime) == 0 && gradient.equals(s.gradient);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputDim, classes, width, augment, Arrays.hashCode(fieldHidden), layerType, activation,
        endTime, gradient);
  }

  @Override
  public String toString() {
    return "OdeNetSpec[" + inputDim + " → " + width + (augment > 0 ? " (+" + augment + " augmented)" : "")
        + " → " + classes + ", field " + Arrays.toString(fieldHidden) + " " + layerType.label() + " "
        + activation.label() + ", t ∈ [0, " + endTime + "], " + gradient + "]";
  }
}
