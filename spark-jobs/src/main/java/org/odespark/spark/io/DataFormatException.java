package org.odespark.spark.io;

/**
 * Input data that cannot become blocks: a missing file or column, a non-numeric, missing or non-finite
 * value, a label that is not an integer. The message names the file, the column and the row (or the
 * offending values). An {@link IllegalArgumentException}, so the command line reports it as invalid input.
 */
public final class DataFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }
}
