package org.odespark.classify;

import java.util.Arrays;
import java.util.Objects;
import org.odespark.check.Checks;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Objective;

/**
 * The serializable description of a {@link ResNetClassifier}, the discrete baseline of the ODE-Net:
 * <pre>
 *   z₀ = Linear(inputDim → width)(x),   z_{l+1} = z_l + g_l(z_l, t_l),  t_l = l / blocks,  l = 0 … blocks−1,
 *   logits = Linear(width → classes)(z_blocks),   loss = softmax cross-entropy,
 * </pre>
 * each g_l an {@link Mlp} width → blockHidden… → width of the given layer type and activation (the times
 * t_l matter only for time-dependent layer types; they are the points where Euler's method on [0, 1]
 * would evaluate). With {@code sharedWeights} every step uses the same g (so the stack is Euler's method
 * with step 1 on a field of the ODE-Net's shape); without, each step has its own parameters, as the ResNet
 * of He et al. and of Chen et al.'s comparison (0.60M parameters against the ODE-Net's 0.22M).
 *
 * <p>Defaults ({@link #defaults}): width 64, 6 blocks (Chen et al.'s MNIST ResNet), blockHidden [64],
 * {@code linear} layers, {@code tanh}, separate weights per block. Immutable; validated on construction.
 *
 * @param inputDim features per example, ≥ 1
 * @param classes number of classes, ≥ 2
 * @param width width of the residual state, ≥ 1
 * @param blocks number of residual steps L, ≥ 1
 * @param blockHidden hidden widths of each g_l, each ≥ 1 (may be empty); copied
 * @param layerType layer type of each g_l
 * @param activation activation of each g_l
 * @param sharedWeights whether all steps share one g
 */
public record ResNetSpec(int inputDim, int classes, int width, int blocks, int[] blockHidden,
                         Mlp.LayerType layerType, Activation activation, boolean sharedWeights)
    implements Objective.Spec {

  private static final long serialVersionUID = 1L;

  public ResNetSpec {
    Checks.atLeast("inputDim", inputDim, 1);
    Checks.atLeast("classes", classes, 2);
    Checks.atLeast("width", width, 1);
    Checks.atLeast("blocks", blocks, 1);
    blockHidden = Checks.widths("hidden widths", blockHidden);
    Objects.requireNonNull(layerType, "layerType");
    Objects.requireNonNull(activation, "activation");
  }

  /** The documented defaults for {@code inputDim} features and {@code classes} classes. */
  public static ResNetSpec defaults(int inputDim, int classes) {
    return new ResNetSpec(inputDim, classes, 64, 6, new int[] {64}, Mlp.LayerType.LINEAR, Activation.TANH, false);
  }

  @Override
  public ResNetClassifier create() {
    return new ResNetClassifier(this);
  }

  @Override
  public int[] blockHidden() {
    return blockHidden.clone();
  }

  public ResNetSpec withWidth(int w) {
    return new ResNetSpec(inputDim, classes, w, blocks, blockHidden, layerType, activation, sharedWeights);
  }

  public ResNetSpec withBlocks(int l) {
    return new ResNetSpec(inputDim, classes, width, l, blockHidden, layerType, activation, sharedWeights);
  }

  public ResNetSpec withBlockHidden(int... hidden) {
    return new ResNetSpec(inputDim, classes, width, blocks, hidden, layerType, activation, sharedWeights);
  }

  public ResNetSpec withLayerType(Mlp.LayerType t) {
    return new ResNetSpec(inputDim, classes, width, blocks, blockHidden, t, activation, sharedWeights);
  }

  public ResNetSpec withActivation(Activation a) {
    return new ResNetSpec(inputDim, classes, width, blocks, blockHidden, layerType, a, sharedWeights);
  }

  public ResNetSpec withSharedWeights(boolean shared) {
    return new ResNetSpec(inputDim, classes, width, blocks, blockHidden, layerType, activation, shared);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResNetSpec s && inputDim == s.inputDim && classes == s.classes && width == s.width
        && blocks == s.blocks && Arrays.equals(blockHidden, s.blockHidden) && layerType == s.layerType
        && activation == s.activation && sharedWeights == s.sharedWeights;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputDim, classes, width, blocks, Arrays.hashCode(blockHidden), layerType, activation,
        sharedWeights);
  }

  @Override
  public String toString() {
    return "ResNetSpec[" + inputDim + " → " + width + " → " + classes + ", " + blocks + " blocks "
        + Arrays.toString(blockHidden) + " " + layerType.label() + " " + activation.label()
        + (sharedWeights ? ", shared weights" : "") + "]";
  }
}
