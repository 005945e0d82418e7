package org.odespark.spark.config;

import java.io.Serializable;

/**
 * The {@code model} section: the model kind and the settings of each kind, plus the shared {@code solver}
 * section. A {@link org.odespark.spark.model.ModelFactory} reads the part its kind uses. Immutable.
 *
 * @param type {@code model.type}: "cnf", "odenet-classifier" or another registered factory's name
 * @param cnf {@code model.cnf.*}
 * @param classifier {@code model.classifier.*}
 * @param latent {@code model.latent.*}
 * @param solver {@code solver.*}
 */
public record ModelConfig(String type, CnfConfig cnf, ClassifierConfig classifier, LatentConfig latent,
                          SolverConfig solver)
    implements Serializable {}
