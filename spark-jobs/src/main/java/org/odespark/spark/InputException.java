package org.odespark.spark;

/**
 * A job stopped by its input: configuration, data, model or checkpoint files, paths, or settings under which
 * training cannot work. The message names the problem (key, file, row, column, value) in one line per
 * problem; the command line reports it with exit code 2 and no stack trace ({@link Main}). An
 * {@link IllegalArgumentException}, as every validation error of odespark. Thrown on the driver or inside a
 * task (then it reaches the driver as the cause of a SparkException).
 */
public class InputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
