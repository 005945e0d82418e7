package org.odespark.io;

import java.io.IOException;

/** A checkpoint or model file that is not a complete, intact file of a known version; the message starts with the file's name. */
public final class SnapshotFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String message) {
    super(message);
  }

  public SnapshotFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
