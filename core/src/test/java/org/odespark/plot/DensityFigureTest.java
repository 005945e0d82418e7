package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-panel density figure: format, size, orientation, colour scale, validation, atomic writes. */
class DensityFigureTest {

  private static final long SEED = 20240611L;
  private static final int ZERO = Colormap.viridis().rgbAt(0);
  private static final int TOP = Colormap.viridis().rgbAt(255);

  @TempDir
  Path dir;

  private final DensityFigure figure = DensityFigure.defaults();

  @Test
  void writesAPngOfTheDocumentedSize() throws IOException {
    Path out = dir.resolve("density.png");
    figure.write(out, "gaussian", gaussianCloud(0, 0, 1, 500), standardNormalGrid(40), 40,
        gaussianCloud(0, 0, 1, 500));
    BufferedImage image = Pixels.readPng(out);
    // 3·300 + 2·24 + 44 + 16 = 1008 and 300 + 58 + 46 = 404, as the class comment states
    assertEquals(1008, image.getWidth());
    assertEquals(404, image.getHeight());
    assertEquals(figure.width(), image.getWidth());
    assertEquals(figure.height(), image.getHeight());

    DensityFigure small = figure.withPanelSize(120).withBins(40);
    Path smallOut = dir.resolve("small.png");
    double[] few = gaussianCloud(0, 0, 1, 50);
    small.write(smallOut, "", few, standardNormalGrid(10), 10, few);
    BufferedImage smallImage = Pixels.readPng(smallOut);
    assertEquals(3 * 120 + 2 * 24 + 44 + 16, smallImage.getWidth());
    assertEquals(120 + 58 + 46, smallImage.getHeight());
  }

  @Test
  void gaussianDensityIsBrightestAtTheCentreAndZeroColouredInTheCorners() throws IOException {
    int g = 40;
    Path out = dir.resolve("gaussian.png");
    double[] points = gaussianCloud(0, 0, 1, 100);
    figure.write(out, "N(0, I)", points, standardNormalGrid(g), g, points);
    BufferedImage image = Pixels.readPng(out);
    Rectangle panel = figure.panelArea(1);

    int bestX = -1;
    int bestY = -1;
    double best = Double.NEGATIVE_INFINITY;
    for (int y = panel.y; y < panel.y + panel.height; y++) {
      for (int x = panel.x; x < panel.x + panel.width; x++) {
        double l = Pixels.lightness(Pixels.rgb(image, x, y));
        if (l > best) {
          best = l;
          bestX = x;
          bestY = y;
        }
      }
    }
    // the maximum of the grid is in the four central cells, each 300/40 = 7.5 pixels wide
    double cell = (double) panel.width / g;
    double cx = panel.x + panel.width / 2.0;
    double cy = panel.y + panel.height / 2.0;
    assertTrue(Math.abs(bestX + 0.5 - cx) <= cell && Math.abs(bestY + 0.5 - cy) <= cell,
        "brightest pixel at (" + bestX + ", " + bestY + "), panel centre (" + cx + ", " + cy + ")");
    assertEquals(TOP, Pixels.rgb(image, bestX, bestY), "the maximum gets the top colour");

    int right = panel.x + panel.width - 1;
    int bottom = panel.y + panel.height - 1;
    int[][] corners = {{panel.x, panel.y}, {right, panel.y}, {panel.x, bottom}, {right, bottom}};
    for (int[] c : corners) {
      assertEquals(ZERO, Pixels.rgb(image, c[0], c[1]), "corner (" + c[0] + ", " + c[1] + ")");
    }
  }

  @Test
  void histogramOfPointsNearTwoTwoIsBrightInTheUpperRightQuadrant() throws IOException {
    double[] points = gaussianCloud(2, 2, 0.3, 2000);
    Path out = dir.resolve("corner.png");
    figure.write(out, "", points, standardNormalGrid(20), 20, points);
    BufferedImage image = Pixels.readPng(out);
    for (int k : new int[] {0, 2}) {
      Rectangle p = figure.panelArea(k);
      int h = p.width / 2;
      double upperRight = Pixels.meanLightness(image, new Rectangle(p.x + h, p.y, h, h));
      double upperLeft = Pixels.meanLightness(image, new Rectangle(p.x, p.y, h, h));
      double lowerRight = Pixels.meanLightness(image, new Rectangle(p.x + h, p.y + h, h, h));
      double lowerLeft = Pixels.meanLightness(image, new Rectangle(p.x, p.y + h, h, h));
      double zero = Pixels.lightness(ZERO);
      assertTrue(upperRight > zero + 2, "panel " + k + ": upper right mean L* " + upperRight);
      // σ = 0.3 puts essentially no point below y = 0 or left of x = 0 (6.7σ away)
      assertEquals(zero, upperLeft, 1e-9, "panel " + k + ": upper left");
      assertEquals(zero, lowerRight, 1e-9, "panel " + k + ": lower right");
      assertEquals(zero, lowerLeft, 1e-9, "panel " + k + ": lower left");
    }
  }

  @Test
  void aSinglePointLightsExactlyItsBinAtItsCoordinates() throws IOException {
    double x = 3.1;
    double y = -1.1;
    Path out = dir.resolve("point.png");
    figure.write(out, "", new double[] {x, y}, standardNormalGrid(10), 10, new double[] {x, y});
    BufferedImage image = Pixels.readPng(out);
    for (int k : new int[] {0, 2}) {
      Rectangle p = figure.panelArea(k);
      // data → pixel with y up: column from x − xMin, row from yMax − y
      int px = p.x + (int) ((x + 4) / 8 * p.width);
      int py = p.y + (int) ((4 - y) / 8 * p.height);
      assertEquals(TOP, Pixels.rgb(image, px, py), "panel " + k + " at the point");
      int tx = p.x + (int) ((y + 4) / 8 * p.width);
      int ty = p.y + (int) ((4 - x) / 8 * p.height);
      assertEquals(ZERO, Pixels.rgb(image, tx, ty), "panel " + k + " at the transposed point");
      // one 75-bin cell of a 300-pixel panel is 4 × 4 pixels
      assertEquals(16, Pixels.count(image, p, TOP), "panel " + k + " lit pixels");
      assertEquals(p.width * p.height - 16, Pixels.count(image, p, ZERO), "panel " + k + " zero pixels");
    }
  }

  @Test
  void minusInfinityAndNanLogDensitiesGetTheZeroColour() throws IOException {
    int g = 20;
    double[] logp = standardNormalGrid(g);
    for (int j = 0; j < g; j++) {
      for (int i = 0; i < g / 2; i++) {
        logp[j * g + i] = (i + j) % 2 == 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
      }
    }
    Path out = dir.resolve("masked.png");
    figure.write(out, "", new double[] {0, 0}, logp, g, new double[] {0, 0});
    BufferedImage image = Pixels.readPng(out);
    Rectangle p = figure.panelArea(1);
    Rectangle left = new Rectangle(p.x, p.y, p.width / 2, p.height);
    Rectangle right = new Rectangle(p.x + p.width / 2, p.y, p.width / 2, p.height);
    assertEquals(left.width * left.height, Pixels.count(image, left, ZERO), "left half is all zero colour");
    assertTrue(Pixels.count(image, right, TOP) > 0, "the right half holds the maximum");
  }

  @Test
  void allMinusInfinityIsAnAllZeroPanelNotAnError() throws IOException {
    double[] logp = new double[16];
    Arrays.fill(logp, Double.NEGATIVE_INFINITY);
    Path out = dir.resolve("empty.png");
    figure.write(out, "", new double[] {0, 0}, logp, 4, new double[] {9, 9});
    BufferedImage image = Pixels.readPng(out);
    Rectangle p = figure.panelArea(1);
    assertEquals(p.width * p.height, Pixels.count(image, p, ZERO));
    Rectangle s = figure.panelArea(2);
    assertEquals(s.width * s.height, Pixels.count(image, s, ZERO), "the only sample is outside the range");
  }

  @Test
  void badInputsNameTheArgument() {
    Path out = dir.resolve("bad.png");
    double[] ok = {0, 0};
    double[] grid = standardNormalGrid(40);
    assertMessage("samples must have an even length (n×2), got 7",
        () -> figure.write(out, "", ok, grid, 40, new double[7]));
    assertMessage("data must have an even length (n×2), got 3",
        () -> figure.write(out, "", new double[3], grid, 40, ok));
    assertMessage("data must hold at least one point (n×2, n ≥ 1), got 0 values",
        () -> figure.write(out, "", new double[0], grid, 40, ok));
    assertMessage("log-density grid must have 40×40 = 1600 entries, got 1599",
        () -> figure.write(out, "", ok, Arrays.copyOf(grid, 1599), 40, ok));
    double[] infinite = grid.clone();
    infinite[41] = Double.POSITIVE_INFINITY;
    assertMessage("log-density grid must not contain +Infinity, got it at entry 41 (i = 1, j = 1)",
        () -> figure.write(out, "", ok, infinite, 40, ok));
    assertMessage("grid size g must be in [1, 30000], got 0", () -> figure.write(out, "", ok, grid, 0, ok));
    assertMessage("panelSize must be in [64, 4096] pixels, got 10", () -> figure.withPanelSize(10));
    assertMessage("bins must be in [1, panelSize = 300], got 301", () -> figure.withBins(301));
    assertMessage("out must be a file path, but " + dir + " is a directory",
        () -> figure.write(dir, "", ok, grid, 40, ok));
    NullPointerException npe = assertThrows(NullPointerException.class,
        () -> figure.write(out, "", null, grid, 40, ok));
    assertEquals("data must not be null", npe.getMessage());
    assertFalse(Files.exists(out), "nothing is written for bad input");
  }

  @Test
  void badInputLeavesAnExistingFileAndCreatesNothing() throws IOException {
    Path out = dir.resolve("kept.png");
    byte[] old = "previous figure".getBytes();
    Files.write(out, old);
    assertThrows(IllegalArgumentException.class,
        () -> figure.write(out, "", new double[] {0, 0}, new double[3], 2, new double[] {0, 0}));
    assertArrayEquals(old, Files.readAllBytes(out));
    assertArrayEquals(new String[] {"kept.png"}, Pixels.listing(dir), "no temporary file left behind");

    Path nested = dir.resolve("not-yet").resolve("f.png");
    assertThrows(IllegalArgumentException.class,
        () -> figure.write(nested, "", new double[1], standardNormalGrid(2), 2, new double[] {0, 0}));
    assertFalse(Files.exists(nested.getParent()), "directories are created only for valid input");
  }

  @Test
  void writingOverAnExistingFileReplacesItCompletely() throws IOException {
    double[] points = gaussianCloud(0, 0, 1, 300);
    double[] grid = standardNormalGrid(30);
    Path fresh = dir.resolve("fresh.png");
    figure.write(fresh, "t", points, grid, 30, points);

    Path out = dir.resolve("figure.png");
    byte[] junk = new byte[3 * (int) Files.size(fresh)];
    Arrays.fill(junk, (byte) 'x');
    Files.write(out, junk);
    figure.write(out, "t", points, grid, 30, points);

    Pixels.readPng(out);
    assertEquals(Files.size(fresh), Files.size(out), "no tail of the longer old file survives");
    assertEquals(-1L, Files.mismatch(fresh, out), "same bytes as a fresh write");
    assertArrayEquals(new String[] {"figure.png", "fresh.png"}, Pixels.listing(dir), "no temporary files");
  }

  @Test
  void missingParentDirectoriesAreCreated() throws IOException {
    Path out = dir.resolve("a").resolve("b").resolve("density.png");
    figure.write(out, "", new double[] {0, 0}, standardNormalGrid(8), 8, new double[] {0, 0});
    Pixels.readPng(out);
  }

  @Test
  void inputsAreNotModified() {
    double[] points = gaussianCloud(0, 0, 1, 50);
    double[] grid = standardNormalGrid(12);
    double[] pointsCopy = points.clone();
    double[] gridCopy = grid.clone();
    figure.render("", points, grid, 12, points);
    assertArrayEquals(pointsCopy, points, 0.0);
    assertArrayEquals(gridCopy, grid, 0.0);
  }

  /** log N(x; 0, I) on the default range's g × g grid. */
  private double[] standardNormalGrid(int g) {
    double[] xy = figure.range().gridPoints(g);
    double[] logp = new double[g * g];
    for (int k = 0; k < logp.length; k++) {
      double x = xy[2 * k];
      double y = xy[2 * k + 1];
      logp[k] = -Math.log(2 * Math.PI) - 0.5 * (x * x + y * y);
    }
    return logp;
  }

  private static double[] gaussianCloud(double mx, double my, double sd, int n) {
    Random random = new Random(SEED);
    double[] p = new double[2 * n];
    for (int k = 0; k < n; k++) {
      p[2 * k] = mx + sd * random.nextGaussian();
      p[2 * k + 1] = my + sd * random.nextGaussian();
    }
    return p;
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}
