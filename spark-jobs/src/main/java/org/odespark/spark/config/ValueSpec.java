package org.odespark.spark.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odespark.text.EditDistance;

/**
 * The type and valid range of one configuration key, parsed from its {@code valid:} line in
 * reference.conf (grammar in that file's header): {@code int in [a, b]}, {@code long in [a, b]},
 * {@code double in (a, b]}, {@code boolean}, {@code string}, {@code one of: x, y}, {@code list of int in
 * [a, b]}, {@code list of string}, {@code map of string}. Immutable.
 *
 * @param type the value type
 * @param text the spec as written in reference.conf
 * @param low the lower bound of a number or list of numbers
 * @param lowOpen whether the lower bound is excluded
 * @param high the upper bound
 * @param highOpen whether the upper bound is excluded
 * @param choices the valid choices of a {@code one of} key (empty otherwise)
 */
public record ValueSpec(Type type, String text, double low, boolean lowOpen, double high, boolean highOpen,
                        List<String> choices) {

  /** The value types a key can have. */
  public enum Type { INT, LONG, DOUBLE, BOOLEAN, STRING, ONE_OF, INT_LIST, STRING_LIST, STRING_MAP }

  private static final Pattern RANGE = Pattern.compile(
      "(list of )?(int|long|double) in ([\\[(])\\s*([^,\\s]+)\\s*,\\s*([^\\]\\s)]+)\\s*([\\])])");

  /**
   * Parses a {@code valid:} spec.
   *
   * @throws IllegalArgumentException if the text follows none of the forms
   */
  public static ValueSpec parse(String spec) {
    String s = spec.trim();
    Type plain = switch (s) {
      case "boolean" -> Type.BOOLEAN;
      case "string" -> Type.STRING;
      case "list of string" -> Type.STRING_LIST;
      case "map of string" -> Type.STRING_MAP;
      default -> null;
    };
    if (plain != null) {
      return new ValueSpec(plain, s, 0, false, 0, false, List.of());
    }
    if (s.startsWith("one of:")) {
      List<String> choices = new ArrayList<>();
      for (String c : s.substring("one of:".length()).split(",")) {
        if (!c.isBlank()) {
          choices.add(c.trim());
        }
      }
      if (choices.isEmpty()) {
        throw new IllegalArgumentException("'one of:' lists no choices: " + spec);
      }
      return new ValueSpec(Type.ONE_OF, s, 0, false, 0, false, List.copyOf(choices));
    }
    Matcher m = RANGE.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("unrecognized value spec '" + spec + "'");
    }
    boolean list = m.group(1) != null;
    Type type = switch (m.group(2)) {
      case "int" -> list ? Type.INT_LIST : Type.INT;
      case "long" -> Type.LONG;
      default -> Type.DOUBLE;
    };
    if (list && !m.group(2).equals("int")) {
      throw new IllegalArgumentException("only lists of int or string are supported: " + spec);
    }
    return new ValueSpec(type, s, bound(m.group(4)), m.group(3).equals("("), bound(m.group(5)),
        m.group(6).equals(")"), List.of());
  }

  private static double bound(String b) {
    return switch (b) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(b);
    };
  }

  /** What a valid value looks like, for error messages: "an integer in [1, 100]". */
  public String describe() {
    return switch (type) {
      case INT -> "an integer in " + interval();
      case LONG -> "a (long) integer in " + interval();
      case DOUBLE -> "a number in " + interval();
      case BOOLEAN -> "true or false";
      case STRING -> "a string";
      case ONE_OF -> "one of " + String.join(", ", choices);
      case INT_LIST -> "a list of integers in " + interval();
      case STRING_LIST -> "a list of strings";
      case STRING_MAP -> "an object whose values are strings";
    };
  }

  private String interval() {
    return (lowOpen ? "(" : "[") + fmt(low) + ", " + fmt(high) + (highOpen ? ")" : "]");
  }

  private static String fmt(double b) {
    if (Double.isInfinite(b)) {
      return b > 0 ? "inf" : "-inf";
    }
    return b == Math.rint(b) && Math.abs(b) < 1e15 ? Long.toString((long) b) : Double.toString(b);
  }

  /**
   * Checks a value; returns null when it is valid, otherwise what is wrong ("must be an integer in [1, 10]",
   * with a suggestion for a near miss of a {@code one of} key).
   */
  public String check(ConfigValue value) {
    String invalid = "must be " + describe();
    return switch (type) {
      case INT, LONG, DOUBLE -> checkNumber(value) ? null : invalid;
      case BOOLEAN -> value.unwrapped() instanceof Boolean || "true".equals(value.unwrapped())
          || "false".equals(value.unwrapped()) ? null : invalid;
      case STRING -> isScalar(value) ? null : invalid;
      case ONE_OF -> !isScalar(value) ? invalid : choices.contains(String.valueOf(value.unwrapped())) ? null
          : invalid + EditDistance.suggestion(String.valueOf(value.unwrapped()).toLowerCase(Locale.ROOT), choices);
      case INT_LIST, STRING_LIST -> {
        if (value.valueType() != ConfigValueType.LIST) {
          yield invalid;
        }
        for (ConfigValue element : (ConfigList) value) {
          String problem = type == Type.INT_LIST ? (checkNumber(element) ? null : invalid)
              : isScalar(element) ? null : "not a string";
          if (problem != null) {
            yield invalid + " (element " + element.render() + " " + problem + ")";
          }
        }
        yield null;
      }
      case STRING_MAP -> {
        if (value.valueType() != ConfigValueType.OBJECT) {
          yield invalid;
        }
        for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
          if (!isScalar(e.getValue())) {
            yield invalid + " (entry '" + e.getKey() + "' is not a string)";
          }
        }
        yield null;
      }
    };
  }

  /** Whether {@code value} is a number (or a text of one) of this type within the bounds. */
  private boolean checkNumber(ConfigValue value) {
    double x;
    Object u = value.unwrapped();
    if (u instanceof Number n) {
      x = n.doubleValue();
      if (u instanceof Long l && (type == Type.INT || type == Type.INT_LIST) && (l > Integer.MAX_VALUE
          || l < Integer.MIN_VALUE)) {
        return false;
      }
    } else if (u instanceof String str) {
      try {
        x = Double.parseDouble(str.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    } else {
      return false;
    }
    boolean aboveLow = lowOpen ? x > low : x >= low;
    boolean belowHigh = highOpen ? x < high : x <= high;
    return Double.isFinite(x) && (type == Type.DOUBLE || x == Math.rint(x)) && aboveLow && belowHigh;
  }

  private static boolean isScalar(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING || v.valueType() == ConfigValueType.NUMBER
        || v.valueType() == ConfigValueType.BOOLEAN;
  }

  @Override
  public String toString() {
    return text;
  }
}
