package org.odespark.examples;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The examples' parameter file, so that a trained θ can be re-evaluated: big-endian int magic 0x4F444550
 * ("ODEP"), UTF description (the command line that trained it), int n, n doubles. An example format, not
 * odespark's model format.
 */
final class ParameterFile {

  private static final int MAGIC = 0x4F444550;

  private ParameterFile() {}

  static void write(Path file, String description, double[] theta) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(MAGIC);
      out.writeUTF(description);
      out.writeInt(theta.length);
      for (double v : theta) {
        out.writeDouble(v);
      }
    }
  }

  /**
   * @param expected the parameter count of the model the file must fit
   * @throws IOException if the file is not a parameter file or holds another count
   */
  static double[] read(Path file, int expected) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a parameter file (bad magic number)");
      }
      String description = in.readUTF();
      int n = in.readInt();
      if (n != expected) {
        throw new IOException(file + " holds " + n + " parameters but the model has " + expected
            + "; it was written by: " + description);
      }
      double[] theta = new double[n];
      for (int i = 0; i < n; i++) {
        theta[i] = in.readDouble();
      }
      return theta;
    }
  }
}
