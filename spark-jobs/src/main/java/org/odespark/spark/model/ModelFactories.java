package org.odespark.spark.model;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.odespark.spark.config.DataConfig;
import org.odespark.spark.config.ModelConfig;
import org.odespark.text.EditDistance;

/** Looks up the {@link ModelFactory} of a {@code model.type} among those registered as services. */
public final class ModelFactories {

  /** The kinds odespark will provide; named in the error while their factories are not yet registered. */
  private static final List<String> PLANNED = List.of();

  private ModelFactories() {}

  /** Every registered factory, in class-path order. */
  public static List<ModelFactory> all() {
    return ServiceLoader.load(ModelFactory.class, classLoader()).stream().map(ServiceLoader.Provider::get).toList();
  }

  /**
   * Checks, before Spark starts, that the data section can feed a model of this kind: a classifier needs
   * labels (data.label_column for parquet and csv; libsvm and fashion-mnist bring theirs, toy data have
   * none), and Fashion-MNIST's ten classes need {@code model.classifier.classes} ≥ 10.
   *
   * @throws IllegalArgumentException naming the keys and values that do not fit
   */
  public static void checkData(ModelFactory factory, ModelConfig model, DataConfig data) {
    if (factory.kind() != ModelFactory.Kind.CLASSIFIER) {
      return;
    }
    String type = "model.type = " + model.type();
    switch (data.format()) {
      case TOY -> throw new IllegalArgumentException(type + " needs labelled data; data.format = toy has no labels"
          + " (use parquet or csv with data.label_column, libsvm or fashion-mnist)");
      case PARQUET, CSV -> {
        if (data.labelColumn().isEmpty()) {
          throw new IllegalArgumentException(type + " needs labelled data: set data.label_column (data.format = "
              + data.format().label() + ")");
        }
      }
      case FASHION_MNIST -> {
        if (model.classifier().classes() < 10) {
          throw new IllegalArgumentException("model.classifier.classes = " + model.classifier().classes()
              + ": data.format = fashion-mnist has 10 classes (set model.classifier.classes = 10)");
        }
      }
      default -> { }
    }
  }

  /**
   * The factory of {@code type}.
   *
   * @throws IllegalArgumentException naming the type, the closest registered one and all registered ones
   */
  public static ModelFactory named(String type) {
    List<String> names = new ArrayList<>();
    for (ModelFactory f : all()) {
      if (f.type().equals(type)) {
        return f;
      }
      names.add(f.type());
    }
    if (PLANNED.contains(type)) {
      throw new IllegalArgumentException("model.type = " + type + ": no ModelFactory for '" + type
          + "' is registered in this build yet (registered: " + (names.isEmpty() ? "none" : String.join(", ", names))
          + ")");
    }
    List<String> candidates = new ArrayList<>(names);
    candidates.addAll(PLANNED);
    throw new IllegalArgumentException("unknown model.type '" + type + "'" + EditDistance.suggestion(type, candidates)
        + "; registered: " + (names.isEmpty() ? "none" : String.join(", ", names)));
  }

  private static ClassLoader classLoader() {
    ClassLoader c = Thread.currentThread().getContextClassLoader();
    return c != null ? c : ModelFactories.class.getClassLoader();
  }
}
