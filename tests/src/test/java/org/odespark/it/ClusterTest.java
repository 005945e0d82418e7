package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The jobs on a real Spark standalone cluster, {@code submit/local-cluster-start} (a master and two workers of
 * one core each, every daemon and executor a JVM of its own), submitted with {@code submit/submit-standalone}
 * exactly as a user does, and the faults a cluster has: an executor, a worker with its executor, or the
 * driver killed with SIGKILL in the middle of training. Every run (the CNF, the classifier and the latent ODE)
 * must give the θ, and where it has one the output line or rows, of the same job in local mode ({@link Runs})
 * bit for bit. One cluster serves the whole class (started once, in order: the worker kill comes last, as it
 * leaves one worker). Skip with {@code -Dodespark.skipClusterTest=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  private Path cluster;
  private Map<String, String> clusterEnv;
  private Map<String, String> submitEnv;

  @BeforeAll
  void startCluster() throws Exception {
    assumeFalse(Boolean.getBoolean("odespark.skipClusterTest"), "odespark.skipClusterTest is set");
    cluster = Runs.directory("cluster");
    int master = Launch.freePort();
    clusterEnv = Map.of("ODESPARK_CLUSTER_DIR", cluster.toString(), "ODESPARK_MASTER_PORT", "" + master,
        "ODESPARK_MASTER_UI_PORT", "" + Launch.freePort(), "ODESPARK_WORKER_UI_PORT", "" + Launch.freePortRun(2));
    submitEnv = Map.of("SPARK_HOME", cluster.toString(), "ODESPARK_MASTER", "spark://127.0.0.1:" + master,
        "ODESPARK_DRIVER_MEMORY", "768m", "ODESPARK_EXECUTOR_MEMORY", "512m");
    Launch.succeeds(cluster.resolveSibling("cluster-start.log"), clusterEnv, 240,
        List.of("submit/local-cluster-start"));
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      Launch.succeeds(cluster.resolveSibling("cluster-stop.log"), clusterEnv, 120, List.of("submit/local-cluster-stop"));
    }
  }

  @Test
  @Order(1)
  void theClusterAuthenticatesWithAPrivateSecretAndListensOnLoopbackOnly() throws Exception {
    Path defaults = cluster.resolve("conf/spark-defaults.conf");
    assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(defaults), "the secret must be readable by its owner only");
    String conf = Files.readString(defaults);
    assertTrue(conf.matches("(?s).*spark\\.authenticate\\s+true.*spark\\.authenticate\\.secret\\s+[0-9a-f]{64}.*"),
        conf);
    for (String daemon : List.of("master.log", "worker-0.log", "worker-1.log")) {
      String log = Files.readString(cluster.resolve("logs").resolve(daemon));
      assertTrue(log.contains("authentication enabled"), daemon + " must run with spark.authenticate:\n" + log);
    }
  }

  @Test
  @Order(2)
  void cnfJobsOnTheClusterGiveLocalModesBits() throws Exception {
    Path run = Runs.directory("cluster-cnf");
    Path out = run.resolve("out");
    submit(run.resolve("train.log"), "train", Jobs.cnf(out, Runs.CNF_ITERATIONS)).succeeds(600);
    assertArrayEquals(Outputs.theta(Runs.cnf().resolve("model.odsm")), Outputs.theta(out.resolve("model.odsm")),
        "θ from the standalone cluster must equal local mode's bit for bit");
    assertEquals(Runs.CNF_ITERATIONS, Files.readAllLines(out.resolve("metrics.jsonl")).size());
    Outputs.requireImage(out.resolve("curves.png"));
    Outputs.requireImage(out.resolve("density.png"));
    LocalJobsTest.requireQuietLog(Files.readString(run.resolve("train.log")));

    // The executors ran in the workers' JVMs, connected to a driver on loopback, with Spark's module options.
    List<String> executorLogs = executorLogs();
    assertFalse(executorLogs.isEmpty(), "no executor logs under " + cluster);
    for (String log : executorLogs) {
      assertTrue(log.contains("spark://CoarseGrainedScheduler@127.0.0.1:"), "driver not on loopback:\n" + log);
      assertTrue(log.contains("--add-modules=jdk.incubator.vector") && log.contains("--add-opens=java.base/java.nio"),
          "executor launched without the module options:\n" + log);
    }

    // evaluate, score and sample on the cluster: the same bits as in local mode.
    List<String> evaluate = Runs.onPoints(out);
    evaluate.addAll(List.of("--set", "evaluate.batch_size=1"));
    String evaluated = submit(run.resolve("evaluate.log"), "evaluate", evaluate).finish(600);
    String prefix = "{\"examples\"";
    assertEquals(Launch.lastLineStartingWith(Runs.cnfEvaluate(), prefix), Launch.lastLineStartingWith(evaluated, prefix));

    Path scores = run.resolve("scores.parquet");
    List<String> score = Runs.onPoints(out);
    score.addAll(List.of("--set", "score.batch_size=1", "--set", "score.output=" + scores));
    submit(run.resolve("score.log"), "score", score).succeeds(600);
    assertEquals(byId(Outputs.parquetRows(Runs.cnfScores())), byId(Outputs.parquetRows(scores)));

    Path samples = run.resolve("samples.parquet");
    List<String> sample = Jobs.cnf(out, Runs.CNF_ITERATIONS);
    sample.addAll(List.of("--set", "sample.count=" + Runs.SAMPLES, "--set", "sample.partitions=2",
        "--set", "sample.output=" + samples));
    submit(run.resolve("sample.log"), "sample", sample).succeeds(600);
    assertEquals(Outputs.parquetRows(Runs.cnfSamples()), Outputs.parquetRows(samples));
  }

  @Test
  @Order(3)
  void classifierOnTheClusterGivesLocalModesBits() throws Exception {
    Path run = Runs.directory("cluster-classifier");
    Path out = run.resolve("out");
    submit(run.resolve("train.log"), "train", Jobs.classifier(out, Runs.blobs(), Runs.CLASSIFIER_ITERATIONS))
        .succeeds(600);
    assertArrayEquals(Outputs.theta(Runs.classifier().resolve("model.odsm")), Outputs.theta(out.resolve("model.odsm")));
    String evaluated = submit(run.resolve("evaluate.log"), "evaluate",
        Jobs.classifier(out, Runs.testBlobs(), Runs.CLASSIFIER_ITERATIONS)).finish(600);
    String prefix = "{\"examples\"";
    assertEquals(Launch.lastLineStartingWith(Runs.classifierEvaluate(), prefix),
        Launch.lastLineStartingWith(evaluated, prefix));
  }

  @Test
  @Order(4)
  void latentOdeOnTheClusterGivesLocalModesBits() throws Exception {
    Path run = Runs.directory("cluster-latent");
    Path out = run.resolve("out");
    submit(run.resolve("train.log"), "train", Jobs.latentOde(out, Runs.LATENT_ITERATIONS)).succeeds(600);
    assertArrayEquals(Outputs.theta(Runs.latent().resolve("model.odsm")), Outputs.theta(out.resolve("model.odsm")),
        "the latent ODE's θ from the standalone cluster must equal local mode's bit for bit");
    assertEquals(Runs.LATENT_ITERATIONS, Files.readAllLines(out.resolve("metrics.jsonl")).size());
    Outputs.requireImage(out.resolve("series.png"));

    // The spirals are generated on the executors: evaluate and predict give local mode's line and rows.
    String evaluated = submit(run.resolve("evaluate.log"), "evaluate", Runs.latentTest(out)).finish(600);
    String prefix = "{\"series\"";
    assertEquals(Launch.lastLineStartingWith(Runs.latentEvaluate(), prefix), Launch.lastLineStartingWith(evaluated, prefix));
    Path predictions = run.resolve("predictions.parquet");
    submit(run.resolve("predict.log"), "predict", Runs.latentPredict(out, predictions)).succeeds(600);
    assertEquals(Outputs.parquetRows(Runs.latentPredictions()), Outputs.parquetRows(predictions));
  }

  @Test
  @Order(5)
  void anExecutorKilledInTheMiddleOfTrainingChangesNothing() throws Exception {
    Launch.Running train = trainAndKillAfter8Iterations("fault-executor", run -> List.of(executorOf(worker(0), run)));
    assertTrue(train.output().contains("Lost executor"), "the driver must have seen the executor die:\n"
        + Launch.tail(train.log()));
  }

  @Test
  @Order(6)
  void aDriverKilledInTheMiddleOfTrainingResumesToTheSameBits() throws Exception {
    Path run = Runs.directory("fault-driver");
    Path out = run.resolve("out");
    Launch.Running train = submit(run.resolve("train.log"), "train", Jobs.cnf(out, Runs.CNF_ITERATIONS));
    Path checkpoint = out.resolve("checkpoints/checkpoint-000000000010.odsk");
    await(train, () -> Files.exists(checkpoint), "checkpoint 10");
    ProcessHandle driver = train.process().toHandle().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("org.apache.spark.deploy.SparkSubmit"))
        .findFirst().orElseThrow(() -> new AssertionError("no driver JVM under " + train.command()));
    driver.destroyForcibly();
    assertNotEquals(0, train.waitFor(120), "the killed submission must fail");
    assertFalse(Files.exists(out.resolve("model.odsm")), "killed after the end: nothing was interrupted");

    List<String> resume = Jobs.cnf(out, Runs.CNF_ITERATIONS);
    resume.add("--resume");
    submit(run.resolve("resume.log"), "train", resume).succeeds(600);
    assertArrayEquals(Outputs.theta(Runs.cnf().resolve("model.odsm")), Outputs.theta(out.resolve("model.odsm")),
        "kill -9 of the driver, then --resume, must end at the undisturbed run's θ");
    assertEquals(Runs.CNF_ITERATIONS, Files.readAllLines(out.resolve("metrics.jsonl")).size());
  }

  @Test
  @Order(7)
  void clusterDeployModeRunsTheDriverOnAWorkerWithTheClustersLogConfiguration() throws Exception {
    Path run = Runs.directory("cluster-deploy-mode");
    Path out = run.resolve("out");
    List<String> args = Jobs.cnf(out, Runs.CNF_ITERATIONS);
    args.set(1, Launch.ROOT.resolve("conf/8gaussians.conf").toString());   // the driver runs elsewhere
    Map<String, String> env = new HashMap<>(submitEnv);
    env.put("ODESPARK_DEPLOY_MODE", "cluster");
    env.put("ODESPARK_DRIVER_MEMORY", "512m");
    Launch.start(run.resolve("train.log"), env, Launch.command("submit/submit-standalone", List.of("train"),
        args.toArray(new String[0]))).succeeds(600);
    assertArrayEquals(Outputs.theta(Runs.cnf().resolve("model.odsm")), Outputs.theta(out.resolve("model.odsm")));
    List<Path> driverLogs;
    try (Stream<Path> files = Files.walk(cluster)) {
      driverLogs = files.filter(p -> p.getFileName().toString().equals("stderr")
          && p.getParent().getFileName().toString().startsWith("driver-")).toList();
    }
    assertEquals(1, driverLogs.size(), "one driver ran on a worker: " + driverLogs);
    String log = Files.readString(driverLogs.get(0));
    assertTrue(log.contains("INFO  train: iteration 30/30"), "odespark's progress lines, at INFO:\n" + log);
    assertFalse(log.contains("Running Spark version"), "Spark's INFO lines must be off:\n" + log);
  }

  @Test
  @Order(8)
  void aWorkerKilledWithItsExecutorChangesNothing() throws Exception {
    ProcessHandle worker = worker(1);
    Launch.Running train = trainAndKillAfter8Iterations("fault-worker", run -> List.of(executorOf(worker, run), worker));
    assertFalse(worker.isAlive());
    assertTrue(train.output().contains("Lost executor"), "the driver must have seen the executor die:\n"
        + Launch.tail(train.log()));
  }

  /** The processes to kill, found while {@code run} trains. */
  private interface Victims {
    List<ProcessHandle> find(Launch.Running run) throws Exception;
  }

  /**
   * Submits the CNF training, kills the victims with SIGKILL once 8 of its 30 iterations are done, and
   * requires the job to finish with the undisturbed run's θ bit for bit. Returns the finished run.
   */
  private Launch.Running trainAndKillAfter8Iterations(String name, Victims victims) throws Exception {
    Path run = Runs.directory(name);
    Path out = run.resolve("out");
    Launch.Running train = submit(run.resolve("train.log"), "train", Jobs.cnf(out, Runs.CNF_ITERATIONS));
    awaitIterations(train, out, 8);
    for (ProcessHandle p : victims.find(train)) {
      p.destroyForcibly();
    }
    train.succeeds(600);
    assertArrayEquals(Outputs.theta(Runs.cnf().resolve("model.odsm")), Outputs.theta(out.resolve("model.odsm")),
        name + ": θ must equal the undisturbed run's");
    return train;
  }

  /** {@code submit/submit-standalone JOB ARGS...} to this class's cluster, started. */
  private Launch.Running submit(Path log, String job, List<String> args) throws IOException {
    return Launch.start(log, submitEnv, Launch.command("submit/submit-standalone", List.of(job),
        args.toArray(new String[0])));
  }

  /** The worker daemon {@code w} of the cluster (its PID as local-cluster-start recorded it). */
  private ProcessHandle worker(int w) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(cluster.resolve("pids")).get(1 + w).trim());
    return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("worker " + w + " (pid " + pid + ") is gone"));
  }

  /**
   * The executor JVM that {@code worker} launched (its child) for the application of {@code run}: started after
   * the submission, so an executor of an earlier application still shutting down is never taken. Polls until
   * there is one.
   */
  private static ProcessHandle executorOf(ProcessHandle worker, Launch.Running run) throws Exception {
    Instant submitted = run.process().info().startInstant().orElseThrow();
    ProcessHandle[] found = new ProcessHandle[1];
    await(run, () -> {
      found[0] = worker.children()
          .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")
              && p.info().startInstant().map(t -> t.isAfter(submitted)).orElse(false))
          .findFirst().orElse(null);
      return found[0] != null;
    }, "an executor of this application under worker pid " + worker.pid());
    return found[0];
  }

  private List<String> executorLogs() throws IOException {
    List<String> logs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(cluster)) {
      for (Path p : files.filter(p -> p.getFileName().toString().equals("stderr")
          && p.toString().contains("/app-")).toList()) {
        logs.add(Files.readString(p));
      }
    }
    return logs;
  }

  private static void awaitIterations(Launch.Running train, Path out, int iterations) throws Exception {
    Path metrics = out.resolve("metrics.jsonl");
    await(train, () -> {
      try {
        return Files.exists(metrics) && Files.readAllLines(metrics).size() >= iterations;
      } catch (IOException e) {
        return false;
      }
    }, iterations + " iterations");
  }

  /** Polls {@code done} every 50 ms; fails if the run ends first or after 10 minutes. */
  private static void await(Launch.Running run, BooleanSupplier done, String what) throws Exception {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (!done.getAsBoolean()) {
      if (!run.process().isAlive()) {
        throw new AssertionError("the run ended before " + what + ":\n" + Launch.tail(run.log()));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " after 10 minutes:\n" + Launch.tail(run.log()));
      }
      Thread.sleep(50);
    }
  }

  /** Scored rows keyed by id (the order of rows in the files is not part of the result). */
  private static Map<Object, Map<String, Object>> byId(List<Map<String, Object>> rows) {
    Map<Object, Map<String, Object>> m = new HashMap<>();
    for (Map<String, Object> r : rows) {
      m.put(r.get("id"), r);
    }
    return m;
  }
}
