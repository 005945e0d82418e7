package org.odespark.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The standard picture of a 2-D density model: three square panels side by side over the same {@link
 * PlotRange} (default [−4, 4]²),
 * <ol>
 *   <li>"data" — a 2-D histogram of the training points,
 *   <li>"model density" — p(x) = exp(log p(x)) on the g × g grid of {@link PlotRange#gridPoints(int)},
 *   <li>"samples" — a 2-D histogram of points drawn from the model,
 * </ol>
 * under one title line (for example dataset, iteration and test NLL), with axis ticks under every panel and
 * on the left of the first, and a note under each panel (point count and how many fell outside the range,
 * or the grid size and the largest density).
 *
 * <p>Colour: each panel is scaled linearly from 0 to its own maximum through viridis ({@link Colormap}), so the three panels compare shapes, not absolute heights. A log-density of −∞ or NaN, an
 * empty bin and everything below 1/256 of the maximum get the colormap's first ("zero") colour. Pixels are
 * laid out y up, as described in {@link PlotRange}.
 *
 * <p>Image size: {@code width() = 3·P + 2·24 + 44 + 16} and {@code height() = P + 58 + 46} pixels for panel
 * size P (default 300, giving 1008 × 404). Immutable and thread-safe; {@code withX} methods return copies.
 */
public final class DensityFigure {

  /** Panel titles, left to right. */
  static final String[] PANEL_TITLES = {"data", "model density", "samples"};

  static final int LEFT = 44;
  static final int GAP = 24;
  static final int RIGHT = 16;
  static final int TOP = 58;
  static final int BOTTOM = 46;

  private static final int MIN_PANEL = 64;
  private static final int MAX_PANEL = 4096;
  private static final Color INK = new Color(0x222222);
  private static final Color MUTED = new Color(0x555555);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private final PlotRange range;
  private final int panelSize;
  private final int bins;
  private static final Colormap VIRIDIS = Colormap.viridis();

  private DensityFigure(PlotRange range, int panelSize, int bins) {
    this.range = Objects.requireNonNull(range, "range must not be null");
    if (panelSize < MIN_PANEL || panelSize > MAX_PANEL) {
      throw new IllegalArgumentException("panelSize must be in [" + MIN_PANEL + ", " + MAX_PANEL
          + "] pixels, got " + panelSize);
    }
    if (bins < 1 || bins > panelSize) {
      throw new IllegalArgumentException("bins must be in [1, panelSize = " + panelSize + "], got " + bins);
    }
    this.panelSize = panelSize;
    this.bins = bins;
  }

  /** Range [−4, 4]², 300-pixel panels, 75 × 75 histogram bins (4 pixels each), viridis. */
  public static DensityFigure defaults() {
    return new DensityFigure(PlotRange.square(-4, 4), 300, 75);
  }

  /** Same figure over another range; the evaluation grid must then come from {@code range.gridPoints(g)}. */
  public DensityFigure withRange(PlotRange range) {
    return new DensityFigure(range, panelSize, bins);
  }

  /**
   * Same figure with P × P pixel panels.
   *
   * @throws IllegalArgumentException if P is outside [64, 4096] or smaller than the bin count
   */
  public DensityFigure withPanelSize(int pixels) {
    return new DensityFigure(range, pixels, bins);
  }

  /**
   * Same figure with {@code bins × bins} histogram cells in the data and samples panels.
   *
   * @throws IllegalArgumentException if bins is outside [1, panel size]
   */
  public DensityFigure withBins(int bins) {
    return new DensityFigure(range, panelSize, bins);
  }

  public PlotRange range() {
    return range;
  }

  /** Width of the image in pixels: 3·P + 2·24 + 44 + 16. */
  public int width() {
    return LEFT + 3 * panelSize + 2 * GAP + RIGHT;
  }

  /** Height of the image in pixels: P + 58 + 46. */
  public int height() {
    return TOP + panelSize + BOTTOM;
  }

  /** Pixel rectangle of panel k (0 data, 1 model density, 2 samples) inside the image. */
  Rectangle panelArea(int k) {
    return new Rectangle(LEFT + k * (panelSize + GAP), TOP, panelSize, panelSize);
  }

  /**
   * Renders the figure and writes it as a PNG to {@code out}, atomically (see the package comment).
   * All arguments are checked before any rendering.
   *
   * @param out target file; missing parent directories are created, an existing file is replaced
   * @param title the title line, e.g. {@code "8gaussians · iteration 2000 · test NLL 2.91"}; "" for none
   * @param data training points, row-major (n × 2), n ≥ 1; points outside the range or non-finite are
   *     counted in the note but not drawn; not modified
   * @param logDensity log p at the g² grid points of {@code range().gridPoints(g)}, same order; −∞ and NaN
   *     mean zero density, +∞ is rejected; not modified
   * @param g grid points per axis
   * @param samples model samples, row-major (m × 2), m ≥ 1, treated like {@code data}; not modified
   * @throws IllegalArgumentException if an argument has the wrong shape or {@code logDensity} holds +∞
   * @throws NullPointerException if an argument is null
   * @throws IOException if the file cannot be written
   */
  public void write(Path out, String title, double[] data, double[] logDensity, int g, double[] samples)
      throws IOException {
    PngOutput.checkTarget(out);
    BufferedImage image = render(title, data, logDensity, g, samples);
    PngOutput.write(image, out);
  }

  /**
   * Renders the figure into a new RGB image of {@link #width()} × {@link #height()} pixels; arguments as
   * for {@link #write}.
   */
  public BufferedImage render(String title, double[] data, double[] logDensity, int g, double[] samples) {
    Objects.requireNonNull(title, "title must not be null (use \"\" for none)");
    checkPoints("data", data);
    checkPoints("samples", samples);
    checkLogDensity(logDensity, g);

    BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D gfx = image.createGraphics();
    try {
      gfx.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      gfx.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      gfx.setColor(Color.WHITE);
      gfx.fillRect(0, 0, width(), height());

      int dataOutside = fillHistogram(image, panelArea(0), data);
      double maxDensity = fillDensity(image, panelArea(1), logDensity, g);
      int samplesOutside = fillHistogram(image, panelArea(2), samples);

      String[] notes = {
          countNote(data.length / 2, dataOutside),
          "grid " + g + "×" + g + ", max p = " + String.format(Locale.ROOT, "%.3g", maxDensity),
          countNote(samples.length / 2, samplesOutside)};
      drawDecorations(gfx, title, notes);
    } finally {
      gfx.dispose();
    }
    return image;
  }

  // ---- validation -------------------------------------------------------------------------------------

  private static void checkPoints(String name, double[] points) {
    Objects.requireNonNull(points, name + " must not be null");
    if (points.length % 2 != 0) {
      throw new IllegalArgumentException(name + " must have an even length (n×2), got " + points.length);
    }
    if (points.length == 0) {
      throw new IllegalArgumentException(name + " must hold at least one point (n×2, n ≥ 1), got 0 values");
    }
  }

  private static void checkLogDensity(double[] logDensity, int g) {
    PlotRange.checkGridSize(g);
    Objects.requireNonNull(logDensity, "logDensity must not be null");
    long expected = (long) g * g;
    if (logDensity.length != expected) {
      throw new IllegalArgumentException("log-density grid must have " + g + "×" + g + " = " + expected
          + " entries, got " + logDensity.length);
    }
    for (int k = 0; k < logDensity.length; k++) {
      if (logDensity[k] == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("log-density grid must not contain +Infinity, got it at entry " + k
            + " (i = " + (k % g) + ", j = " + (k / g) + ")");
      }
    }
  }

  // ---- raster panels ----------------------------------------------------------------------------------

  /** Bins the in-range points, paints the panel, returns how many points were not drawn. */
  private int fillHistogram(BufferedImage image, Rectangle panel, double[] points) {
    double[] counts = new double[bins * bins];
    int outside = 0;
    double sx = bins / range.width();
    double sy = bins / range.height();
    for (int k = 0; k < points.length; k += 2) {
      double x = points[k];
      double y = points[k + 1];
      if (!range.contains(x, y)) {
        outside++;
        continue;
      }
      // x == xMax lands in the last cell rather than one past it.
      int i = Math.min(bins - 1, (int) ((x - range.xMin()) * sx));
      int j = Math.min(bins - 1, (int) ((y - range.yMin()) * sy));
      counts[j * bins + i] += 1;
    }
    paintCells(image, panel, counts, bins, max(counts));
    return outside;
  }

  /** Paints exp(log p) normalised by its maximum, returns the maximum density (0 if all are zero). */
  private double fillDensity(BufferedImage image, Rectangle panel, double[] logDensity, int g) {
    double maxLog = Double.NEGATIVE_INFINITY;
    for (double v : logDensity) {
      if (v > maxLog) {
        maxLog = v;
      }
    }
    double[] relative = new double[logDensity.length];
    if (maxLog > Double.NEGATIVE_INFINITY) {
      // Subtracting the maximum first keeps exp from overflowing for sharply peaked models.
      for (int k = 0; k < relative.length; k++) {
        double v = logDensity[k];
        relative[k] = v > Double.NEGATIVE_INFINITY ? Math.exp(v - maxLog) : 0.0;
      }
    }
    paintCells(image, panel, relative, g, maxLog > Double.NEGATIVE_INFINITY ? 1.0 : 0.0);
    return maxLog > Double.NEGATIVE_INFINITY ? Math.exp(maxLog) : 0.0;
  }

  /** Colours each panel pixel from the cell (i, j) of a c × c row-major value grid, j = 0 at the bottom. */
  private void paintCells(BufferedImage image, Rectangle panel, double[] values, int c, double max) {
    int p = panel.width;
    int[] row = new int[p];
    for (int py = 0; py < p; py++) {
      int j = c - 1 - (int) ((long) py * c / p);
      for (int px = 0; px < p; px++) {
        int i = (int) ((long) px * c / p);
        row[px] = VIRIDIS.rgb(max > 0 ? values[j * c + i] / max : 0.0);
      }
      image.setRGB(panel.x, panel.y + py, p, 1, row, 0, p);
    }
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  // ---- titles, ticks, notes ---------------------------------------------------------------------------

  private void drawDecorations(Graphics2D gfx, String title, String[] notes) {
    gfx.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    gfx.setColor(INK);
    gfx.setFont(TITLE_FONT);
    drawCentered(gfx, title, width() / 2, 24);

    double[] xTicks = Ticks.nice(range.xMin(), range.xMax(), panelSize);
    double[] yTicks = Ticks.nice(range.yMin(), range.yMax(), panelSize);
    int xDecimals = Ticks.decimals(xTicks);
    int yDecimals = Ticks.decimals(yTicks);
    for (int k = 0; k < 3; k++) {
      Rectangle panel = panelArea(k);
      int centre = panel.x + panel.width / 2;
      gfx.setColor(INK);
      gfx.setFont(PANEL_FONT);
      drawCentered(gfx, PANEL_TITLES[k], centre, panel.y - 10);

      gfx.setStroke(new BasicStroke(1f));
      gfx.setColor(MUTED);
      gfx.drawRect(panel.x - 1, panel.y - 1, panel.width + 1, panel.height + 1);
      gfx.setFont(TICK_FONT);
      int bottom = panel.y + panel.height;
      for (double t : xTicks) {
        int px = panel.x + (int) Math.round((t - range.xMin()) / range.width() * (panel.width - 1));
        gfx.drawLine(px, bottom + 1, px, bottom + 4);
        drawCentered(gfx, Ticks.label(t, xDecimals), px, bottom + 17);
      }
      for (double t : yTicks) {
        int py = bottom - 1 - (int) Math.round((t - range.yMin()) / range.height() * (panel.height - 1));
        gfx.drawLine(panel.x - 5, py, panel.x - 2, py);
        if (k == 0) {
          String label = Ticks.label(t, yDecimals);
          FontMetrics fm = gfx.getFontMetrics();
          gfx.drawString(label, panel.x - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
      }
      gfx.setFont(NOTE_FONT);
      drawCentered(gfx, notes[k], centre, bottom + 36);
    }
  }

  private static void drawCentered(Graphics2D gfx, String text, int centreX, int baseline) {
    if (text.isEmpty()) {
      return;
    }
    int w = gfx.getFontMetrics().stringWidth(text);
    gfx.drawString(text, centreX - w / 2, baseline);
  }

  private static String countNote(int n, int outside) {
    return outside == 0 ? "n = " + n : "n = " + n + ", " + outside + " outside the range";
  }
}
