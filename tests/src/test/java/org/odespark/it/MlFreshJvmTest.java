package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train here, score there: Spark ML pipelines with odespark's estimators are fitted and saved in one JVM,
 * then loaded, applied and sampled in a fresh JVM that never trained ({@link PipelineRoundTrip}). The loaded
 * pipelines must give the same outputs bit for bit.
 */
class MlFreshJvmTest {

  @Test
  void pipelinesSavedInOneJvmLoadTransformAndSampleInAnother(@TempDir Path dir) throws Exception {
    jvm(dir, PipelineRoundTrip.class, "fit");
    jvm(dir, PipelineRoundTrip.class, "load");
    for (String model : List.of("cnf", "odenet")) {
      List<String> fit = Files.readAllLines(dir.resolve(model + "-fit.txt"));
      List<String> load = Files.readAllLines(dir.resolve(model + "-load.txt"));
      assertEquals(200, fit.size(), model + ": one line per test row");
      assertEquals(fit, load, model + ": the loaded pipeline must give the fitted one's outputs bit for bit");
    }
    for (String line : Files.readAllLines(dir.resolve("cnf-fit.txt"))) {
      double logp = Double.longBitsToDouble(Long.parseUnsignedLong(line.split(" ")[1], 16));
      assertTrue(Double.isFinite(logp) && logp < 0, "log density " + logp + " of a 2-D density spread over ±3");
    }
    List<String> samples = Files.readAllLines(dir.resolve("cnf-samples.txt"));
    assertEquals(500, samples.size());
    for (String s : samples) {
      for (String v : s.split(" ")) {
        assertTrue(Double.isFinite(Double.parseDouble(v)), s);
      }
    }
  }

  @Test
  void theDocumentedPipelineExampleRunsAsShown(@TempDir Path dir) throws Exception {
    jvm(dir, PipelineExample.class, "fit");
    jvm(dir, PipelineExample.class, "load");
    List<String> curves = Files.readAllLines(dir.resolve("example-curves.txt"));
    assertEquals(40, curves.get(0).split(",").length, "the objective of every iteration");
    double[] validation = java.util.Arrays.stream(curves.get(1).replaceAll("[\\[\\] ]", "").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    assertEquals(4, validation.length, "validation loss every 10 of 40 iterations");
    int best = 0;
    for (int k = 0; k < validation.length; k++) {
      assertTrue(Double.isFinite(validation[k]), curves.get(1));
      best = validation[k] < validation[best] ? k : best;
    }
    assertEquals(10L * (best + 1), Long.parseLong(curves.get(2)), "keepBest: the lowest validation loss's θ");
    assertEquals(Files.readAllLines(dir.resolve("example-fit.txt")),
        Files.readAllLines(dir.resolve("example-load.txt")), "the pipeline loaded in a fresh JVM scores bit for bit as the fitted one");
    assertEquals(1000, Files.readAllLines(dir.resolve("example-samples.txt")).size());
    // The page shows exactly the compiled example, and it is short.
    String source = Files.readString(Launch.ROOT.resolve("tests/src/test/java/org/odespark/it/PipelineExample.java"));
    StringBuilder snippet = new StringBuilder();
    for (int from = 0; (from = source.indexOf("// SNIPPET pipeline\n", from)) >= 0; ) {
      int stop = source.indexOf("// END SNIPPET", from);
      for (String line : source.substring(source.indexOf('\n', from) + 1, source.lastIndexOf('\n', stop) + 1)
          .split("\n")) {
        snippet.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
      }
      from = stop;
    }
    String page = Files.readString(Launch.ROOT.resolve("docs/spark.md"));
    assertTrue(page.contains("```java\n" + snippet + "```"), "docs/spark.md must show the example as compiled:\n"
        + snippet);
    assertTrue(snippet.toString().split("\n").length <= 20, snippet.toString());
  }

  /** Runs {@code main} in a new JVM with the test class path and Spark's module flags. */
  private static void jvm(Path dir, Class<?> main, String step) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Djava.awt.headless=true"));
    command.addAll(List.of(System.getProperty("odespark.spark.java.opens").trim().split("\\s+")));
    command.addAll(List.of("-Dlog4j.configurationFile=" + Launch.ROOT.resolve("submit/log4j2.properties"), "-cp",
        classpath, main.getName(), step, dir.toString()));
    Launch.start(dir.resolve(step + ".log"), Map.of("SPARK_LOCAL_IP", "127.0.0.1"), command).succeeds(300);
  }
}
