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
    jvm(dir, "fit");
    jvm(dir, "load");
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

  /** Runs {@link PipelineRoundTrip} in a new JVM with the test class path and Spark's module flags. */
  private static void jvm(Path dir, String step) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Djava.awt.headless=true"));
    command.addAll(List.of(System.getProperty("odespark.spark.java.opens").trim().split("\\s+")));
    command.addAll(List.of("-Dlog4j.configurationFile=" + Launch.ROOT.resolve("submit/log4j2.properties"), "-cp",
        classpath, PipelineRoundTrip.class.getName(), step, dir.toString()));
    Launch.start(dir.resolve(step + ".log"), Map.of("SPARK_LOCAL_IP", "127.0.0.1"), command).succeeds(300);
  }
}
