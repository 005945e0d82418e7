package org.odespark.spark;

import org.odespark.spark.demo.PendulumCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The odespark application: one entry point with sub-commands. {@code submit/run-local} runs it in one
 * JVM (Spark local mode); the spark-submit scripts run the same class on a cluster. Every job validates its
 * whole configuration before Spark starts.
 */
@Command(name = "odespark", mixinStandardHelpOptions = true, version = "odespark 0.1.0",
    description = "Neural ODEs and continuous normalizing flows on Spark.",
    subcommands = {TrainJob.class, EvaluateJob.class, SampleJob.class, ScoreJob.class, PendulumCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs a command line and returns its exit code: 0 on success, 2 for invalid input (configuration, data,
   * model files; reported in one message that names the problem), 1 for a failure during the run.
   */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // Invalid input may surface wrapped, e.g. a bad value found by an executor inside a SparkException.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof IllegalArgumentException) {
          commandLine.getErr().println("odespark " + commandLine.getCommandName() + ": error: " + t.getMessage());
          return 2;
        }
      }
      throw e;
    });
    return cli.execute(args);
  }
}
