package org.odespark.spark.model;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.odespark.text.EditDistance;

/** Looks up the {@link ModelFactory} of a {@code model.type} among those registered as services. */
public final class ModelFactories {

  /** The kinds odespark will provide; named in the error while their factories are not yet registered. */
  private static final List<String> PLANNED = List.of("odenet-classifier");

  private ModelFactories() {}

  /** Every registered factory, in class-path order. */
  public static List<ModelFactory> all() {
    List<ModelFactory> out = new ArrayList<>();
    ServiceLoader.load(ModelFactory.class, classLoader()).forEach(out::add);
    return out;
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
