package org.odespark.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * A trained time-series model on a few series, one panel each: the observed points, the posterior-mean
 * trajectory (solid) and posterior samples (thin, lighter). Two-dimensional series are drawn in their plane
 * (x₁ against x₀, as the spirals of Chen et al. 2018, Fig. 9); others as each feature against time.
 * Stateless.
 */
public final class SeriesFigure {

  private static final int PANEL_WIDTH = 460;
  private static final int PANEL_HEIGHT = 360;
  private static final int COLUMNS = 2;
  private static final int MAX_PANELS = 8;

  /**
   * One series.
   *
   * @param label the panel's title (the series id)
   * @param observedTimes n observation times
   * @param observed n × D observed values (row-major)
   * @param mask n × D masks (1 measured; an unmeasured value is not drawn)
   * @param times m times of the trajectory, increasing
   * @param mean m × D posterior-mean (or point) prediction
   * @param samples k × m × D posterior samples (k may be 0)
   */
  public record Panel(String label, double[] observedTimes, double[] observed, double[] mask, double[] times,
                      double[] mean, double[] samples) {}

  private SeriesFigure() {}

  /**
   * Renders up to {@value #MAX_PANELS} panels, two per row.
   *
   * @param dim features per observation D, ≥ 1
   * @throws IllegalArgumentException if there is no panel or an array does not match D
   */
  public static BufferedImage render(String title, int dim, List<Panel> panels) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a series figure needs at least one panel");
    }
    int n = Math.min(MAX_PANELS, panels.size());
    XYChart[] charts = new XYChart[n];
    int[] xs = new int[n];
    int[] ys = new int[n];
    for (int k = 0; k < n; k++) {
      charts[k] = chart(dim, panels.get(k));
      xs[k] = (k % COLUMNS) * PANEL_WIDTH;
      ys[k] = (k / COLUMNS) * PANEL_HEIGHT;
    }
    int rows = (n + COLUMNS - 1) / COLUMNS;
    int width = Math.min(n, COLUMNS) * PANEL_WIDTH;
    return ChartStyle.compose(width, rows * PANEL_HEIGHT + ChartStyle.titleStrip(title), title, charts, xs, ys);
  }

  private static XYChart chart(int dim, Panel p) {
    int m = p.times().length;
    int obs = p.observedTimes().length;
    if (p.mean().length != m * dim || p.observed().length != obs * dim || p.mask().length != obs * dim
        || p.samples().length % (m * dim) != 0) {
      throw new IllegalArgumentException("panel '" + p.label() + "': arrays do not match " + m + " times, " + obs
          + " observations and " + dim + " features");
    }
    int samples = p.samples().length / (m * dim);
    boolean plane = dim == 2;
    XYChart chart = ChartStyle.lineChart(PANEL_WIDTH, PANEL_HEIGHT, p.label(), plane ? "x0" : "t",
        plane ? "x1" : "x", Styler.LegendPosition.InsideNE);
    for (int d = 0; d < (plane ? 1 : dim); d++) {
      Color c = ChartStyle.color(d);
      Color light = new Color((c.getRed() + 2 * 255) / 3, (c.getGreen() + 2 * 255) / 3, (c.getBlue() + 2 * 255) / 3);
      String suffix = plane || dim == 1 ? "" : " x" + d;
      for (int s = 0; s < samples; s++) {
        XYSeries line = ChartStyle.line(chart, (s == 0 ? "samples" : "sample " + s) + suffix,
            plane ? column(p.samples(), s * m * dim, m, dim, 0) : p.times(),
            column(p.samples(), s * m * dim, m, dim, plane ? 1 : d), light, ChartStyle.THIN);
        line.setShowInLegend(s == 0);
      }
      ChartStyle.line(chart, "posterior mean" + suffix, plane ? column(p.mean(), 0, m, dim, 0) : p.times(),
          column(p.mean(), 0, m, dim, plane ? 1 : d), c, ChartStyle.LINE);
      int measured = 0;
      for (int i = 0; i < obs; i++) {
        measured += measured(p, i, dim, plane, d) ? 1 : 0;
      }
      double[] ox = new double[measured];
      double[] oy = new double[measured];
      for (int i = 0, j = 0; i < obs; i++) {
        if (measured(p, i, dim, plane, d)) {
          ox[j] = plane ? p.observed()[i * dim] : p.observedTimes()[i];
          oy[j++] = p.observed()[i * dim + (plane ? 1 : d)];
        }
      }
      if (measured > 0) {
        ChartStyle.points(chart, "observed" + suffix, ox, oy, plane ? ChartStyle.color(1) : c);
      }
    }
    ChartStyle.finish(chart);
    return chart;
  }

  private static boolean measured(Panel p, int i, int dim, boolean plane, int d) {
    return plane ? p.mask()[i * dim] != 0 && p.mask()[i * dim + 1] != 0 : p.mask()[i * dim + d] != 0;
  }

  private static double[] column(double[] a, int off, int m, int dim, int d) {
    double[] out = new double[m];
    for (int i = 0; i < m; i++) {
      out[i] = a[off + i * dim + d];
    }
    return out;
  }
}
