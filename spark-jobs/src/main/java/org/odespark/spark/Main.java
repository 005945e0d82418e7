package org.odespark.spark;

import org.odespark.spark.demo.PendulumCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The odespark application: one entry point with sub-commands. {@code submit/run-local} runs it in one
 * JVM; the spark-submit scripts run the same class on a cluster.
 */
@Command(name = "odespark", mixinStandardHelpOptions = true, version = "odespark 0.1.0",
    description = "Neural ODEs and continuous normalizing flows on Spark.",
    subcommands = {PendulumCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs a command line and returns its exit code: 0 on success, 2 for invalid input (reported in one line
   * that names the problem), 1 for a failure during the run.
   */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException) {
        commandLine.getErr().println("odespark " + commandLine.getCommandName() + ": error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
