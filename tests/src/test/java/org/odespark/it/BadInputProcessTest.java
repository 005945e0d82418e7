package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;

/**
 * Bad input in fresh processes, as a user types it: {@code submit/run-local} with a configuration error, a
 * non-numeric CSV cell, data whose huge values make the ODE solve fail, a second run into an earlier run's
 * output directory, and a model whose stored configuration includes a URL. Each must exit with code 2, end its
 * stderr with the one error line naming the problem, print no stack trace anywhere (Spark's logs included),
 * and leave the files it was given unchanged. The in-process {@code BadInputTest} (spark-jobs) covers many
 * more inputs; this class proves the exit code and the quiet stderr of a real process.
 */
class BadInputProcessTest {

  private static final Path ROOT = Path.of(System.getProperty("odespark.root")).toAbsolutePath().normalize();
  /** A line of a Java stack trace, as printed by Throwable.printStackTrace or a logger. */
  private static final Pattern STACK_LINE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|^Caused by: |Exception in thread");

  private static final List<String> CNF = List.of("--set", "model.cnf.hidden=[4]", "--set", "train.iterations=1",
      "--set", "train.batch_size=20", "--set", "checkpoint.every=0", "--set", "data.partitions=2",
      "--set", "data.toy.rows=200");

  @TempDir
  static Path dir;

  private static Path model;

  @BeforeAll
  static void trainOnce() throws Exception {
    Path out = dir.resolve("run");
    Result r = runLocal(args("train", "output.dir=" + out));
    assertEquals(0, r.code, () -> "the good run failed:\n" + tail(r.err));
    model = out.resolve("model.odsm");
    assertTrue(Files.isRegularFile(model));
  }

  private record Result(int code, String err) {}

  private static List<String> args(String job, String... sets) {
    List<String> all = new ArrayList<>(List.of(job));
    all.addAll(CNF);
    for (String s : sets) {
      all.add("--set");
      all.add(s);
    }
    return all;
  }

  private static Result runLocal(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("submit/run-local").toString()));
    command.addAll(args);
    Path err = Files.createTempFile(dir, "stderr", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    pb.environment().put("ODESPARK_MASTER", "local[2]");
    pb.environment().put("ODESPARK_JAVA_OPTS", "-Xmx768m");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 300 s:\n" + tail(Files.readString(err)));
    }
    return new Result(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Exit code 2, the last line is the one error line with {@code fragments}, and no stack trace at all. */
  private static void assertBadInput(Result r, String job, String... fragments) {
    assertEquals(2, r.code, () -> "exit code; stderr:\n" + tail(r.err));
    String[] lines = r.err.strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith("odespark " + job + ": error: "), () -> "last line: " + last + "\n" + tail(r.err));
    for (String f : fragments) {
      assertTrue(last.contains(f), () -> "expected '" + f + "' in " + last);
    }
    assertEquals(1, r.err.split("odespark " + job + ": error: ", -1).length - 1, () -> "one error line:\n" + r.err);
    assertFalse(STACK_LINE.matcher(r.err).find(), () -> "a stack trace on stderr:\n" + tail(r.err));
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    StringBuilder s = new StringBuilder();
    for (int i = Math.max(0, lines.length - 40); i < lines.length; i++) {
      s.append(lines[i]).append('\n');
    }
    return s.toString();
  }

  private static Path csv(String name, List<String> rows) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "x,y\n" + String.join("\n", rows) + "\n");
    return p;
  }

  private static List<String> rows(int n, String exponent) {
    Random r = new Random(3);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(String.format(Locale.ROOT, "%.4f%s,%.4f%s", r.nextGaussian(), exponent, r.nextGaussian(), exponent));
    }
    return out;
  }

  @Test
  void configurationErrorBeforeSparkStarts() throws Exception {
    Result r = runLocal(args("train", "output.dir=" + dir.resolve("never"), "train.iteration=5"));
    assertBadInput(r, "train", "unknown configuration key 'train.iteration'", "did you mean 'train.iterations'?");
    // Nothing but the error line (and the JVM's own notice that the Vector API is an incubator module).
    List<String> lines = r.err.strip().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
    assertEquals(1, lines.size(), () -> "nothing but the error line:\n" + r.err);
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void nonNumericCsvCellNamesFileLineAndColumn() throws Exception {
    List<String> rows = rows(30, "");
    rows.add(10, "1.5,abc");
    Path data = csv("cell.csv", rows);
    byte[] before = Files.readAllBytes(data);
    Result r = runLocal(args("train", "output.dir=" + dir.resolve("cell"), "data.format=csv", "data.path=" + data));
    assertBadInput(r, "train", "cell.csv line 12: column 'y' has the non-numeric value 'abc'; row: x=1.5, y=abc");
    assertArrayEquals(before, Files.readAllBytes(data));
    assertFalse(Files.exists(dir.resolve("cell").resolve("model.odsm")));
  }

  @Test
  void hugeValuesNameTheDataAndSuggestStandardizing() throws Exception {
    Path data = csv("huge.csv", rows(40, "e300"));
    Result r = runLocal(args("train", "output.dir=" + dir.resolve("huge"), "data.format=csv", "data.path=" + data));
    assertBadInput(r, "train", "iteration 1, partition", "the ODE solve failed", "solver.method = dopri5",
        "set data.standardize = true");
  }

  @Test
  void aSecondRunKeepsTheFirstRunsModelAndMetrics() throws Exception {
    Path out = model.getParent();
    byte[] modelBytes = Files.readAllBytes(model);
    byte[] metrics = Files.readAllBytes(out.resolve("metrics.jsonl"));
    Result r = runLocal(args("train", "output.dir=" + out, "checkpoint.dir=" + dir.resolve("elsewhere"),
        "train.iterations=2"));
    assertBadInput(r, "train", "model.odsm already exists", "--overwrite");
    assertArrayEquals(modelBytes, Files.readAllBytes(model), "the earlier model must be untouched");
    assertArrayEquals(metrics, Files.readAllBytes(out.resolve("metrics.jsonl")), "and its metrics");
  }

  @Test
  void aModelIncludingAUrlIsRefusedWithoutFetching() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger requests = new AtomicInteger();
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    try {
      Snapshot s = SnapshotFormat.read(Files.readAllBytes(model), "model");
      String include = "include url(\"http://127.0.0.1:" + server.getAddress().getPort() + "/x.conf\")\n";
      Path crafted = dir.resolve("crafted");
      Files.createDirectories(crafted);
      Files.write(crafted.resolve("model.odsm"), SnapshotFormat.toBytes(new Snapshot(s.kind(), s.modelType(),
          s.iteration(), s.theta(), null, s.spec(), include + s.config(), s.configHash(), s.data(), s.standardization())));
      Result r = runLocal(args("evaluate", "output.dir=" + crafted));
      assertBadInput(r, "evaluate", "model.odsm includes url(http://127.0.0.1:", "plain data, so nothing was read");
    } finally {
      server.stop(0);
    }
    assertEquals(0, requests.get(), "the URL in the stored configuration must never be fetched");
  }
}
