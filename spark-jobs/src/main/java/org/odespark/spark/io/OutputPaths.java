package org.odespark.spark.io;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.odespark.spark.InputException;

/**
 * Checks of the places a job will write, made before any work and without writing anything: a directory
 * that can exist (it is one, or its nearest existing ancestor is a directory), and outputs that must not
 * replace an earlier run's unless the user asks for it ({@code --overwrite}). Problems are
 * {@link InputException}s naming the configuration key and the path.
 */
public final class OutputPaths {

  private OutputPaths() {}

  /**
   * {@code location} (the value of {@code key}) is a directory or can be created as one.
   *
   * @throws InputException if it is a file, lies under a file, or its file system is unknown or unreachable
   */
  public static Path requireDirectory(HadoopStorage storage, String key, String location) {
    Path target = qualify(storage, key, location);
    try {
      FileSystem fs = storage.fileSystem(target);
      for (Path p = target; p != null; p = p.getParent()) {
        if (fs.exists(p)) {
          FileStatus status = fs.getFileStatus(p);
          if (!status.isDirectory()) {
            throw new InputException(key + " = " + location + ": " + (p.equals(target) ? "is a file, not a directory"
                : p + " is a file, so the directory cannot be created"));
          }
          return target;
        }
      }
      return target;
    } catch (IOException e) {
      throw new InputException(key + " = " + location + ": cannot be checked: " + TableBlocks.oneLine(e.getMessage()));
    }
  }

  /**
   * {@code location} (the value of {@code key}) does not exist yet, unless {@code overwrite}. An empty file
   * counts as absent: a run that failed before its first metrics line leaves one, and holds nothing to lose.
   *
   * @param what what the job would replace, for the message ("the samples of an earlier run")
   * @throws InputException if it exists and {@code overwrite} is false
   */
  public static Path requireAbsent(HadoopStorage storage, String key, String location, boolean overwrite,
                                   String what) {
    Path target = qualify(storage, key, location);
    try {
      if (!overwrite && storage.exists(target) && !isEmptyFile(storage, target)) {
        throw new InputException(key + ": " + target + " already exists (" + what + "): pass --overwrite to replace"
            + " it, or set " + key + " to another path");
      }
    } catch (IOException e) {
      throw new InputException(key + " = " + location + ": cannot be checked: " + TableBlocks.oneLine(e.getMessage()));
    }
    return target;
  }

  private static boolean isEmptyFile(HadoopStorage storage, Path p) throws IOException {
    FileStatus status = storage.fileSystem(p).getFileStatus(p);
    return status.isFile() && status.getLen() == 0;
  }

  private static Path qualify(HadoopStorage storage, String key, String location) {
    try {
      return storage.qualify(location);
    } catch (IOException | IllegalArgumentException e) {
      throw new InputException(key + " = " + location + ": not a usable path: " + TableBlocks.oneLine(e.getMessage()));
    }
  }
}
