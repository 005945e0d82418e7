package org.odespark.spark.ml;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The θ file of odespark's ML persistence (the family of {@code CnfDensityModel} and
 * {@code OdeNetClassifierModel}), beside Spark's parameter metadata: an 8-byte ASCII magic naming the model
 * kind, the format version (int), the kind's header ints (each ≥ 1), |θ| (int ≥ 1), θ (doubles), then the
 * CRC-32 of all preceding bytes (long); big-endian (Java's DataOutputStream). Not Java serialization. Read only:
 * the models of earlier versions; models are saved as model files of {@link org.odespark.io.SnapshotFormat}
 * ({@link ModelFiles}). A reader allocates θ only after checking |θ| against the file's length.
 */
final class ParameterFile {

  /** A file's header ints and θ. */
  record Contents(int[] header, double[] theta) {}

  private final String relativePath;
  private final String magic;
  private final int version;
  private final String kind;
  private final String[] headerNames;

  /**
   * @param relativePath the file under the model directory, e.g. {@code data/odespark-cnf.bin}
   * @param magic 8 ASCII characters
   * @param kind the model kind in messages, e.g. {@code CNF}
   * @param headerNames the names of the header ints, in file order
   */
  ParameterFile(String relativePath, String magic, int version, String kind, String... headerNames) {
    if (magic.length() != 8) {
      throw new IllegalArgumentException("magic must have 8 characters: " + magic);
    }
    this.relativePath = relativePath;
    this.magic = magic;
    this.version = version;
    this.kind = kind;
    this.headerNames = headerNames.clone();
  }

  /** The file under the model directory {@code path}. */
  Path path(String path) {
    return new Path(path, relativePath);
  }

  /** Whether the model directory {@code path} holds this file. */
  boolean exists(SparkSession spark, String path) {
    Path file = path(path);
    try {
      return file.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The file's contents; IllegalArgumentException naming the file if it is foreign, damaged or truncated. */
  Contents read(SparkSession spark, String path) {
    Path file = new Path(path, relativePath);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long length = fs.getFileStatus(file).getLen();
      CRC32 crc = new CRC32();
      try (FSDataInputStream raw = fs.open(file);
           DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc))) {
        byte[] bytes = new byte[magic.length()];
        in.readFully(bytes);
        if (!magic.equals(new String(bytes, StandardCharsets.US_ASCII))) {
          throw new IllegalArgumentException(file + " is not an odespark " + kind + " model file (bad magic)");
        }
        int v = in.readInt();
        if (v != version) {
          throw new IllegalArgumentException(file + ": unsupported model format version " + v + ", expected "
              + version);
        }
        int[] header = new int[headerNames.length];
        boolean valid = true;
        StringBuilder described = new StringBuilder();
        for (int i = 0; i < header.length; i++) {
          header[i] = in.readInt();
          valid &= header[i] >= 1;
          described.append(headerNames[i]).append(' ').append(header[i]).append(", ");
        }
        int count = in.readInt();
        if (!valid || count < 1) {
          throw new IllegalArgumentException(file + ": invalid header (" + described + count + " parameters)");
        }
        // The header is untrusted: θ is allocated only when the file holds its bytes (and the checksum).
        long present = length - (magic.length() + 8L + 4L * header.length);
        if (8L * count + 8 != present) {
          throw new IllegalArgumentException(file + ": the header claims " + count + " parameters (" + 8L * count
              + " bytes and an 8-byte checksum), but " + present + " bytes follow it; the file is damaged or"
              + " truncated");
        }
        double[] theta = new double[count];
        for (int i = 0; i < count; i++) {
          theta[i] = in.readDouble();
        }
        long expected = crc.getValue();
        long stored = new DataInputStream(raw).readLong();
        if (stored != expected) {
          throw new IllegalArgumentException(file + " is damaged: checksum mismatch");
        }
        return new Contents(header, theta);
      }
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException(file + " is truncated", e);
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      // The file system's own checksum (local file systems keep .crc files) caught the damage first.
      throw new IllegalArgumentException(file + " is damaged: checksum mismatch (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
