package org.odespark.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one look shared by the XChart-based figures: white background, light grid, readable fonts, and the
 * colour-blind-safe categorical palette of M. Okabe and K. Ito ("Color Universal Design", 2008), ordered
 * so that the first colours differ most. Stateless.
 */
final class ChartStyle {

  /** Okabe–Ito blue, vermillion, bluish green, orange, reddish purple, sky blue, black (no faint yellow). */
  static final Color[] PALETTE = {
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xE69F00),
      new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000)};

  static final Color INK = new Color(0x222222);
  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Color GRID = new Color(0xE3E3E3);

  /** Longest straight piece, in pixels, of a resampled line (see {@link #finish}). */
  static final double MAX_PIECE_PIXELS = 1.0;
  /** Above this many resampled points a line is drawn as given. */
  static final int MAX_RESAMPLED_POINTS = 250_000;

  static final BasicStroke LINE = new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  static final BasicStroke THIN = new BasicStroke(1.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
      10f, new float[] {6f, 4f}, 0f);

  private ChartStyle() {}

  /** Checks an image side against the figures' common range, [200, 8192] pixels. */
  static void checkSide(String name, int pixels) {
    if (pixels < 200 || pixels > 8192) {
      throw new IllegalArgumentException(name + " must be in [200, 8192] pixels, got " + pixels);
    }
  }

  /** Palette colour k, cycling. */
  static Color color(int k) {
    return PALETTE[k % PALETTE.length];
  }

  /** A line chart with the shared look; legend inside at {@code legend}. */
  static XYChart lineChart(int width, int height, String title, String xTitle, String yTitle,
      Styler.LegendPosition legend) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setPlotBorderColor(new Color(0xAAAAAA));
    s.setPlotGridLinesColor(GRID);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartFontColor(INK);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setChartTitleBoxVisible(false);
    s.setChartTitleVisible(title != null && !title.isEmpty());
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setAxisTickLabelsColor(INK);
    s.setAxisTickMarksColor(new Color(0x888888));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendPosition(legend);
    s.setLegendBorderColor(new Color(0xCCCCCC));
    s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
    s.setLegendSeriesLineLength(22);
    s.setChartPadding(12);
    s.setPlotMargin(4);
    s.setMarkerSize(8);
    s.setToolTipsEnabled(false);
    return chart;
  }

  /** Adds a plain line (no markers); call {@link #finish} after the last series. */
  static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
    series.setLineStyle(stroke);
    return series;
  }

  /** Adds points drawn as filled circles without a connecting line. */
  static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setMarkerColor(color);
    return series;
  }

  /**
   * Final touches once all series are added.
   *
   * <p>Lines: XChart strokes a polyline one segment at a time, so a dense trajectory (thousands of
   * segments a pixel or two long) gets a beaded texture from overlapping anti-aliased segment ends and a
   * dash pattern that restarts at every vertex, i.e. never shows. Its "smooth" mode instead strokes the
   * whole series as one path of cubic pieces with horizontal end tangents; on pieces at most {@link
   * #MAX_PIECE_PIXELS} long those pieces are indistinguishable from straight segments. So each line is
   * resampled linearly to that resolution (in pixels, estimated from the data range and the chart size,
   * which over-estimates the scale and so errs towards finer pieces) and drawn in smooth mode, unless that
   * would exceed {@link #MAX_RESAMPLED_POINTS} points, where it is left as it is.
   *
   * <p>Ticks: XChart places x (and y) ticks only on data values, every k-th one, when all values of the
   * axis are equally spaced (iterations 1, 2, …, n; a uniform time grid), which gives labels such as 0, 91,
   * 182. A hidden series with two unevenly spaced values inside the data range makes it choose round
   * steps instead.
   */
  static void finish(XYChart chart) {
    double[] range = dataRange(chart);
    if (range == null) {
      return;
    }
    double sx = range[1] > range[0] ? chart.getWidth() / (range[1] - range[0]) : 0;
    double sy = range[3] > range[2] ? chart.getHeight() / (range[3] - range[2]) : 0;
    for (XYSeries series : chart.getSeriesMap().values()) {
      if (series.getXYSeriesRenderStyle() != XYSeries.XYSeriesRenderStyle.Line) {
        continue;
      }
      double[][] resampled = resample(series.getXData(), series.getYData(), sx, sy);
      if (resampled != null) {
        chart.updateXYSeries(series.getName(), resampled[0], resampled[1], null);
        series.setSmooth(true);
      }
    }
    double golden = 0.381966;
    XYSeries hint = chart.addSeries("\0axis-hint",
        new double[] {range[0], range[0] + golden * (range[1] - range[0])},
        new double[] {range[2], range[2] + golden * (range[3] - range[2])});
    hint.setShowInLegend(false);
    hint.setEnabled(false);
  }

  /** {xMin, xMax, yMin, yMax} over the finite points of all series, or null if there are none. */
  private static double[] dataRange(XYChart chart) {
    double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    for (XYSeries series : chart.getSeriesMap().values()) {
      double[] x = series.getXData();
      double[] y = series.getYData();
      for (int i = 0; i < x.length; i++) {
        if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
          r[0] = Math.min(r[0], x[i]);
          r[1] = Math.max(r[1], x[i]);
          r[2] = Math.min(r[2], y[i]);
          r[3] = Math.max(r[3], y[i]);
        }
      }
    }
    return r[0] <= r[1] ? r : null;
  }

  /**
   * The polyline with every segment cut into equal pieces at most {@link #MAX_PIECE_PIXELS} long at scale
   * (sx, sy) pixels per unit; NaN points (gaps) are kept as they are. Null if the result would be too long.
   */
  static double[][] resample(double[] x, double[] y, double sx, double sy) {
    long total = x.length;
    for (int i = 1; i < x.length; i++) {
      total += pieces(x[i - 1], y[i - 1], x[i], y[i], sx, sy) - 1;
      if (total > MAX_RESAMPLED_POINTS) {
        return null;
      }
    }
    double[] rx = new double[(int) total];
    double[] ry = new double[(int) total];
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      if (i > 0) {
        int m = pieces(x[i - 1], y[i - 1], x[i], y[i], sx, sy);
        for (int p = 1; p < m; p++) {
          double f = (double) p / m;
          rx[k] = x[i - 1] + f * (x[i] - x[i - 1]);
          ry[k] = y[i - 1] + f * (y[i] - y[i - 1]);
          k++;
        }
      }
      rx[k] = x[i];
      ry[k] = y[i];
      k++;
    }
    return new double[][] {rx, ry};
  }

  private static int pieces(double x0, double y0, double x1, double y1, double sx, double sy) {
    double dx = (x1 - x0) * sx;
    double dy = (y1 - y0) * sy;
    double len = Math.sqrt(dx * dx + dy * dy);
    if (!(len > MAX_PIECE_PIXELS)) {
      return 1; // also for NaN ends: the gap stays a gap
    }
    return (int) Math.min(MAX_RESAMPLED_POINTS, Math.ceil(len / MAX_PIECE_PIXELS));
  }

  /** Height of the title strip {@link #compose} draws above the charts when the title is not empty. */
  static final int TITLE_STRIP = 34;

  /** {@link #TITLE_STRIP} for a non-empty title, else 0. */
  static int titleStrip(String title) {
    return title.isEmpty() ? 0 : TITLE_STRIP;
  }

  /**
   * One RGB image: the title centred in a strip of {@link #titleStrip} pixels at the top, then each chart
   * at its own size with its top-left corner at (xs[k], ys[k] + strip).
   */
  static BufferedImage compose(int width, int height, String title, XYChart[] charts, int[] xs, int[] ys) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int strip = titleStrip(title);
      // Pure strokes: the default normalisation snaps path vertices to pixel centres, which turns steep
      // anti-aliased lines into staircases.
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      for (int k = 0; k < charts.length; k++) {
        int w = charts[k].getWidth();
        int h = charts[k].getHeight();
        Graphics2D cg = (Graphics2D) g.create(xs[k], ys[k] + strip, w, h);
        try {
          charts[k].paint(cg, w, h);
        } finally {
          cg.dispose();
        }
      }
      if (strip > 0) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(INK);
        g.setFont(TITLE_FONT);
        int w = g.getFontMetrics().stringWidth(title);
        g.drawString(title, Math.max(4, (width - w) / 2), 24);
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
