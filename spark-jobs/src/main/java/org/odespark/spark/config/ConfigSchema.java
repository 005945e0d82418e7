package org.odespark.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odespark.text.EditDistance;

/**
 * Every configuration key, read from reference.conf: its path, one-line documentation, {@link ValueSpec} and
 * default; and every section with its documentation. reference.conf is the only declaration: the comment
 * lines above a key are its documentation, the line {@code valid: SPEC} its type and range. Immutable.
 */
public final class ConfigSchema {

  /** Where the jar carries conf/reference.conf. */
  public static final String RESOURCE = "/odespark/reference.conf";

  /** One key. */
  public record Key(String path, String doc, ValueSpec spec, ConfigValue defaultValue) {
    /** The default rendered as HOCON/JSON ("toy", 100, [64,64]). */
    public String defaultText() {
      return defaultValue.render(ConfigRenderOptions.concise());
    }
  }

  /** One section (an object of keys) with its documentation. */
  public record Section(String path, String doc) {}

  private static ConfigSchema defaultSchema;

  private final Config reference;
  private final Map<String, Key> keys;
  private final Map<String, Section> sections;

  private ConfigSchema(Config reference, Map<String, Key> keys, Map<String, Section> sections) {
    this.reference = reference;
    this.keys = Collections.unmodifiableMap(keys);
    this.sections = Collections.unmodifiableMap(sections);
  }

  /** The schema of the reference.conf inside the application jar. */
  public static synchronized ConfigSchema load() {
    if (defaultSchema == null) {
      Config c = ConfigFactory.parseResources(ConfigSchema.class, RESOURCE,
          ConfigParseOptions.defaults().setAllowMissing(false));
      defaultSchema = parse(c);
    }
    return defaultSchema;
  }

  /**
   * Reads a reference configuration.
   *
   * @throws IllegalStateException naming the key whose declaration is incomplete or whose default is invalid
   */
  public static ConfigSchema parse(Config reference) {
    Map<String, Key> keys = new LinkedHashMap<>();
    Map<String, Section> sections = new LinkedHashMap<>();
    walk(reference.root(), "", keys, sections);
    return new ConfigSchema(reference, keys, sections);
  }

  private static void walk(ConfigObject object, String prefix, Map<String, Key> keys, Map<String, Section> sections) {
    List<String> names = new ArrayList<>(object.keySet());
    // Keep the file's order (line numbers), which is the order of the reference page.
    names.sort((a, b) -> Integer.compare(object.get(a).origin().lineNumber(), object.get(b).origin().lineNumber()));
    for (String name : names) {
      ConfigValue v = object.get(name);
      String path = prefix.isEmpty() ? ConfigUtil.joinPath(name) : prefix + "." + ConfigUtil.joinPath(name);
      List<String> doc = new ArrayList<>();
      String spec = null;
      for (String line : v.origin().comments()) {
        String t = line.trim();
        if (t.startsWith("valid:")) {
          spec = t.substring("valid:".length()).trim();
        } else if (!t.isEmpty()) {
          doc.add(t);
        }
      }
      if (v.valueType() == ConfigValueType.OBJECT && spec == null) {
        sections.put(path, new Section(path, String.join(" ", doc)));
        walk((ConfigObject) v, path, keys, sections);
        continue;
      }
      if (spec == null || doc.isEmpty()) {
        throw new IllegalStateException("reference.conf line " + v.origin().lineNumber() + ": key '" + path
            + "' needs a documentation line and a 'valid:' line");
      }
      ValueSpec valueSpec = ValueSpec.parse(spec);
      String problem = valueSpec.check(v);
      if (problem != null) {
        throw new IllegalStateException("reference.conf: the default of '" + path + "' " + problem);
      }
      keys.put(path, new Key(path, String.join(" ", doc), valueSpec, v));
    }
  }

  /** The reference configuration itself (every default). */
  public Config reference() {
    return reference;
  }

  /** Every key in file order. */
  public Map<String, Key> keys() {
    return keys;
  }

  /** Every section in file order. */
  public Map<String, Section> sections() {
    return sections;
  }

  public Key key(String path) {
    return keys.get(path);
  }

  public boolean isSection(String path) {
    return sections.containsKey(path);
  }

  /** The map-typed key that {@code path} lies under ("spark.properties" for "spark.properties.x"), or null. */
  public Key mapKeyAbove(String path) {
    for (Key k : keys.values()) {
      if (k.spec().type() == ValueSpec.Type.STRING_MAP && path.startsWith(k.path() + ".")) {
        return k;
      }
    }
    return null;
  }

  /** " (did you mean 'x'?)" for the declared key or section closest to {@code path}, or "". */
  public String suggestion(String path) {
    List<String> candidates = new ArrayList<>(keys.keySet());
    candidates.addAll(sections.keySet());
    String best = EditDistance.closest(path, candidates);
    if (best == null) {
      // A key put in the wrong section: the same name elsewhere.
      String last = path.substring(path.lastIndexOf('.') + 1);
      for (String k : keys.keySet()) {
        if (k.substring(k.lastIndexOf('.') + 1).equals(last)) {
          best = k;
          break;
        }
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }
}
