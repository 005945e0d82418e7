package org.odespark.spark.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.io.SnapshotFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in one directory of any Hadoop file system, named {@code checkpoint-<iteration, 12
 * digits>.odsk} ({@link SnapshotFormat}). Each is written atomically (temporary file, synced, then renamed over
 * the name; {@link HadoopStorage#writeAtomically}) and only then are the oldest ones beyond the newest
 * {@code keep} deleted, so a crash never leaves a partial file under a checkpoint name and never removes the
 * last good checkpoint; {@link #removeTemporaries()} deletes what a crash in the middle of a write left.
 * {@link #latest()} returns the newest
 * intact checkpoint: a corrupt or truncated newer file (copied in by hand, damaged on disk) is reported in
 * the log, with its name and what is wrong, and skipped.
 */
public final class CheckpointStore {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.odsk");

  private final HadoopStorage storage;
  private final Path dir;
  private final int keep;

  public CheckpointStore(HadoopStorage storage, String dir, int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
    this.storage = storage;
    this.dir = storage.qualify(dir);
    this.keep = keep;
  }

  public Path directory() {
    return dir;
  }

  public static String fileName(long iteration) {
    return String.format("checkpoint-%012d.odsk", iteration);
  }

  /** Writes a checkpoint atomically, then deletes all but the newest {@code keep}. Returns its path. */
  public Path write(Snapshot checkpoint) throws IOException {
    if (checkpoint.kind() != Snapshot.Kind.CHECKPOINT) {
      throw new IllegalArgumentException("not a checkpoint: " + checkpoint);
    }
    Path target = new Path(dir, fileName(checkpoint.iteration()));
    storage.writeAtomically(target, SnapshotFormat.toBytes(checkpoint));
    List<Path> all = list();
    FileSystem fs = storage.fileSystem(dir);
    for (int i = 0; i + keep < all.size(); i++) {
      fs.delete(all.get(i), false);
    }
    return target;
  }

  /**
   * Deletes the temporary files that a process killed in the middle of a checkpoint write left in the
   * directory (each is logged); a training job calls it once at its start, before it writes.
   */
  public void removeTemporaries() throws IOException {
    storage.removeTemporaries(dir);
  }

  /** Checkpoint files, oldest first (by iteration). */
  public List<Path> list() throws IOException {
    List<Path> out = storage.files(dir, name -> NAME.matcher(name).matches());
    out.sort((a, b) -> a.getName().compareTo(b.getName()));
    return out;
  }

  /**
   * The newest intact checkpoint, or empty when the directory holds none.
   *
   * @throws SnapshotFormatException if checkpoint files exist but none is intact (the message lists each
   *     file and its problem)
   */
  public Optional<Snapshot> latest() throws IOException {
    List<Path> all = list();
    List<String> problems = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      Path p = all.get(i);
      try {
        Snapshot s = SnapshotFormat.read(storage.readAll(p), p.toString());
        if (s.kind() != Snapshot.Kind.CHECKPOINT) {
          throw new SnapshotFormatException(p + ": is a model file, not a checkpoint");
        }
        if (!problems.isEmpty()) {
          LOG.warn("resuming from the older checkpoint {} because newer ones are unusable", p);
        }
        return Optional.of(s);
      } catch (SnapshotFormatException e) {
        LOG.error("skipping unusable checkpoint: {}", e.getMessage());
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new SnapshotFormatException("no intact checkpoint in " + dir + ":\n  " + String.join("\n  ", problems));
    }
    return Optional.empty();
  }
}
