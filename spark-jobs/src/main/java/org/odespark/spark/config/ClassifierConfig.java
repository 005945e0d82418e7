package org.odespark.spark.config;

import java.io.Serializable;

/**
 * {@code model.classifier.*}: the ODE-Net classifier (Chen et al., NeurIPS 2018). Immutable.
 *
 * @param hidden width h of the ODE block's state, ≥ 1
 * @param augment extra zero state dimensions (augmented neural ODE), ≥ 0
 * @param classes number of classes, ≥ 2
 * @param activation activation of the vector field (org.odespark.nn.Activation label)
 * @param time integration time, &gt; 0
 * @param gradient "adjoint", "backprop" or "checkpoint"
 */
public record ClassifierConfig(int hidden, int augment, int classes, String activation, double time,
                               String gradient) implements Serializable {}
