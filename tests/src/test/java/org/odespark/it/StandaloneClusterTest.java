package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;

/**
 * The launch scripts on a real standalone cluster built from the Maven-resolved Spark jars (master and two
 * workers, executors in their own JVMs; {@code submit/local-cluster-start}) and in local mode
 * ({@code submit/run-local}, local[*]): the same short training run, submitted with the shaded application
 * jar in client mode, gives the same θ bit for bit in both. The model is the test model of spark-jobs'
 * test jar (a diagonal Gaussian), shipped with {@code --jars}. About a minute; skip with
 * {@code -Dodespark.skipClusterTest=true}.
 */
class StandaloneClusterTest {

  private static final Path ROOT = Path.of(System.getProperty("odespark.root")).toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @Test
  void trainingOnTheClusterMatchesLocalModeBitForBit() throws Exception {
    assumeFalse(Boolean.getBoolean("odespark.skipClusterTest"), "odespark.skipClusterTest is set");
    String testJar = System.getProperty("odespark.testJar");
    String appJar = System.getProperty("odespark.appJar");
    assertTrue(new File(testJar).isFile() && new File(appJar).isFile(), "package spark-jobs first: " + appJar);
    Path cluster = ROOT.resolve("tests/target/local-cluster");
    int[] ports = freePorts(4);
    Map<String, String> clusterEnv = Map.of("ODESPARK_CLUSTER_DIR", cluster.toString(),
        "ODESPARK_MASTER_PORT", "" + ports[0], "ODESPARK_MASTER_UI_PORT", "" + ports[1],
        "ODESPARK_WORKER_UI_PORT", "" + ports[2]);
    List<String> job = List.of("train", "--set", "model.type=test-gaussian", "--set", "data.toy.rows=3000",
        "--set", "data.partitions=3", "--set", "train.batch_size=64", "--set", "optimizer.learning_rate=0.05",
        "--set", "train.iterations=15", "--set", "checkpoint.every=5", "--set", "data.standardize=true");
    try {
      run(dir.resolve("start.log"), clusterEnv, 120, "submit/local-cluster-start");
      Path onCluster = dir.resolve("cluster");
      List<String> submit = new ArrayList<>(List.of("submit/submit-standalone"));
      submit.addAll(job);
      submit.addAll(List.of("--set", "output.dir=" + onCluster));
      run(dir.resolve("submit.log"), Map.of("SPARK_HOME", cluster.toString(),
          "ODESPARK_MASTER", "spark://127.0.0.1:" + ports[0], "ODESPARK_APP_JAR", appJar,
          "ODESPARK_DRIVER_MEMORY", "768m", "ODESPARK_EXECUTOR_MEMORY", "512m",
          "ODESPARK_SUBMIT_OPTS", "--jars " + testJar + " --driver-class-path " + testJar), 240,
          submit.toArray(new String[0]));
      // The executors ran in the workers' own JVMs: their logs are in the workers' work directories.
      try (Stream<Path> files = Files.walk(cluster)) {
        assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("stderr") && p.toString().contains("app-")),
            "no executor logs under " + cluster);
      }

      Path local = dir.resolve("local");
      List<String> runLocal = new ArrayList<>(List.of("submit/run-local"));
      runLocal.addAll(job);
      runLocal.addAll(List.of("--set", "output.dir=" + local));
      run(dir.resolve("local.log"), Map.of("ODESPARK_CLASSPATH", testJar, "ODESPARK_JAVA_OPTS", "-Xmx768m"), 180,
          runLocal.toArray(new String[0]));

      Snapshot a = SnapshotFormat.read(Files.readAllBytes(onCluster.resolve("model.odsm")), "cluster model");
      Snapshot b = SnapshotFormat.read(Files.readAllBytes(local.resolve("model.odsm")), "local model");
      assertEquals(15, a.iteration());
      assertArrayEquals(b.theta(), a.theta(), "standalone cluster and local[*] must give the same θ");
      assertEquals(a.data(), b.data(), "same data fingerprint");
      assertEquals(15, Files.readAllLines(onCluster.resolve("metrics.jsonl")).size());
      assertTrue(Files.isRegularFile(onCluster.resolve("checkpoints/checkpoint-000000000015.odsk")));
    } finally {
      run(dir.resolve("stop.log"), clusterEnv, 60, "submit/local-cluster-stop");
    }
  }

  private static void run(Path log, Map<String, String> env, int seconds, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s; log:\n"
          + tail(log));
    }
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed; log:\n" + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        open.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : open) {
        s.close();
      }
    }
    // The worker UIs use ports[2] and ports[2] + 1: take a pair that is free.
    if (ports[3] != ports[2] + 1) {
      try (ServerSocket probe = new ServerSocket(ports[2] + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
        ports[3] = ports[2] + 1;
      } catch (IOException busy) {
        ports[2] = ports[3] - 1;
      }
    }
    return ports;
  }
}
