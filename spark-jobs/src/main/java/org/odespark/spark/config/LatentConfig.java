package org.odespark.spark.config;

import java.io.Serializable;
import java.util.List;

/**
 * {@code model.latent.*}: the latent ODE and its baselines ({@link org.odespark.latent.LatentOdeSpec}), with
 * the labels of that class's enums and of {@link org.odespark.nn.Activation}. Immutable.
 *
 * @param kind latent-ode, rnn or ode-rnn
 * @param encoder rnn or ode-rnn
 * @param latentDim latent dimension
 * @param hidden GRU units
 * @param fieldHidden hidden widths of the ODE vector fields
 * @param decoderHidden hidden widths of the decoder / read-out
 * @param activation activation of every MLP
 * @param noiseStd observation noise σ
 * @param learnNoise whether σ is learned
 * @param klWeight weight of the KL term
 * @param gradient adjoint, backprop or checkpoint
 */
public record LatentConfig(String kind, String encoder, int latentDim, int hidden, List<Integer> fieldHidden,
                           List<Integer> decoderHidden, String activation, double noiseStd, boolean learnNoise,
                           double klWeight, String gradient) implements Serializable {

  public LatentConfig {
    fieldHidden = List.copyOf(fieldHidden);
    decoderHidden = List.copyOf(decoderHidden);
  }
}
