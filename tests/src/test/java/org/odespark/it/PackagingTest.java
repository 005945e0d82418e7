package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the build ships and how it is built: the application jar holds odespark and its small dependencies,
 * not xchart's unused PDF/SVG/GIF exporters nor core's example programs; every Maven plugin is pinned in the
 * parent POM (the lifecycle's defaults too), so that an offline build after the first one finds them; the
 * launch scripts name no version; the Kubernetes image recipe copies files the build makes.
 */
class PackagingTest {

  /** Maven's default lifecycle plugins for jar and pom packaging, and the ones the build adds. */
  private static final List<String> USED = List.of("maven-clean-plugin", "maven-resources-plugin",
      "maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin", "maven-install-plugin",
      "maven-deploy-plugin", "maven-site-plugin", "maven-shade-plugin", "maven-dependency-plugin");

  @Test
  void theApplicationJarShipsNoUnusedExportersAndNoExamples() throws Exception {
    Path jar = Path.of(System.getProperty("odespark.appJar"));
    assertTrue(Files.isRegularFile(jar), "package spark-jobs first: " + jar);
    Set<String> unwanted = new TreeSet<>();
    boolean main = false;
    boolean charts = false;
    try (JarFile j = new JarFile(jar.toFile())) {
      for (var e = j.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        main |= name.equals("org/odespark/spark/Main.class");
        charts |= name.startsWith("org/knowm/xchart/");
        for (String prefix : List.of("org/apache/pdfbox/", "org/apache/fontbox/", "de/rototor/",
            "de/erichseifert/", "com/madgag/", "org/odespark/examples/", "org/apache/commons/logging/")) {
          if (name.startsWith(prefix)) {
            unwanted.add(prefix);
          }
        }
      }
    }
    assertTrue(main && charts, "the jar must hold odespark's Main and xchart");
    assertEquals(Set.of(), unwanted, "packages the application never uses");
    // Without the exporters the jar is about 1.5 MB (it was 5.5 MB with them).
    assertTrue(Files.size(jar) < 3_000_000, jar + " is " + Files.size(jar) + " bytes");
  }

  @Test
  void everyPluginIsPinnedInTheParentPom() throws Exception {
    Path root = Launch.ROOT;
    Set<String> pinned = new TreeSet<>();
    Element parent = pom(root.resolve("pom.xml"));
    for (Element plugin : children(first(first(first(parent, "build"), "pluginManagement"), "plugins"), "plugin")) {
      assertNotNull(first(plugin, "version"), "pluginManagement entry without a version: " + text(plugin, "artifactId"));
      pinned.add(text(plugin, "artifactId"));
    }
    List<String> missing = new ArrayList<>();
    for (String p : USED) {
      if (!pinned.contains(p)) {
        missing.add(p);
      }
    }
    for (String module : List.of("pom.xml", "core/pom.xml", "spark-jobs/pom.xml", "tests/pom.xml")) {
      NodeList plugins = pom(root.resolve(module)).getElementsByTagName("plugin");
      for (int i = 0; i < plugins.getLength(); i++) {
        Element plugin = (Element) plugins.item(i);
        if (first(plugin, "version") == null && !pinned.contains(text(plugin, "artifactId"))) {
          missing.add(module + ": " + text(plugin, "artifactId"));
        }
      }
    }
    assertEquals(List.of(), missing, "plugins without a version pinned in the parent POM");
  }

  @Test
  void launchScriptsNameNoVersionAndTheImageRecipeCopiesWhatTheBuildMakes() throws Exception {
    String version = System.getProperty("odespark.version");
    try (Stream<Path> scripts = Files.list(Launch.ROOT.resolve("submit"))) {
      for (Path s : scripts.toList()) {
        assertTrue(!Files.readString(s).contains(version), s + " names the version " + version);
      }
    }
    for (String line : Files.readAllLines(Launch.ROOT.resolve("submit/Dockerfile"))) {
      if (line.startsWith("COPY ")) {
        String source = line.split("\\s+")[1];
        String glob = source.replace(".", "\\.").replace("*", "[^/]*");
        try (Stream<Path> all = Files.walk(Launch.ROOT.resolve(source.substring(0, source.indexOf('/'))))) {
          long matches = all.filter(p -> Launch.ROOT.relativize(p).toString().replace(File.separatorChar, '/')
              .matches(glob)).count();
          assertEquals(1, matches, "the Dockerfile copies " + source + ": exactly one file must match");
        }
      }
    }
  }

  private static Element pom(Path file) throws Exception {
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    return d.getDocumentElement();
  }

  private static Element first(Element parent, String tag) {
    if (parent == null) {
      return null;
    }
    for (Element e : children(parent, tag)) {
      return e;
    }
    return null;
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList all = parent.getChildNodes();
    for (int i = 0; i < all.getLength(); i++) {
      if (all.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    Element e = first(parent, tag);
    return e == null ? "" : e.getTextContent().trim();
  }
}
