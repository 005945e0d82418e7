package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

  @Test
  void laysOutImagesLeftToRightTopToBottom(@TempDir Path dir) throws Exception {
    // Three 2×2 images: black, white, and white only in the top-left pixel.
    double[] pixels = {0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0};
    Path out = dir.resolve("grid.png");
    ImageGrid.write(out, pixels, 3, 2, 2, 2, 3);
    BufferedImage img = ImageIO.read(out.toFile());
    // 2 columns of (2·3 + 1) pixels plus a border; 2 rows likewise.
    assertEquals(15, img.getWidth());
    assertEquals(15, img.getHeight());
    assertEquals(0x000000, img.getRGB(2, 2) & 0xFFFFFF, "first image is black");
    assertEquals(0xFFFFFF, img.getRGB(9, 2) & 0xFFFFFF, "second image (top right) is white");
    assertEquals(0xFFFFFF, img.getRGB(1, 8) & 0xFFFFFF, "third image's top-left pixel is white");
    assertEquals(0x000000, img.getRGB(6, 13) & 0xFFFFFF, "third image's bottom-right pixel is black");
    assertTrue((img.getRGB(7, 2) & 0xFFFFFF) == 0x404040, "gap between images");
  }

  @Test
  void rejectsTooFewPixels(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageGrid.write(dir.resolve("x.png"), new double[7], 2, 2, 2, 2, 1));
    assertTrue(e.getMessage().contains("8 values, got 7"), e.getMessage());
  }
}
