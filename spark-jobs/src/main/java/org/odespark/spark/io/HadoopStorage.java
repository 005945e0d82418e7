package org.odespark.spark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files through Hadoop's FileSystem API, so that local paths and hdfs://, s3a://, … URIs work alike.
 * Local files bypass Hadoop's checksum layer (no {@code .crc} side files): odespark's formats carry their own
 * checksums. Stateless apart from the Hadoop configuration.
 */
public final class HadoopStorage {

  private final Configuration conf;

  public HadoopStorage(Configuration conf) {
    this.conf = conf;
  }

  /** The Hadoop configuration, for example to broadcast to the executors. */
  Configuration configuration() {
    return conf;
  }

  public FileSystem fileSystem(Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** The fully qualified form of {@code location} (a relative local path becomes file:/abs/path). */
  public Path qualify(String location) throws IOException {
    Path p = new Path(location);
    return fileSystem(p).makeQualified(p);
  }

  public boolean exists(Path path) throws IOException {
    return fileSystem(path).exists(path);
  }

  public byte[] readAll(Path path) throws IOException {
    try (InputStream in = fileSystem(path).open(path)) {
      return in.readAllBytes();
    }
  }

  public InputStream open(Path path) throws IOException {
    return fileSystem(path).open(path);
  }

  /**
   * Writes {@code bytes} to {@code target} atomically: into a temporary file beside it, then renamed over it.
   * A reader sees the old file or the complete new one, never a partial one; a crash leaves at most a
   * temporary file named {@code .<name>.tmp-<uuid>}, which readers ignore.
   */
  public void writeAtomically(Path target, byte[] bytes) throws IOException {
    FileSystem fs = fileSystem(target);
    fs.mkdirs(target.getParent());
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(bytes);
    }
    if (fs.exists(target) && !fs.delete(target, false)) {
      fs.delete(tmp, false);
      throw new IOException("cannot replace " + target);
    }
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }
}
