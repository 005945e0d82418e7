package org.odespark.plot;

/**
 * The rectangle [xMin, xMax] × [yMin, yMax] a 2-D figure shows, and the g × g evaluation grid over it.
 *
 * <p>Grid convention (used by {@link #gridPoints(int)} and by the log-density argument of {@link
 * DensityFigure#write}): the rectangle is cut into g × g equal cells and point k = j·g + i is the centre of
 * cell (i, j),
 * <pre>
 *   x = xMin + (i + ½)·(xMax − xMin)/g,   y = yMin + (j + ½)·(yMax − yMin)/g,   i, j ∈ {0, …, g−1}.
 * </pre>
 * i (the x index) runs fastest; j = 0 is the bottom row (smallest y). Figures draw y up: row j = 0 is at the
 * bottom of the panel, so the picture reads like the usual mathematical plot, not like a matrix printout.
 *
 * @param xMin left edge, finite
 * @param xMax right edge, finite, {@code > xMin}
 * @param yMin bottom edge, finite
 * @param yMax top edge, finite, {@code > yMin}
 */
public record PlotRange(double xMin, double xMax, double yMin, double yMax) {

  /** Largest accepted grid size: g² points of 2 doubles must fit in one Java array. */
  public static final int MAX_GRID_SIZE = 30_000;

  /** Validates that both intervals are finite and non-empty. */
  public PlotRange {
    checkInterval("x", xMin, xMax);
    checkInterval("y", yMin, yMax);
  }

  /** The square [lo, hi]², e.g. {@code square(-4, 4)} for the usual toy-density window. */
  public static PlotRange square(double lo, double hi) {
    return new PlotRange(lo, hi, lo, hi);
  }

  /** xMax − xMin. */
  public double width() {
    return xMax - xMin;
  }

  /** yMax − yMin. */
  public double height() {
    return yMax - yMin;
  }

  /** True if (x, y) lies in the closed rectangle; false for NaN coordinates. */
  public boolean contains(double x, double y) {
    return x >= xMin && x <= xMax && y >= yMin && y <= yMax;
  }

  /**
   * The g × g cell centres in the order described in the class comment, as a new row-major (g² × 2) array:
   * {@code out[2k] = x}, {@code out[2k + 1] = y} for k = j·g + i. Evaluate the model at these points and pass
   * the g² log-densities, in the same order, to {@link DensityFigure#write}.
   *
   * @param g points per axis, in [1, {@value #MAX_GRID_SIZE}]
   * @throws IllegalArgumentException if g is out of range
   */
  public double[] gridPoints(int g) {
    checkGridSize(g);
    double[] out = new double[2 * g * g];
    double dx = width() / g;
    double dy = height() / g;
    int k = 0;
    for (int j = 0; j < g; j++) {
      double y = yMin + (j + 0.5) * dy;
      for (int i = 0; i < g; i++) {
        out[k++] = xMin + (i + 0.5) * dx;
        out[k++] = y;
      }
    }
    return out;
  }

  static void checkGridSize(int g) {
    if (g < 1 || g > MAX_GRID_SIZE) {
      throw new IllegalArgumentException("grid size g must be in [1, " + MAX_GRID_SIZE + "], got " + g);
    }
  }

  private static void checkInterval(String axis, double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException(axis + "Min and " + axis + "Max must be finite, got [" + lo + ", "
          + hi + "]");
    }
    if (!(lo < hi)) {
      throw new IllegalArgumentException(axis + "Min must be < " + axis + "Max, got [" + lo + ", " + hi
          + "]");
    }
    if (!Double.isFinite(hi - lo)) {
      throw new IllegalArgumentException(axis + "Max − " + axis + "Min must be finite, got [" + lo + ", "
          + hi + "]");
    }
  }
}
