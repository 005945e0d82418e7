package org.odespark.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A grid of grayscale images (e.g. samples of a density model of Fashion-MNIST), as one PNG: images are
 * rows of {@code height × width} values in [0, 1] (0 black, 1 white), laid out left to right, top to bottom,
 * separated by a one-pixel gap and enlarged by an integer scale.
 */
public final class ImageGrid {

  private ImageGrid() {}

  /**
   * @param pixels n images, each height × width row-major, values in [0, 1] (clipped), not modified
   * @param columns images per row of the grid
   * @param scale pixels per image pixel (≥ 1)
   */
  public static void write(Path out, double[] pixels, int n, int height, int width, int columns, int scale)
      throws IOException {
    PngOutput.checkTarget(out);
    PngOutput.write(render(pixels, n, height, width, columns, scale), out);
  }

  /** The same grid as an image, without writing it. */
  public static BufferedImage render(double[] pixels, int n, int height, int width, int columns, int scale) {
    if (n < 1 || height < 1 || width < 1 || columns < 1 || scale < 1) {
      throw new IllegalArgumentException("n, height, width, columns and scale must be >= 1, got " + n + ", "
          + height + ", " + width + ", " + columns + ", " + scale);
    }
    if (pixels.length < (long) n * height * width) {
      throw new IllegalArgumentException("pixels must hold " + n + " images of " + height + "×" + width + " = "
          + (long) n * height * width + " values, got " + pixels.length);
    }
    int rows = (n + columns - 1) / columns;
    int cellW = width * scale + 1;
    int cellH = height * scale + 1;
    BufferedImage image = new BufferedImage(columns * cellW + 1, rows * cellH + 1, BufferedImage.TYPE_INT_RGB);
    int gap = 0x404040;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, gap);
      }
    }
    for (int k = 0; k < n; k++) {
      int ox = 1 + (k % columns) * cellW;
      int oy = 1 + (k / columns) * cellH;
      for (int i = 0; i < height; i++) {
        for (int j = 0; j < width; j++) {
          double v = pixels[(k * height + i) * width + j];
          int g = (int) Math.round(255 * (Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v))));
          int rgb = (g << 16) | (g << 8) | g;
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              image.setRGB(ox + j * scale + dx, oy + i * scale + dy, rgb);
            }
          }
        }
      }
    }
    return image;
  }
}
