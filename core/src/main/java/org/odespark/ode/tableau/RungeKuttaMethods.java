package org.odespark.ode.tableau;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.odespark.ode.ButcherTableau;
import org.odespark.text.EditDistance;

/** The built-in methods by name: the names used in configuration files and on the command line. */
public final class RungeKuttaMethods {

  /** The default method: Dormand–Prince 5(4). */
  public static final String DEFAULT = "dopri5";

  private static final Map<String, ButcherTableau> METHODS = new LinkedHashMap<>();

  static {
    for (ButcherTableau t : List.of(Euler.TABLEAU, Midpoint.TABLEAU, Rk4.TABLEAU, Rk38.TABLEAU,
        Bosh3.TABLEAU, Dopri5.TABLEAU, Tsit5.TABLEAU, Dopri8.TABLEAU)) {
      METHODS.put(t.name(), t);
    }
  }

  private RungeKuttaMethods() {}

  /**
   * The method called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the valid methods and the closest one
   */
  public static ButcherTableau named(String name) {
    ButcherTableau t = name == null ? null : METHODS.get(name.toLowerCase(Locale.ROOT).trim());
    if (t == null) {
      throw new IllegalArgumentException("unknown ODE method '" + name + "'"
          + (name == null ? "" : EditDistance.suggestion(name, METHODS.keySet()))
          + "; valid methods: " + String.join(", ", METHODS.keySet()));
    }
    return t;
  }

  /** All method names, fixed-step first. */
  public static List<String> names() {
    return List.copyOf(METHODS.keySet());
  }

  /** Names of the methods with an embedded error estimate. */
  public static List<String> adaptiveNames() {
    return METHODS.values().stream().filter(ButcherTableau::isAdaptive).map(ButcherTableau::name).toList();
  }
}
