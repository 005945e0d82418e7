package org.odespark.check;

import java.util.Arrays;

/** Argument checks that throw {@link IllegalArgumentException} naming the argument and its value. Stateless. */
public final class Checks {

  private Checks() {}

  /** "{@code name} must be >= {@code min}, got {@code value}" unless value ≥ min. */
  public static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }

  /** "{@code name} must be > 0 and finite, got {@code value}" unless it is. */
  public static void positiveFinite(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0 and finite, got " + value);
    }
  }

  /** "{@code name} must be >= 0 and finite, got {@code value}" unless it is. */
  public static void nonNegativeFinite(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + value);
    }
  }

  /** A copy of the hidden widths {@code w} (none for one layer), each ≥ 1. */
  public static int[] widths(String name, int[] w) {
    if (w == null) {
      throw new IllegalArgumentException(name + " must not be null (use an empty array for one layer)");
    }
    for (int i = 0; i < w.length; i++) {
      if (w[i] < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, got " + w[i] + " at position " + i + " of "
            + Arrays.toString(w));
      }
    }
    return w.clone();
  }
}
