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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of core (style guide B2), checked by scanning the sources' imports and fully qualified
 * references: which odespark packages each package may use, no Spark, Hadoop or configuration library
 * anywhere in core, and a package-info.java in every package.
 */
class PackageDependencyTest {

  /** For each package (relative to org.odespark), the odespark packages it may use besides itself. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("text", Set.of()),
      Map.entry("linalg", Set.of()),
      Map.entry("optim", Set.of()),
      Map.entry("plot", Set.of()),
      Map.entry("data", Set.of("text")),
      Map.entry("ode", Set.of("ode.tableau")),
      Map.entry("ode.tableau", Set.of()),
      Map.entry("nn", Set.of("linalg", "text")),
      Map.entry("adjoint", Set.of("ode", "ode.tableau", "nn")),
      Map.entry("train", Set.of("data", "nn", "optim")),
      Map.entry("flow", Set.of("adjoint", "ode", "ode.tableau", "nn", "data", "train")),
      Map.entry("classify", Set.of("adjoint", "ode", "ode.tableau", "nn", "data", "train", "linalg")),
      Map.entry("io", Set.of("data", "optim", "text")),
      Map.entry("examples", Set.of("adjoint", "classify", "data", "flow", "linalg", "nn", "ode", "ode.tableau",
          "optim", "plot", "text", "train")));

  private static final Pattern REFERENCE = Pattern.compile("org\\.odespark\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
  private static final Pattern FORBIDDEN = Pattern.compile("(org\\.apache\\.(spark|hadoop)|com\\.typesafe|scala\\.)");

  @Test
  void packagesUseOnlyTheirAllowedDependencies() throws IOException {
    Path root = Path.of("src/main/java/org/odespark");
    List<String> violations = new ArrayList<>();
    Set<String> unknown = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
        if (!ALLOWED.containsKey(pkg)) {
          unknown.add(pkg);
          continue;
        }
        String source = Files.readString(f);
        Matcher forbidden = FORBIDDEN.matcher(source);
        if (forbidden.find()) {
          violations.add(f + " uses " + forbidden.group(1) + ": core must not depend on Spark, Hadoop or configuration");
        }
        Matcher m = REFERENCE.matcher(source);
        while (m.find()) {
          String used = m.group(1);
          if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
            violations.add(f.getFileName() + " (" + pkg + ") uses org.odespark." + used);
          }
        }
      }
    }
    assertEquals(Set.of(), unknown, "packages without declared dependencies: add them to ALLOWED");
    assertEquals(List.of(), violations);
  }

  @Test
  void everyPackageHasPackageInfo() throws IOException {
    Path root = Path.of("src/main/java/org/odespark");
    List<String> missing = new ArrayList<>();
    try (Stream<Path> dirs = Files.walk(root)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        boolean hasSources;
        try (Stream<Path> children = Files.list(d)) {
          hasSources = children.anyMatch(p -> p.toString().endsWith(".java"));
        }
        if (hasSources && !Files.exists(d.resolve("package-info.java"))) {
          missing.add(root.relativize(d).toString());
        }
      }
    }
    assertTrue(missing.isEmpty(), "packages without package-info.java: " + missing);
  }
}
