package org.odespark.latent;

import java.io.Serializable;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;

/**
 * The times at which a trained model is asked for its trajectory: for a series observed at t₀ &lt; … &lt;
 * t_{n−1} (its {@link SeriesLayout#OBSERVED} slots; held-out targets are dropped), {@code points} equally
 * spaced requested times τ_j = t₀ + j (t_{n−1} + horizon − t₀) / (points − 1), j = 0 … points − 1, as
 * target slots ({@link SeriesLayout#INTERPOLATE} up to t_{n−1}, {@link SeriesLayout#EXTRAPOLATE} after),
 * merged with the observations in time order (a series with one observation and no horizon gets one requested
 * time). A model's {@code predict} then gives the reconstruction at
 * every observation and the trajectory at every requested time. Immutable.
 *
 * @param points requested times per series, ≥ 2
 * @param horizon how far past the last observation the requested times reach, ≥ 0 and finite
 */
public record PredictionGrid(int points, double horizon) implements Serializable {

  private static final long serialVersionUID = 1L;

  public PredictionGrid {
    Checks.atLeast("points", points, 2);
    Checks.nonNegativeFinite("horizon", horizon);
  }

  /** The layout of the query rows for data in {@code data}: room for every slot plus the requested times. */
  public SeriesLayout layout(SeriesLayout data) {
    return new SeriesLayout(data.maxLength() + points, data.dim());
  }

  /**
   * The query rows of the series in {@code rows} (laid out in {@code data}).
   *
   * @param rows series rows, not modified
   * @return one query row per series in {@link #layout(SeriesLayout)}
   */
  public Batch queries(SeriesLayout data, Batch rows) {
    SeriesLayout out = layout(data);
    int dim = data.dim();
    double[] in = rows.features();
    double[] f = new double[Math.multiplyExact(rows.rows(), out.cols())];
    double[] x = new double[dim];
    double[] m = new double[dim];
    for (int r = 0; r < rows.rows(); r++) {
      int inOff = r * data.cols();
      int outOff = r * out.cols();
      int count = data.count(in, inOff);
      double first = Double.NaN;
      double last = Double.NaN;
      for (int k = 0; k < count; k++) {
        int s = data.slot(inOff, k);
        if (in[s + 1] == SeriesLayout.OBSERVED) {
          first = Double.isNaN(first) ? in[s] : first;
          last = in[s];
        }
      }
      double span = last + horizon - first;
      int slot = 0;
      int j = 0;
      double previous = Double.NaN;
      for (int k = 0; k <= count; k++) {
        int s = k < count ? data.slot(inOff, k) : -1;
        if (s >= 0 && in[s + 1] != SeriesLayout.OBSERVED) {
          continue;
        }
        double t = s >= 0 ? in[s] : Double.POSITIVE_INFINITY;
        for (; j < points && request(first, span, j) < t; j++) {
          double tau = request(first, span, j);
          if (tau == previous) {
            continue;
          }
          previous = tau;
          out.set(f, outOff, slot++, tau, tau <= last ? SeriesLayout.INTERPOLATE : SeriesLayout.EXTRAPOLATE, x, 0,
              null, 0);
        }
        if (s >= 0) {
          System.arraycopy(in, s + 2, x, 0, dim);
          System.arraycopy(in, s + 2 + dim, m, 0, dim);
          out.set(f, outOff, slot++, t, SeriesLayout.OBSERVED, x, 0, m, 0);
          java.util.Arrays.fill(x, 0);
        }
      }
      f[outOff] = slot;
    }
    return new Batch(rows.rows(), out.cols(), f, null, null);
  }

  /**
   * The model's answers for the series in {@code rows}: its point prediction (the decoded posterior mean for
   * the latent ODE) at every slot of their {@link #queries}, and {@code samples} posterior draws when the
   * model has a posterior (none for the baselines).
   *
   * @param model built for {@link #layout(SeriesLayout)} rows
   * @param theta parameters, not modified
   * @param seed seed of the draws ({@link LatentOde#samplePosterior})
   */
  public Prediction predict(SeriesObjective model, double[] theta, SeriesLayout data, Batch rows, int samples,
                            long seed) {
    Checks.atLeast("samples", samples, 0);
    SeriesLayout out = layout(data);
    if (!model.spec().series().equals(out)) {
      throw new IllegalArgumentException("the model reads rows of " + model.spec().series() + ", the queries are "
          + out);
    }
    Batch q = queries(data, rows);
    int block = q.rows() * out.maxLength() * out.dim();
    double[] mean = new double[block];
    model.predict(theta, q, mean);
    int draws = model instanceof LatentOde ? samples : 0;
    double[] sampled = new double[Math.multiplyExact(draws, block)];
    if (draws > 0) {
      ((LatentOde) model).samplePosterior(theta, q, seed, draws, sampled);
    }
    return new Prediction(out, q, mean, draws, sampled);
  }

  /**
   * Answers for a block of query rows.
   *
   * @param layout the query rows' layout
   * @param queries the query rows (observations and requested times)
   * @param mean rows × maxLength × dim point predictions, slot j of row r at (r·maxLength + j)·dim
   * @param samples number of posterior draws (0 for models without a posterior)
   * @param draws samples × rows × maxLength × dim, draw k's block first
   */
  public record Prediction(SeriesLayout layout, Batch queries, double[] mean, int samples, double[] draws) {}

  /** Requested time j of a series starting at {@code first} and spanning {@code span}. */
  private double request(double first, double span, int j) {
    return j == points - 1 ? first + span : first + span * j / (points - 1);
  }
}
