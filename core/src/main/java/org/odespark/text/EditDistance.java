package org.odespark.text;

import java.util.Collection;

/**
 * Levenshtein distance, for "did you mean" suggestions on mistyped names (methods, configuration keys,
 * activation functions).
 */
public final class EditDistance {

  private EditDistance() {}

  /** Minimum number of single-character insertions, deletions and substitutions turning a into b. */
  public static int between(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The candidate closest to {@code name} (case-insensitive), or null when none is within half the
   * length of the name (a suggestion that far off would mislead).
   */
  public static String closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (String c : candidates) {
      int d = between(lower, c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 2) ? best : null;
  }

  /** " (did you mean 'x'?)" or "" when nothing is close. */
  public static String suggestion(String name, Collection<String> candidates) {
    String c = closest(name, candidates);
    return c == null ? "" : " (did you mean '" + c + "'?)";
  }
}
