package org.odespark.spark.config;

import java.io.Serializable;
import java.util.List;

/**
 * {@code model.cnf.*}: a continuous normalizing flow of {@code blocks} CNF blocks, each an MLP vector field
 * (Grathwohl et al., FFJORD, ICLR 2019). Validated ranges as in reference.conf. Immutable.
 *
 * @param blocks number of stacked CNF blocks, ≥ 1
 * @param layerType "linear", "concat" or "concatsquash" (org.odespark.nn.Mlp.LayerType labels)
 * @param hidden hidden widths, each ≥ 1
 * @param activation "tanh", "softplus", "sigmoid", "elu" or "swish" (org.odespark.nn.Activation labels)
 * @param trace "exact" or "hutchinson"
 * @param noise Hutchinson probe distribution: "gaussian" or "rademacher"
 * @param time integration time T of each block, &gt; 0
 * @param trainTime whether T is learned (FFJORD's train_T)
 * @param kineticWeight weight of the kinetic-energy regularizer, ≥ 0
 * @param jacobianWeight weight of the Jacobian Frobenius regularizer, ≥ 0
 * @param gradient "adjoint", "backprop" or "checkpoint"
 * @param images whether the data are images in [0, 1] to dequantize and logit-transform
 * @param logitAlpha α of the logit transform, in (0, 0.5)
 */
public record CnfConfig(int blocks, String layerType, List<Integer> hidden, String activation, String trace,
                        String noise, double time, boolean trainTime, double kineticWeight, double jacobianWeight,
                        String gradient, boolean images, double logitAlpha)
    implements Serializable {

  public CnfConfig {
    hidden = List.copyOf(hidden);
  }

  /** A copy with {@code trace} replaced (scoring a Hutchinson-trained flow exactly). */
  public CnfConfig withTrace(String t) {
    return new CnfConfig(blocks, layerType, hidden, activation, t, noise, time, trainTime, kineticWeight,
        jacobianWeight, gradient, images, logitAlpha);
  }

  @Override
  public String toString() {
    return "CnfConfig[blocks=" + blocks + ", " + layerType + " " + hidden + " "
        + activation + ", trace=" + trace + "/" + noise + ", T=" + time + (trainTime ? " (learned)" : "")
        + ", kinetic=" + kineticWeight + ", jacobian=" + jacobianWeight + ", " + gradient
        + (images ? ", images (logit alpha " + logitAlpha + ")" : "") + "]";
  }
}
