package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Reading figures back and measuring their pixels, independently of the rendering code. */
final class Pixels {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private Pixels() {}

  /** Reads a file that must be a PNG (signature checked, then decoded by ImageIO). */
  static BufferedImage readPng(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), file + " lacks the PNG signature");
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "ImageIO cannot decode " + file);
    return image;
  }

  static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  /** CIELAB L* (D65) of an sRGB colour: sRGB transfer curve and Rec. 709 weights (IEC 61966-2-1). */
  static double lightness(int rgb) {
    double y = 0.2126 * linear((rgb >> 16) & 0xFF) + 0.7152 * linear((rgb >> 8) & 0xFF)
        + 0.0722 * linear(rgb & 0xFF);
    double f = y > 216.0 / 24389 ? Math.cbrt(y) : (24389.0 / 27 * y + 16) / 116;
    return 116 * f - 16;
  }

  private static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  /** Number of pixels in {@code area} whose colour is exactly {@code rgb}. */
  static int count(BufferedImage image, Rectangle area, int rgb) {
    int n = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        if (rgb(image, x, y) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  /** Number of pixels in {@code area} within Euclidean RGB distance {@code radius} of {@code rgb}. */
  static int countNear(BufferedImage image, Rectangle area, int rgb, double radius) {
    int n = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        int c = rgb(image, x, y);
        double dr = ((c >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
        double dg = ((c >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
        double db = (c & 0xFF) - (rgb & 0xFF);
        if (dr * dr + dg * dg + db * db <= radius * radius) {
          n++;
        }
      }
    }
    return n;
  }

  /** Mean L* over {@code area}. */
  static double meanLightness(BufferedImage image, Rectangle area) {
    double sum = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        sum += lightness(rgb(image, x, y));
      }
    }
    return sum / ((double) area.width * area.height);
  }

  /** Files in {@code dir} (names only, sorted). */
  static String[] listing(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }
}
