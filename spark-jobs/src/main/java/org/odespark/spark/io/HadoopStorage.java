package org.odespark.spark.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files through Hadoop's FileSystem API, so that local paths and hdfs://, s3a://, … URIs work alike.
 * Local files bypass Hadoop's checksum layer (no {@code .crc} side files): odespark's formats carry their own
 * checksums. Stateless apart from the Hadoop configuration.
 */
public final class HadoopStorage {

  private static final Logger LOG = LoggerFactory.getLogger(HadoopStorage.class);

  /** {@code .<name>.tmp-<uuid>}: the temporary files of {@link #writeAtomically}. */
  private static final Pattern TEMPORARY =
      Pattern.compile("\\..+\\.tmp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
   * Writes {@code bytes} to {@code target} atomically and durably: into a temporary file beside it
   * ({@code .<name>.tmp-<uuid>}), synced to disk, then renamed over the target in one step, so that a reader
   * sees the old file or the complete new one and there is never a moment without the file. A crash leaves at
   * most the temporary file, which readers ignore and {@link #removeTemporaries} deletes.
   *
   * <p>Local files: fsync of the file, rename(2) over the target, fsync of the directory. Other file systems:
   * {@code hsync} where the stream offers it (HDFS), then {@link FileContext#rename} with {@code OVERWRITE},
   * which HDFS performs atomically; object stores (s3a) have no atomic rename, and there the target is
   * replaced by a copy.
   */
  public void writeAtomically(Path target, byte[] bytes) throws IOException {
    FileSystem fs = fileSystem(target);
    String tmpName = "." + target.getName() + ".tmp-" + UUID.randomUUID();
    if (fs instanceof RawLocalFileSystem) {
      writeLocal(java.nio.file.Path.of(fs.makeQualified(target).toUri()), tmpName, bytes);
      return;
    }
    fs.mkdirs(target.getParent());
    Path tmp = new Path(target.getParent(), tmpName);
    try {
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        out.write(bytes);
        if (out.hasCapability(StreamCapabilities.HSYNC)) {
          out.hsync();
        }
      }
      renameOver(fs, tmp, target);
    } catch (IOException | RuntimeException e) {
      fs.delete(tmp, false);
      throw e;
    }
  }

  private static void writeLocal(java.nio.file.Path target, String tmpName, byte[] bytes) throws IOException {
    java.nio.file.Path dir = target.getParent();
    Files.createDirectories(dir);
    java.nio.file.Path tmp = dir.resolve(tmpName);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      // rename(2): the target is replaced in one step, never deleted first.
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    // The rename itself must reach the disk too: sync the directory entry (Linux and macOS allow it).
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException notSupported) {
      // Windows cannot open a directory as a channel; there the rename is as durable as the OS makes it.
    }
  }

  private void renameOver(FileSystem fs, Path tmp, Path target) throws IOException {
    try {
      FileContext.getFileContext(fs.getUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
    } catch (UnsupportedFileSystemException noFileContext) {
      // A file system without a FileContext binding: the best it offers is delete, then rename.
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    }
  }

  /**
   * Deletes the temporary files that {@link #writeAtomically} leaves in {@code dir} when the process dies in
   * the middle of a write. Call it only at the start of a job that owns the directory: a temporary file of a
   * write still under way elsewhere would be removed too (that write then fails, it does not corrupt). Each
   * deletion is logged.
   *
   * @return the names of the files deleted (empty when {@code dir} does not exist)
   */
  public List<String> removeTemporaries(Path dir) throws IOException {
    FileSystem fs = fileSystem(dir);
    List<String> removed = new ArrayList<>();
    for (Path p : files(dir, HadoopStorage::isTemporary)) {
      if (fs.delete(p, false)) {
        LOG.warn("removed {} in {}, left by an interrupted write", p.getName(), dir);
        removed.add(p.getName());
      }
    }
    return removed;
  }

  /** The files in {@code dir} whose names {@code names} accepts, in listing order (none when it does not exist). */
  public List<Path> files(Path dir, Predicate<String> names) throws IOException {
    FileSystem fs = fileSystem(dir);
    List<Path> out = new ArrayList<>();
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isFile() && names.test(s.getPath().getName())) {
          out.add(s.getPath());
        }
      }
    }
    return out;
  }

  /** Whether {@code fileName} is the name of a temporary file of {@link #writeAtomically}. */
  public static boolean isTemporary(String fileName) {
    return TEMPORARY.matcher(fileName).matches();
  }
}
