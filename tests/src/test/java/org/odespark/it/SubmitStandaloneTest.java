package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit/submit-standalone} in cluster deploy mode against a stand-in {@code spark-submit} that prints
 * what Spark's standalone client prints and exits 0 as that client does whatever the driver's end: the script
 * must exit 1 unless the driver FINISHED. (ClusterTest runs the real thing.)
 */
class SubmitStandaloneTest {

  @TempDir
  Path dir;

  @Test
  void aClusterModeDriverThatDidNotFinishFailsTheSubmission() throws Exception {
    Path sparkHome = dir.resolve("spark");
    Path bin = Files.createDirectories(sparkHome.resolve("bin"));
    Path fake = bin.resolve("spark-submit");
    Files.writeString(fake, "#!/usr/bin/env bash\n"
        + "echo \"26/12/01 14:12:31 INFO ClientEndpoint: State of driver driver-1-0000 is $FAKE_STATE,"
        + " exiting spark-submit JVM.\" >&2\nexit 0\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    for (String state : List.of("FINISHED", "FAILED", "ERROR", "KILLED")) {
      Launch.Running run = Launch.start(dir.resolve(state + ".log"), Map.of("SPARK_HOME", sparkHome.toString(),
          "ODESPARK_APP_JAR", fake.toString(), "ODESPARK_DEPLOY_MODE", "cluster", "FAKE_STATE", state),
          List.of("submit/submit-standalone", "train"));
      int expected = state.equals("FINISHED") ? 0 : 1;
      assertEquals(expected, run.waitFor(60), state + ":\n" + run.output());
      if (expected != 0) {
        assertTrue(run.output().contains("submit-standalone: the driver driver-1-0000 ended " + state), run.output());
      }
    }
  }
}
