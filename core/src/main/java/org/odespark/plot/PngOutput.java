package org.odespark.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Writes a PNG so that readers of the target path only ever see the old file or the complete new one: the
 * image is encoded into a temporary file in the target's directory and then renamed over the target (an
 * atomic rename where the file system offers one). Stateless.
 */
final class PngOutput {

  private PngOutput() {}

  /**
   * Checks the output path before any rendering work: not null and not an existing directory.
   *
   * @throws NullPointerException if out is null
   * @throws IllegalArgumentException if out names an existing directory
   */
  static void checkTarget(Path out) {
    Objects.requireNonNull(out, "out must not be null");
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException("out must be a file path, but " + out + " is a directory");
    }
    if (out.getFileName() == null) {
      throw new IllegalArgumentException("out must name a file, got " + out);
    }
  }

  /**
   * Encodes {@code image} as PNG into {@code out}, creating missing parent directories and replacing an
   * existing file. On failure the target is left as it was and the temporary file is removed.
   *
   * @throws IOException if a directory cannot be created or the file cannot be written or moved
   */
  static void write(BufferedImage image, Path out) throws IOException {
    checkTarget(out);
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      // The File overload writes straight to disk (no ImageIO stream cache in java.io.tmpdir).
      if (!ImageIO.write(image, "png", tmp.toFile())) {
        throw new IOException("no ImageIO writer for PNG is available");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
