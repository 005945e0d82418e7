package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenBLAS that the build unpacks from Maven Central (spark-jobs/target/native-blas), which the launchers
 * use on a machine without libblas.so.3: {@code submit/run-local} with {@code ODESPARK_NATIVE_BLAS=bundled}
 * trains through it (the driver's log line names the library netlib loaded), and a wrong value of the
 * variable is refused with exit code 2 before anything starts.
 */
class NativeBlasLaunchTest {

  @Test
  void runLocalTrainsOnTheBundledOpenBlas(@TempDir Path dir) throws Exception {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the bundled OpenBLAS is linux-x86_64's");
    Path library = Launch.ROOT.resolve("spark-jobs/target/native-blas/libopenblas.so.0");
    assertTrue(Files.isRegularFile(library), "package spark-jobs first: " + library);
    Path out = dir.resolve("out");
    String log = Launch.succeeds(dir.resolve("train.log"),
        Map.of("ODESPARK_NATIVE_BLAS", "bundled", "ODESPARK_MASTER", "local[2]"), 300,
        Launch.command("submit/run-local", List.of("train"), Jobs.cnf(out, 2).toArray(new String[0])));
    assertTrue(log.contains("BLAS: JNIBLAS (native, through JNI: " + library + ")"),
        Launch.tail(dir.resolve("train.log")));
    assertEquals(2, Files.readAllLines(out.resolve("metrics.jsonl")).size(), "one metrics line per iteration");
  }

  @Test
  void anUnknownChoiceIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("refused.log");
    Launch.Running run = Launch.start(log, Map.of("ODESPARK_NATIVE_BLAS", "mkl"), Launch.command(
        "submit/run-local", List.of("train"), Jobs.cnf(dir.resolve("out"), 2).toArray(new String[0])));
    assertEquals(2, run.waitFor(120), Launch.tail(log));
    assertEquals("run-local: ODESPARK_NATIVE_BLAS must be auto, system or bundled, got 'mkl'",
        Files.readString(log).strip());
    assertFalse(Files.exists(dir.resolve("out")), "nothing may be written");
  }
}
