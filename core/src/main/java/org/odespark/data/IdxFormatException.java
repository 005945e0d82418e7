package org.odespark.data;

import java.io.IOException;

/**
 * A file or stream is not a well-formed IDX file: bad magic number, unsupported element type, header or
 * data shorter than declared, bytes after the data, or a corrupt gzip layer. The message starts with the
 * name of the file and says what was expected and what was found.
 */
public class IdxFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }

  public IdxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
