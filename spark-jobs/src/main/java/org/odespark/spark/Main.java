package org.odespark.spark;

import java.io.PrintWriter;
import org.odespark.data.IdxFormatException;
import org.odespark.io.SnapshotFormatException;
import org.odespark.spark.demo.PendulumCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The odespark application: one entry point with sub-commands. {@code submit/run-local} runs it in one
 * JVM (Spark local mode); the spark-submit scripts run the same class on a cluster. Every job validates its
 * whole configuration before Spark starts.
 *
 * <p>Exit codes: 0 success; 2 bad input (configuration, data, model and checkpoint files, paths, settings
 * under which the solver cannot work), reported as one line per problem naming the key, file, row, column or
 * value, without a stack trace unless {@code --verbose}; 1 an internal error, reported with its stack trace.
 */
@Command(name = "odespark", mixinStandardHelpOptions = true, version = "odespark 0.1.0",
    description = "Neural ODEs and continuous normalizing flows on Spark.",
    subcommands = {TrainJob.class, EvaluateJob.class, SampleJob.class, ScoreJob.class, PredictJob.class,
        PendulumCommand.class})
public final class Main implements Runnable {

  /** Exit code of a run that failed on bad input. */
  public static final int BAD_INPUT = 2;
  /** Exit code of a run that failed on an internal error. */
  public static final int INTERNAL_ERROR = 1;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On an error, print its stack trace as well as its message.")
  boolean verbose;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code: 0 on success, {@link #BAD_INPUT}, {@link #INTERNAL_ERROR}. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler((e, arguments) -> {
      CommandLine c = e.getCommandLine();
      c.getErr().println(prefix(c) + "error: " + e.getMessage() + " (see " + c.getCommandSpec().qualifiedName()
          + " --help)");
      return BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      boolean verbose = verbose(parseResult);
      Throwable bad = badInput(e);
      if (bad != null) {
        for (String line : bad.getMessage().split("\n")) {
          if (!line.isBlank()) {
            err.println(prefix(commandLine) + "error: " + line.strip());
          }
        }
        if (verbose) {
          e.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
      }
      err.println(prefix(commandLine) + "internal error: " + e);
      e.printStackTrace(err);
      err.flush();
      return INTERNAL_ERROR;
    });
    return cli.execute(args);
  }

  /**
   * The exception that makes {@code e} a bad-input failure, or null for an internal error. Bad input is an
   * {@link InputException} (configuration, data, training settings) or a damaged model, checkpoint or IDX file
   * anywhere in the cause chain (a bad value found by an executor arrives inside a SparkException), or an
   * {@link IllegalArgumentException} thrown by the job itself on the driver (a job's validation).
   */
  static Throwable badInput(Throwable e) {
    if (e instanceof IllegalArgumentException) {
      return e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputException || t instanceof SnapshotFormatException || t instanceof IdxFormatException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static boolean verbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String prefix(CommandLine c) {
    return c.getCommandSpec().qualifiedName() + ": ";
  }
}
