package org.odespark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of core as docs/architecture.md states it, checked by scanning the sources' imports and fully
 * qualified references: which odespark packages each package may use, that these rules form no cycle, no
 * Spark, Hadoop or configuration library anywhere in core, and a package-info.java in every package.
 */
class PackageDependencyTest {

  /**
   * For each package (relative to org.odespark), the odespark packages it may use besides itself. Leaves
   * first: the numerical rooms {@code ode} and {@code nn} use nothing of ours but their subpackage and the
   * BLAS facade; the model rooms see the solver rooms and the two leaf contracts ({@code objective}: what
   * a model computes for a batch; {@code random}: seeded streams); the loop ({@code train}) sees models only
   * through {@code objective}.
   */
  static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("check", Set.of()),
      Map.entry("text", Set.of()),
      Map.entry("linalg", Set.of()),
      Map.entry("random", Set.of()),
      Map.entry("objective", Set.of("check")),
      Map.entry("optim", Set.of("check")),
      Map.entry("plot", Set.of()),
      Map.entry("ode.tableau", Set.of()),
      Map.entry("ode", Set.of("ode.tableau")),
      Map.entry("nn", Set.of("linalg")),
      Map.entry("adjoint", Set.of("check", "nn", "ode", "ode.tableau")),
      Map.entry("flow", Set.of("adjoint", "check", "nn", "objective", "ode", "random")),
      Map.entry("classify", Set.of("adjoint", "check", "nn", "objective", "ode", "random")),
      Map.entry("data", Set.of("check", "objective", "random", "text")),
      Map.entry("train", Set.of("check", "objective", "optim", "random")),
      Map.entry("latent", Set.of("adjoint", "check", "nn", "objective", "ode", "random")),
      Map.entry("io", Set.of("check", "optim")),
      Map.entry("examples", Set.of("adjoint", "classify", "data", "flow", "io", "linalg", "nn", "objective",
          "ode", "ode.tableau", "optim", "plot", "random", "text", "train")));

  private static final Path ROOT = Path.of("src/main/java/org/odespark");
  private static final Pattern REFERENCE = Pattern.compile("org\\.odespark\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
  private static final Pattern FORBIDDEN = Pattern.compile("(org\\.apache\\.(spark|hadoop)|com\\.typesafe|scala\\.)");

  @Test
  void packagesUseOnlyTheirAllowedDependencies() throws IOException {
    Map<String, Map<String, String>> sources = new TreeMap<>();
    for (Map.Entry<String, List<Path>> e : sourcesByPackage().entrySet()) {
      Map<String, String> files = new TreeMap<>();
      for (Path f : e.getValue()) {
        files.put(f.toString(), Files.readString(f));
      }
      sources.put(e.getKey(), files);
    }
    Set<String> undeclared = new TreeSet<>(sources.keySet());
    undeclared.removeAll(ALLOWED.keySet());
    assertEquals(Set.of(), undeclared, "packages without declared dependencies: add them to ALLOWED");
    assertEquals(List.of(), violations(sources));
  }

  /** The checker itself finds what the rules forbid: an upward import, a fully qualified use, Spark in core. */
  @Test
  void theCheckerReportsEachKindOfViolation() {
    Map<String, Map<String, String>> sources = Map.of(
        "ode", Map.of("ode/A.java", "package org.odespark.ode;\nimport org.odespark.flow.Cnf;\n"),
        "nn", Map.of("nn/B.java", "package org.odespark.nn;\nclass B { org.odespark.text.Table t; }\n"),
        "optim", Map.of("optim/C.java", "package org.odespark.optim;\nimport org.apache.spark.SparkContext;\n"),
        "flow", Map.of("flow/D.java", "package org.odespark.flow;\nimport org.odespark.adjoint.GradientSpec;\n"));
    assertEquals(List.of("B.java (nn) uses org.odespark.text", "A.java (ode) uses org.odespark.flow",
        "optim/C.java uses org.apache.spark: core must not depend on Spark, Hadoop or configuration"),
        violations(sources));
  }

  /** Every use outside the rules, for sources by package (relative to org.odespark) and file name. */
  private static List<String> violations(Map<String, Map<String, String>> sources) {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : new TreeMap<>(sources).entrySet()) {
      String pkg = e.getKey();
      for (Map.Entry<String, String> file : new TreeMap<>(e.getValue()).entrySet()) {
        String f = file.getKey();
        Matcher forbidden = FORBIDDEN.matcher(file.getValue());
        if (forbidden.find()) {
          violations.add(f + " uses " + forbidden.group(1) + ": core must not depend on Spark, Hadoop or configuration");
        }
        Matcher m = REFERENCE.matcher(file.getValue());
        while (m.find()) {
          String used = m.group(1);
          if (!used.equals(pkg) && !ALLOWED.getOrDefault(pkg, Set.of()).contains(used)) {
            violations.add(Path.of(f).getFileName() + " (" + pkg + ") uses org.odespark." + used);
          }
        }
      }
    }
    return violations;
  }

  @Test
  void everyRuleNamesAnExistingPackage() throws IOException {
    Set<String> stale = new TreeSet<>(ALLOWED.keySet());
    stale.removeAll(sourcesByPackage().keySet());
    for (Set<String> targets : ALLOWED.values()) {
      for (String t : targets) {
        if (!ALLOWED.containsKey(t)) {
          stale.add(t);
        }
      }
    }
    assertEquals(Set.of(), stale, "rules about packages that do not exist");
  }

  @Test
  void theRulesHaveNoCycle() {
    // Depth-first search; a package met again while on the current path closes a cycle.
    Map<String, Integer> state = new TreeMap<>();
    for (String p : new TreeSet<>(ALLOWED.keySet())) {
      List<String> cycle = cycleFrom(p, state, new ArrayList<>());
      assertTrue(cycle.isEmpty(), "the allowed dependencies form a cycle: " + String.join(" -> ", cycle));
    }
  }

  private static List<String> cycleFrom(String p, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(p);
    if (s != null && s == 2) {
      return List.of();
    }
    path.add(p);
    if (s != null && s == 1) {
      return path.subList(path.indexOf(p), path.size());
    }
    state.put(p, 1);
    for (String q : new TreeSet<>(ALLOWED.getOrDefault(p, Set.of()))) {
      List<String> cycle = cycleFrom(q, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    state.put(p, 2);
    path.remove(path.size() - 1);
    return List.of();
  }

  @Test
  void everyPackageHasPackageInfo() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : sourcesByPackage().entrySet()) {
      if (e.getValue().stream().noneMatch(f -> f.getFileName().toString().equals("package-info.java"))) {
        missing.add(e.getKey());
      }
    }
    assertTrue(missing.isEmpty(), "packages without package-info.java: " + missing);
  }

  /** The main sources of core by package name relative to org.odespark. */
  private static Map<String, List<Path>> sourcesByPackage() throws IOException {
    Map<String, List<Path>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = ROOT.relativize(f.getParent()).toString().replace('/', '.');
        out.computeIfAbsent(pkg, k -> new ArrayList<>()).add(f);
      }
    }
    return out;
  }
}
