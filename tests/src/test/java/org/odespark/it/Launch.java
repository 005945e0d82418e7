package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Commands run the way a user runs them: a fresh process started from the checkout's root ({@code
 * submit/run-local train ...}), its stdout and stderr in a log file. The child's environment is the test
 * JVM's minus what Surefire adds for the in-process tests ({@code SPARK_LOCAL_IP}), plus the given variables,
 * so that whatever a run needs comes from the scripts themselves.
 */
final class Launch {

  static final Path ROOT = Path.of(System.getProperty("odespark.root")).toAbsolutePath().normalize();

  private Launch() {}

  /** A started command. */
  record Running(List<String> command, Process process, Path log) {

    /** Waits at most {@code seconds}; kills the process tree and fails if it is still running then. */
    int waitFor(int seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s; log:\n"
            + tail(log));
      }
      return process.exitValue();
    }

    /** Waits and requires exit code 0. */
    void succeeds(int seconds) throws InterruptedException {
      int code = waitFor(seconds);
      assertEquals(0, code, () -> String.join(" ", command) + " exited with " + code + "; log:\n" + tail(log));
    }

    /** Waits, requires exit code 0, and returns what the command printed. */
    String finish(int seconds) throws IOException, InterruptedException {
      succeeds(seconds);
      return output();
    }

    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }

  static Running start(Path log, Map<String, String> env, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("SPARK_LOCAL_IP");
    pb.environment().putAll(env);
    return new Running(List.copyOf(command), pb.start(), log);
  }

  /** Runs a command to its end and requires exit code 0; returns what it printed (stdout and stderr). */
  static String succeeds(Path log, Map<String, String> env, int seconds, List<String> command)
      throws IOException, InterruptedException {
    return start(log, env, command).finish(seconds);
  }

  /** {@code first} followed by {@code rest}. */
  static List<String> command(String first, List<String> rest, String... more) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    all.addAll(List.of(more));
    return all;
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The last line of {@code text} that starts with {@code prefix}. */
  static String lastLineStartingWith(String text, String prefix) {
    String found = null;
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) {
        found = line;
      }
    }
    if (found == null) {
      throw new AssertionError("no line starting with " + prefix + " in:\n" + text);
    }
    return found;
  }

  /** A port free on loopback just now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The first of {@code k} consecutive ports free on loopback just now (the workers' UIs take a run). */
  static int freePortRun(int k) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; ; attempt++) {
      List<ServerSocket> run = new ArrayList<>();
      try {
        run.add(new ServerSocket(0, 1, loopback));
        int base = run.get(0).getLocalPort();
        for (int i = 1; i < k; i++) {
          run.add(new ServerSocket(base + i, 1, loopback));
        }
        return base;
      } catch (IOException busy) {
        if (attempt >= 50) {
          throw busy;
        }
      } finally {
        for (ServerSocket s : run) {
          s.close();
        }
      }
    }
  }
}
