package org.odespark.spark.io;

import org.odespark.spark.InputException;

/**
 * Input data that cannot become blocks: a missing file or column, a row with too many or too few fields, a
 * non-numeric, missing or non-finite value, a label that is not a class, a negative weight. The message names
 * the file, the row (line number where known, and its values) and the column. An {@link InputException}, so
 * the command line reports it as bad input (exit code 2).
 */
public final class DataFormatException extends InputException {

  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }
}
