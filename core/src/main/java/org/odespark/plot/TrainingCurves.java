package org.odespark.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Training progress as one PNG: on top the training loss per iteration (raw in a light line, a trailing
 * moving average over w iterations in a dark one) with optional test-loss points; below, if given, the
 * number of function evaluations (NFE) of the forward and backward solves per iteration, which shows
 * whether the learned dynamics grow stiff (Chen et al., "Neural Ordinary Differential Equations",
 * NeurIPS 2018, §3; Grathwohl et al., "FFJORD", ICLR 2019, §4).
 *
 * <p>Each loss value has its iteration (counting from 1): {@code loss[i]} belongs to iteration i + 1 by
 * default, or to {@code iterations[i]} when a run logged every K-th iteration only, and the x axis is the
 * iteration, not the value's index. Non-finite losses are allowed
 * (a diverged step is worth seeing): they leave a gap and are counted above the loss chart. Every array is
 * copied and checked when it is given, so {@link #write} only renders. Immutable and thread-safe;
 * {@code withX} methods return copies.
 */
public final class TrainingCurves {

  private static final Color RAW = new Color(0xA6CCE8);
  private static final Color SMOOTH = ChartStyle.color(0);
  private static final Color TEST = ChartStyle.color(1);

  private final double[] iterations;
  private final double[] loss;
  private final double[] testIterations;
  private final double[] testLoss;
  private final String testLabel;
  private final double[] forwardNfe;
  private final double[] backwardNfe;
  private final String title;
  private final String lossLabel;
  private final int width;
  private final int height;
  private final int window;

  private TrainingCurves(double[] iterations, double[] loss, double[] testIterations, double[] testLoss,
      String testLabel, double[] forwardNfe, double[] backwardNfe, String title, String lossLabel, int width,
      int height, int window) {
    this.iterations = iterations;
    this.loss = loss;
    this.testIterations = testIterations;
    this.testLoss = testLoss;
    this.testLabel = testLabel;
    this.forwardNfe = forwardNfe;
    this.backwardNfe = backwardNfe;
    this.title = title;
    this.lossLabel = lossLabel;
    this.width = width;
    this.height = height;
    this.window = window;
  }

  /**
   * Curves of a training loss; 900 × 640 pixels, loss axis labelled "NLL", automatic smoothing window.
   *
   * @param loss loss per iteration, {@code loss[i]} at iteration i + 1, length ≥ 1 with at least one
   *     finite value; copied
   * @throws IllegalArgumentException if loss is empty or has no finite value
   */
  public static TrainingCurves of(double[] loss) {
    Objects.requireNonNull(loss, "loss must not be null");
    long[] iterations = new long[loss.length];
    for (int i = 0; i < iterations.length; i++) {
      iterations[i] = i + 1;
    }
    return of(iterations, loss);
  }

  /**
   * Curves of a training loss logged at the given iterations (every K-th, say); otherwise as {@link #of(double[])}.
   *
   * @param iterations the iteration of each loss value, strictly increasing, each ≥ 1; copied
   * @param loss loss at {@code iterations[i]}, same length, at least one finite value; copied
   * @throws IllegalArgumentException if the lengths differ, loss is empty or has no finite value, or the
   *     iterations are not strictly increasing from 1 on
   */
  public static TrainingCurves of(long[] iterations, double[] loss) {
    Objects.requireNonNull(iterations, "iterations must not be null");
    Objects.requireNonNull(loss, "loss must not be null");
    if (loss.length == 0) {
      throw new IllegalArgumentException("loss must hold at least one iteration, got 0 values");
    }
    if (iterations.length != loss.length) {
      throw new IllegalArgumentException("iterations and loss must have the same length, got " + iterations.length
          + " and " + loss.length);
    }
    if (countNonFinite(loss) == loss.length) {
      throw new IllegalArgumentException("loss must hold at least one finite value, got " + loss.length
          + " non-finite values");
    }
    double[] x = new double[iterations.length];
    for (int i = 0; i < x.length; i++) {
      if (iterations[i] < 1 || (i > 0 && iterations[i] <= iterations[i - 1])) {
        throw new IllegalArgumentException("iterations must be strictly increasing from 1 on, got "
            + (i > 0 ? iterations[i - 1] + " then " : "") + iterations[i] + " at index " + i);
      }
      x[i] = iterations[i];
    }
    return new TrainingCurves(x, loss.clone(), null, null, "test", null, null, "", "NLL", 900, 640, 0);
  }

  /** The last iteration the curves reach (the right end of the x axis). */
  public long lastIteration() {
    return (long) iterations[iterations.length - 1];
  }

  /** As {@link #withTestLoss(long[], double[])}. */
  public TrainingCurves withTestLoss(int[] iterations, double[] values) {
    Objects.requireNonNull(iterations, "test iterations must not be null");
    long[] wide = new long[iterations.length];
    for (int k = 0; k < wide.length; k++) {
      wide[k] = iterations[k];
    }
    return withTestLoss(wide, values);
  }

  /** As {@link #withTestLoss(long[], double[], String)} with the legend "test". */
  public TrainingCurves withTestLoss(long[] iterations, double[] values) {
    return withTestLoss(iterations, values, "test");
  }

  /**
   * Adds held-out loss points: {@code values[k]} measured after iteration {@code iterations[k]}.
   *
   * @param iterations strictly increasing, each in [0, {@link #lastIteration()}] (0 = before training); copied
   * @param values test loss, same length as iterations, finite; copied
   * @param label the points' legend, e.g. "test" or "validation"
   * @throws IllegalArgumentException if the lengths differ or a value is out of range
   */
  public TrainingCurves withTestLoss(long[] iterations, double[] values, String label) {
    Objects.requireNonNull(label, "label must not be null");
    Objects.requireNonNull(iterations, "test iterations must not be null");
    Objects.requireNonNull(values, "test loss values must not be null");
    if (iterations.length != values.length) {
      throw new IllegalArgumentException("test iterations and test loss values must have the same length, "
          + "got " + iterations.length + " and " + values.length);
    }
    double[] x = new double[iterations.length];
    for (int k = 0; k < iterations.length; k++) {
      if (iterations[k] < 0 || iterations[k] > lastIteration()) {
        throw new IllegalArgumentException("test iterations must be in [0, " + lastIteration()
            + "] (the training iterations), got " + iterations[k] + " at index " + k);
      }
      if (k > 0 && iterations[k] <= iterations[k - 1]) {
        throw new IllegalArgumentException("test iterations must be strictly increasing, got "
            + iterations[k - 1] + " then " + iterations[k] + " at index " + k);
      }
      if (!Double.isFinite(values[k])) {
        throw new IllegalArgumentException("test loss values must be finite, got " + values[k] + " at index "
            + k);
      }
      x[k] = iterations[k];
    }
    return new TrainingCurves(this.iterations, loss, x, values.clone(), label, forwardNfe, backwardNfe, title,
        lossLabel, width, height, window);
  }

  /**
   * Adds the NFE panel: forward and (optionally) backward function evaluations at the loss's iterations.
   *
   * @param forward NFE of the forward solve at each loss value's iteration, length = loss length, finite and
   *     ≥ 0; copied
   * @param backward NFE of the backward (adjoint) solve, same shape, or null to draw the forward line only
   * @throws IllegalArgumentException if a length differs from the loss length or a value is negative
   */
  public TrainingCurves withNfe(double[] forward, double[] backward) {
    checkNfe("forward NFE", forward);
    if (backward != null) {
      checkNfe("backward NFE", backward);
    }
    return new TrainingCurves(iterations, loss, testIterations, testLoss, testLabel, forward.clone(),
        backward == null ? null : backward.clone(), title, lossLabel, width, height, window);
  }

  /** Sets the title line (e.g. dataset and configuration); "" for none. */
  public TrainingCurves withTitle(String title) {
    Objects.requireNonNull(title, "title must not be null (use \"\" for none)");
    return new TrainingCurves(iterations, loss, testIterations, testLoss, testLabel, forwardNfe, backwardNfe, title, lossLabel,
        width, height, window);
  }

  /** Sets the loss axis label, e.g. {@code "NLL (nats)"} or {@code "bits/dim"}. */
  public TrainingCurves withLossLabel(String label) {
    Objects.requireNonNull(label, "loss label must not be null");
    return new TrainingCurves(iterations, loss, testIterations, testLoss, testLabel, forwardNfe, backwardNfe, title, label, width,
        height, window);
  }

  /**
   * Sets the image size in pixels. Below the 34-pixel title strip (if there is a title) the loss chart takes
   * the height, or 60% of it when there is an NFE panel.
   *
   * @throws IllegalArgumentException if a side is outside [200, 8192]
   */
  public TrainingCurves withSize(int width, int height) {
    ChartStyle.checkSide("width", width);
    ChartStyle.checkSide("height", height);
    return new TrainingCurves(iterations, loss, testIterations, testLoss, testLabel, forwardNfe, backwardNfe, title, lossLabel,
        width, height, window);
  }

  /**
   * Sets the moving-average window w in loss values (iterations when every iteration was logged); 1 draws
   * the raw loss only, 0 (the default) picks w = max(1, round(n / 50)) for n values.
   *
   * @throws IllegalArgumentException if w is negative
   */
  public TrainingCurves withSmoothingWindow(int w) {
    if (w < 0) {
      throw new IllegalArgumentException("smoothing window must be ≥ 0 (0 = automatic), got " + w);
    }
    return new TrainingCurves(iterations, loss, testIterations, testLoss, testLabel, forwardNfe, backwardNfe, title, lossLabel,
        width, height, w);
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** The moving-average window that will be used (resolves the automatic choice). */
  public int smoothingWindow() {
    return window > 0 ? window : Math.max(1, (int) Math.round(loss.length / 50.0));
  }

  /**
   * Renders the curves and writes them as a PNG to {@code out}, atomically (see the package comment).
   *
   * @throws NullPointerException if out is null
   * @throws IllegalArgumentException if out is a directory
   * @throws IOException if the file cannot be written
   */
  public void write(Path out) throws IOException {
    PngOutput.checkTarget(out);
    PngOutput.write(render(), out);
  }

  /** Renders the curves into a new RGB image of {@link #width()} × {@link #height()} pixels. */
  public BufferedImage render() {
    int chartsHeight = height - ChartStyle.titleStrip(title);
    boolean nfe = forwardNfe != null;
    int lossHeight = nfe ? (int) Math.round(chartsHeight * 0.6) : chartsHeight;
    XYChart lossChart = lossChart(width, lossHeight);
    if (!nfe) {
      return ChartStyle.compose(width, height, title, new XYChart[] {lossChart}, new int[] {0},
          new int[] {0});
    }
    XYChart nfeChart = nfeChart(width, chartsHeight - lossHeight);
    return ChartStyle.compose(width, height, title, new XYChart[] {lossChart, nfeChart}, new int[] {0, 0},
        new int[] {0, lossHeight});
  }

  private XYChart lossChart(int w, int h) {
    int nonFinite = countNonFinite(loss);
    String heading = nonFinite == 0 ? ""
        : nonFinite + " non-finite loss value" + (nonFinite == 1 ? "" : "s") + " not drawn";
    XYChart chart = ChartStyle.lineChart(w, h, heading, "iteration", lossLabel,
        Styler.LegendPosition.InsideNE);
    shareIterationAxis(chart);
    double[] x = iterations;
    double[] raw = finiteOrNaN(loss);
    int win = smoothingWindow();
    if (win > 1) {
      ChartStyle.line(chart, "train", x, raw, RAW, ChartStyle.THIN);
      ChartStyle.line(chart, "train, mean of " + win, x, movingAverage(loss, win), SMOOTH, ChartStyle.LINE);
    } else {
      ChartStyle.line(chart, "train", x, raw, SMOOTH, ChartStyle.LINE);
    }
    if (testIterations != null && testIterations.length > 0) {
      ChartStyle.points(chart, testLabel, testIterations, testLoss, TEST);
    }
    ChartStyle.finish(chart);
    return chart;
  }

  private XYChart nfeChart(int w, int h) {
    XYChart chart = ChartStyle.lineChart(w, h, "", "iteration", "NFE per iteration",
        Styler.LegendPosition.InsideNW);
    double[] x = iterations;
    ChartStyle.line(chart, "forward", x, forwardNfe, ChartStyle.color(0), ChartStyle.LINE);
    if (backwardNfe != null) {
      ChartStyle.line(chart, "backward", x, backwardNfe, ChartStyle.color(1), ChartStyle.LINE);
    }
    chart.getStyler().setYAxisMin(0.0);
    shareIterationAxis(chart);
    ChartStyle.finish(chart);
    return chart;
  }

  /** Both charts span the same iterations, so their x axes line up. */
  private void shareIterationAxis(XYChart chart) {
    boolean fromZero = testIterations != null && testIterations.length > 0 && testIterations[0] == 0;
    chart.getStyler().setXAxisMin(fromZero ? 0.0 : 1.0);
    chart.getStyler().setXAxisMax(Math.max(2.0, iterations[iterations.length - 1]));
  }

  private void checkNfe(String name, double[] nfe) {
    Objects.requireNonNull(nfe, name + " must not be null");
    if (nfe.length != loss.length) {
      throw new IllegalArgumentException(name + " must have one entry per iteration (" + loss.length
          + ", the loss length), got " + nfe.length);
    }
    for (int k = 0; k < nfe.length; k++) {
      if (!(nfe[k] >= 0) || Double.isInfinite(nfe[k])) {
        throw new IllegalArgumentException(name + " must be finite and ≥ 0, got " + nfe[k] + " at index "
            + k);
      }
    }
  }

  private static double[] finiteOrNaN(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Double.isFinite(v[i]) ? v[i] : Double.NaN;
    }
    return out;
  }

  /** Trailing mean of the finite values among v[i−w+1 .. i]; NaN where that window holds none. */
  static double[] movingAverage(double[] v, int w) {
    double[] out = new double[v.length];
    double sum = 0;
    int count = 0;
    for (int i = 0; i < v.length; i++) {
      if (Double.isFinite(v[i])) {
        sum += v[i];
        count++;
      }
      int drop = i - w;
      if (drop >= 0 && Double.isFinite(v[drop])) {
        sum -= v[drop];
        count--;
      }
      out[i] = count > 0 ? sum / count : Double.NaN;
    }
    return out;
  }

  private static int countNonFinite(double[] v) {
    int c = 0;
    for (double x : v) {
      if (!Double.isFinite(x)) {
        c++;
      }
    }
    return c;
  }
}
