package org.odespark.ode.tableau;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The built-in methods by name: the names used in configuration files and on the command line. */
public final class RungeKuttaMethods {

  /** The default method: Dormand–Prince 5(4). */
  public static final String DEFAULT = "dopri5";

  private static final Map<String, ButcherTableau> METHODS = new LinkedHashMap<>();

  static {
    for (ButcherTableau t : List.of(Euler.TABLEAU, Midpoint.TABLEAU, Rk4.TABLEAU, Rk38.TABLEAU,
        Bosh3.TABLEAU, Dopri5.TABLEAU, Tsit5.TABLEAU, Dopri8.TABLEAU, Kvaerno5.TABLEAU)) {
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
          + (name == null ? "" : suggestion(name.toLowerCase(Locale.ROOT).trim()))
          + "; valid methods: " + String.join(", ", METHODS.keySet()));
    }
    return t;
  }

  /**
   * " (did you mean 'x'?)" for the method whose name is fewest single-character edits (Levenshtein) away,
   * when that is at most max(2, half the name's length); "" otherwise. Kept here so that {@code ode} depends
   * on nothing else in odespark.
   */
  private static String suggestion(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : METHODS.keySet()) {
      int[] previous = new int[candidate.length() + 1];
      int[] current = new int[candidate.length() + 1];
      for (int j = 0; j <= candidate.length(); j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= name.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= candidate.length(); j++) {
          int substitution = previous[j - 1] + (name.charAt(i - 1) == candidate.charAt(j - 1) ? 0 : 1);
          current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      if (previous[candidate.length()] < bestDistance) {
        bestDistance = previous[candidate.length()];
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 2) ? " (did you mean '" + best + "'?)" : "";
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
