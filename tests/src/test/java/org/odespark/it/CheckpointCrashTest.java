package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odespark.spark.io.HadoopStorage;

/**
 * kill -9 of {@code submit/run-local train} while it writes a checkpoint: the process is killed the moment the
 * checkpoint's temporary file appears (inotify, through a WatchService), with the bytes half written. Every
 * file under a checkpoint name must still read intact, {@code --resume} must remove the leftover and continue
 * from the newest checkpoint, and the final θ must equal an undisturbed run's. The model is an ODE-Net
 * classifier 384 wide (3 × 300,000 doubles per checkpoint: θ and Adam's two moments, 7 MB), so a write lasts
 * long enough to be caught.
 */
class CheckpointCrashTest {

  private static final int ITERATIONS = 12;

  private static List<String> job(Path out) throws Exception {
    List<String> args = Jobs.classifier(out, Runs.blobs(), ITERATIONS);
    args.addAll(List.of("--set", "model.classifier.hidden=384", "--set", "solver.method=rk4",
        "--set", "solver.step_size=0.25", "--set", "solver.backward.method=rk4", "--set", "train.batch_size=16",
        "--set", "checkpoint.every=2"));
    return args;
  }

  @Test
  void aKillDuringACheckpointWriteLosesNothingAndResumeEndsAtTheSameBits() throws Exception {
    Path run = Runs.directory("crash-checkpoint");
    Path reference = run.resolve("undisturbed");
    Runs.runLocal("train", run.resolve("undisturbed.log"), job(reference));

    Path out = run.resolve("crashed");
    Path checkpoints = Files.createDirectories(out.resolve("checkpoints"));
    Launch.Running train = Launch.start(run.resolve("crashed.log"), Map.of(),
        Launch.command("submit/run-local", List.of("train"), job(out).toArray(new String[0])));
    // Checkpoints are written at iterations 2, 4, 6, ...: kill during the third write, when two are complete.
    String interrupted = killDuringWrite(train, checkpoints, 3);
    assertTrue(Files.exists(checkpoints.resolve(interrupted)), "the half-written temporary file " + interrupted
        + " must still be there: the kill came too late (the write had finished)");
    assertFalse(Files.exists(out.resolve("model.odsm")));
    try (Stream<Path> files = Files.list(checkpoints)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".odsk")).toList()) {
        Outputs.snapshot(p);   // throws if a file under a checkpoint name is partial or damaged
      }
    }
    assertEquals(4, Outputs.snapshot(checkpoints.resolve("checkpoint-000000000004.odsk")).iteration());

    List<String> resume = job(out);
    resume.add("--resume");
    String log = Runs.runLocal("train", run.resolve("resume.log"), resume);
    assertTrue(log.contains("removed " + interrupted), "the leftover must be removed, and said so:\n" + log);
    assertFalse(Files.exists(checkpoints.resolve(interrupted)));
    assertTrue(log.contains("resuming at iteration 4"), log);
    assertArrayEquals(Outputs.theta(reference.resolve("model.odsm")), Outputs.theta(out.resolve("model.odsm")),
        "kill -9 during a checkpoint write, then --resume, must end at the undisturbed run's θ");
  }

  /**
   * Watches {@code dir} and kills the run (SIGKILL) as soon as the {@code nth} temporary file of an atomic
   * write appears there; returns that file's name.
   */
  private static String killDuringWrite(Launch.Running train, Path dir, int nth) throws Exception {
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      int seen = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (System.nanoTime() < deadline) {
        WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
        if (key == null) {
          if (!train.process().isAlive()) {
            throw new AssertionError("the run ended before checkpoint write " + nth + ":\n" + Launch.tail(train.log()));
          }
          continue;
        }
        for (WatchEvent<?> e : key.pollEvents()) {
          String name = e.context().toString();
          if (HadoopStorage.isTemporary(name) && ++seen == nth) {
            train.process().destroyForcibly();
            train.process().waitFor();
            return name;
          }
        }
        key.reset();
      }
      throw new AssertionError("no checkpoint write " + nth + " in 10 minutes:\n" + Launch.tail(train.log()));
    }
  }
}
