package org.odespark.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Trajectories z(t) of an n-dimensional ODE dz/dt = f(z, t) drawn in a plane: x = z[a], y = z[b] for two
 * chosen components, each trajectory a line in its own colour with a black dot at its start z(t₀); and
 * optionally, to the right, a time-series panel of z[a] (solid) and z[b] (dashed) against t.
 *
 * <p>Example, the damped pendulum θ'' = −0.25 θ' − 5 sin θ from θ = π − 0.1, ω = 0, as z = (θ, ω):
 * <pre>{@code
 * PhasePortrait.of(2).withLabels("θ (rad)", "ω (rad/s)")
 *     .withTrajectory("θ₀ = π − 0.1", times, states)   // states row-major (N × 2)
 *     .withTimeSeries(true).withTitle("damped pendulum").write(Path.of("pendulum.png"));
 * }</pre>
 *
 * <p>Every array is copied and checked when it is given, so {@link #write} only renders. Immutable and
 * thread-safe; {@code withX} methods return copies.
 */
public final class PhasePortrait {

  private static final int MAX_TRAJECTORIES = 64;
  private static final Color START = Color.BLACK;

  private final int dimension;
  private final int xComponent;
  private final int yComponent;
  private final String xLabel;
  private final String yLabel;
  private final String title;
  private final boolean timeSeries;
  private final int panelWidth;
  private final int panelHeight;
  private final String[] labels;
  private final double[][] times;
  private final double[][] states;

  private PhasePortrait(int dimension, int xComponent, int yComponent, String xLabel, String yLabel,
      String title, boolean timeSeries, int panelWidth, int panelHeight, String[] labels, double[][] times,
      double[][] states) {
    this.dimension = dimension;
    this.xComponent = xComponent;
    this.yComponent = yComponent;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.title = title;
    this.timeSeries = timeSeries;
    this.panelWidth = panelWidth;
    this.panelHeight = panelHeight;
    this.labels = labels;
    this.times = times;
    this.states = states;
  }

  /**
   * An empty portrait for states of dimension n: components 0 and 1, labels "z[0]" and "z[1]", no title,
   * no time series, a 560 × 520 pixel phase panel.
   *
   * @param dimension state dimension n ≥ 2
   * @throws IllegalArgumentException if n < 2
   */
  public static PhasePortrait of(int dimension) {
    if (dimension < 2) {
      throw new IllegalArgumentException("dimension must be ≥ 2 for a phase plane, got " + dimension);
    }
    return new PhasePortrait(dimension, 0, 1, "z[0]", "z[1]", "", false, 560, 520, new String[0],
        new double[0][], new double[0][]);
  }

  /**
   * Chooses the components drawn on the x and y axes; the axis labels become "z[a]" and "z[b]" unless set
   * by {@link #withLabels} afterwards.
   *
   * @throws IllegalArgumentException if a component is outside [0, n) or both are equal
   */
  public PhasePortrait withComponents(int a, int b) {
    checkComponent("x component", a);
    checkComponent("y component", b);
    if (a == b) {
      throw new IllegalArgumentException("x component and y component must differ, got both " + a);
    }
    return new PhasePortrait(dimension, a, b, "z[" + a + "]", "z[" + b + "]", title, timeSeries, panelWidth,
        panelHeight, labels, times, states);
  }

  /** Axis labels of the phase plane (and the legend names of the time-series lines), e.g. "θ", "ω". */
  public PhasePortrait withLabels(String xLabel, String yLabel) {
    Objects.requireNonNull(xLabel, "xLabel must not be null");
    Objects.requireNonNull(yLabel, "yLabel must not be null");
    return new PhasePortrait(dimension, xComponent, yComponent, xLabel, yLabel, title, timeSeries, panelWidth,
        panelHeight, labels, times, states);
  }

  /** The title line above the figure; "" for none. */
  public PhasePortrait withTitle(String title) {
    Objects.requireNonNull(title, "title must not be null (use \"\" for none)");
    return new PhasePortrait(dimension, xComponent, yComponent, xLabel, yLabel, title, timeSeries, panelWidth,
        panelHeight, labels, times, states);
  }

  /** Whether to add the time-series panel (z[a], z[b] against t) to the right of the phase plane. */
  public PhasePortrait withTimeSeries(boolean show) {
    return new PhasePortrait(dimension, xComponent, yComponent, xLabel, yLabel, title, show, panelWidth,
        panelHeight, labels, times, states);
  }

  /**
   * Size of each panel in pixels; the image is one panel wide, or two with the time series.
   *
   * @throws IllegalArgumentException if a side is outside [200, 8192]
   */
  public PhasePortrait withPanelSize(int width, int height) {
    ChartStyle.checkSide("panel width", width);
    ChartStyle.checkSide("panel height", height);
    return new PhasePortrait(dimension, xComponent, yComponent, xLabel, yLabel, title, timeSeries, width,
        height, labels, times, states);
  }

  /**
   * Adds a trajectory.
   *
   * @param label legend name, e.g. the initial condition
   * @param t output times, length N ≥ 1, finite, strictly monotone (increasing or decreasing); copied
   * @param z states at those times, row-major (N × n), finite; copied
   * @throws IllegalArgumentException if the shapes disagree, a value is not finite, t is not monotone, or
   *     64 trajectories are already present
   */
  public PhasePortrait withTrajectory(String label, double[] t, double[] z) {
    Objects.requireNonNull(label, "label must not be null");
    Objects.requireNonNull(t, "times must not be null");
    Objects.requireNonNull(z, "states must not be null");
    if (labels.length >= MAX_TRAJECTORIES) {
      throw new IllegalArgumentException("at most " + MAX_TRAJECTORIES + " trajectories fit one portrait");
    }
    if (t.length == 0) {
      throw new IllegalArgumentException("times must hold at least one time, got 0");
    }
    if (z.length != (long) t.length * dimension) {
      throw new IllegalArgumentException("states must have times.length × dimension = " + t.length + "×"
          + dimension + " = " + (long) t.length * dimension + " entries, got " + z.length);
    }
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i])) {
        throw new IllegalArgumentException("times must be finite, got " + t[i] + " at index " + i);
      }
    }
    if (t.length > 1) {
      double sign = Math.signum(t[1] - t[0]);
      for (int i = 1; i < t.length; i++) {
        if (sign == 0 || Math.signum(t[i] - t[i - 1]) != sign) {
          throw new IllegalArgumentException("times must be strictly monotone, got " + t[i - 1] + " then "
              + t[i] + " at index " + i);
        }
      }
    }
    for (int k = 0; k < z.length; k++) {
      if (!Double.isFinite(z[k])) {
        throw new IllegalArgumentException("states must be finite, got " + z[k] + " at row " + k / dimension
            + ", component " + k % dimension);
      }
    }
    String[] l = Arrays.copyOf(labels, labels.length + 1);
    double[][] ts = Arrays.copyOf(times, times.length + 1);
    double[][] zs = Arrays.copyOf(states, states.length + 1);
    l[labels.length] = label;
    ts[times.length] = t.clone();
    zs[states.length] = z.clone();
    return new PhasePortrait(dimension, xComponent, yComponent, xLabel, yLabel, title, timeSeries, panelWidth,
        panelHeight, l, ts, zs);
  }

  /** Image width in pixels: the panel width, twice that with the time series. */
  public int width() {
    return timeSeries ? 2 * panelWidth : panelWidth;
  }

  /** Image height in pixels: the panel height, plus 34 for the title strip if the title is not empty. */
  public int height() {
    return panelHeight + ChartStyle.titleStrip(title);
  }

  /**
   * Renders the portrait and writes it as a PNG to {@code out}, atomically (see the package comment).
   *
   * @throws IllegalArgumentException if no trajectory was added or out is a directory
   * @throws NullPointerException if out is null
   * @throws IOException if the file cannot be written
   */
  public void write(Path out) throws IOException {
    PngOutput.checkTarget(out);
    PngOutput.write(render(), out);
  }

  /**
   * Renders the portrait into a new RGB image of {@link #width()} × {@link #height()} pixels.
   *
   * @throws IllegalArgumentException if no trajectory was added
   */
  public BufferedImage render() {
    if (labels.length == 0) {
      throw new IllegalArgumentException("a phase portrait needs at least one trajectory (withTrajectory)");
    }
    XYChart phase = phaseChart();
    if (!timeSeries) {
      return ChartStyle.compose(width(), height(), title, new XYChart[] {phase}, new int[] {0},
          new int[] {0});
    }
    return ChartStyle.compose(width(), height(), title, new XYChart[] {phase, timeChart()},
        new int[] {0, panelWidth}, new int[] {0, 0});
  }

  private XYChart phaseChart() {
    XYChart chart = ChartStyle.lineChart(panelWidth, panelHeight, "", xLabel, yLabel,
        Styler.LegendPosition.InsideNE);
    double[] startX = new double[labels.length];
    double[] startY = new double[labels.length];
    for (int k = 0; k < labels.length; k++) {
      ChartStyle.line(chart, legendName(k), column(states[k], xComponent), column(states[k], yComponent),
          ChartStyle.color(k), ChartStyle.LINE);
      startX[k] = states[k][xComponent];
      startY[k] = states[k][yComponent];
    }
    ChartStyle.points(chart, "start", startX, startY, START);
    ChartStyle.finish(chart);
    return chart;
  }

  private XYChart timeChart() {
    XYChart chart = ChartStyle.lineChart(panelWidth, panelHeight, "", "t", "state",
        Styler.LegendPosition.InsideNE);
    boolean single = labels.length == 1;
    for (int k = 0; k < labels.length; k++) {
      String prefix = single ? "" : legendName(k) + ": ";
      Color xColor = single ? ChartStyle.color(0) : ChartStyle.color(k);
      Color yColor = single ? ChartStyle.color(1) : ChartStyle.color(k);
      ChartStyle.line(chart, prefix + xLabel, times[k], column(states[k], xComponent), xColor,
          ChartStyle.LINE);
      ChartStyle.line(chart, prefix + yLabel, times[k], column(states[k], yComponent), yColor,
          ChartStyle.DASHED);
    }
    ChartStyle.finish(chart);
    return chart;
  }

  /** XChart needs unique series names; repeated or empty labels get a number. */
  private String legendName(int k) {
    String name = labels[k].isEmpty() ? "trajectory " + (k + 1) : labels[k];
    for (int i = 0; i < k; i++) {
      if (labels[i].equals(labels[k])) {
        return name + " (" + (k + 1) + ")";
      }
    }
    return name;
  }

  private double[] column(double[] z, int c) {
    double[] out = new double[z.length / dimension];
    for (int i = 0; i < out.length; i++) {
      out[i] = z[i * dimension + c];
    }
    return out;
  }

  private void checkComponent(String name, int c) {
    if (c < 0 || c >= dimension) {
      throw new IllegalArgumentException(name + " must be in [0, " + dimension + "), got " + c);
    }
  }
}
