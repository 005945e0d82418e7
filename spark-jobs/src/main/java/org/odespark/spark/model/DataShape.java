package org.odespark.spark.model;

import java.io.Serializable;
import java.util.List;

/**
 * What a model factory learns about the data before building a model: the number of features, whether rows
 * carry labels (classifiers need them) and the feature names. Immutable.
 *
 * @param dimension features per row, ≥ 1
 * @param labelled whether rows carry integer labels
 * @param featureNames column names, empty or one per feature
 */
public record DataShape(int dimension, boolean labelled, List<String> featureNames) implements Serializable {
  public DataShape {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    featureNames = List.copyOf(featureNames);
  }
}
