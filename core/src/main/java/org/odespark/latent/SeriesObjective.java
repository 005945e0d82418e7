package org.odespark.latent;

import java.util.Arrays;
import org.odespark.objective.Batch;
import org.odespark.nn.ParameterLayout;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;

/**
 * What the three time-series models share: series rows in a {@link SeriesLayout}, θ copied into the
 * objective's own array on every call, the Gaussian observation model, and the bookkeeping of the
 * {@link Objective} contract. Per series the loss is −log p(x_obs | model) (plus the KL term for the latent
 * ODE); {@link #evaluate} adds, from the deterministic {@link #predict predictions}, the squared errors and
 * counts of the held-out targets inside and after the observed window
 * ({@link GradientAggregator.Metric#INTERPOLATION_SQUARED_ERROR} … {@code EXTRAPOLATION_POINTS}); the mean
 * squared errors are their ratios. Mutable, one thread; build one per thread from the spec.
 */
public abstract class SeriesObjective implements Objective {

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  final LatentOdeSpec spec;
  final SeriesLayout series;
  final int dim;
  final ParameterLayout layout;
  /** The objective's own copy of θ, read by every layer and field. */
  final double[] params;
  final double[] gradient;
  final UnionGrid grid = new UnionGrid();
  /** Offset of log σ (one per feature) in θ, or −1 when σ is fixed. */
  final int noiseOffset;
  private double[] predictions = new double[0];
  private double[] predictionBar = new double[0];
  /** Σ w·KL of the last {@link #loss} call (latent ODE only). */
  double klSum;
  long nfeForward;
  long nfeBackward;

  SeriesObjective(LatentOdeSpec spec, ParameterLayout.Builder b) {
    this.spec = spec;
    this.series = spec.series();
    this.dim = series.dim();
    this.noiseOffset = spec.learnNoise() ? b.add("noise.logstd", 1, dim) : -1;
    this.layout = b.build();
    this.params = new double[layout.size()];
    this.gradient = new double[layout.size()];
  }

  /**
   * Σ over rows of wᵣ · lossᵣ at {@link #params}; with {@code thetaBar} non-null also adds its gradient
   * there. Sets {@link #klSum}, {@link #nfeForward} and {@link #nfeBackward}.
   *
   * @param seed drives the stochastic parts (the latent ODE's posterior sample)
   */
  abstract double loss(Batch batch, long seed, double[] thetaBar);

  /**
   * The model's point prediction x̂ at every used slot of every row (observed and targets), at {@link
   * #params}: the decoded posterior-mean trajectory for the latent ODE, the one-step-ahead (and, after the
   * last observation, autoregressive) prediction for the RNN, the ODE-RNN's read-out before each update.
   *
   * Adds the evaluations of its solves to {@link #nfeForward}.
   *
   * @param out rows × maxLength × dim, slot j of row r at (r·maxLength + j)·dim; unused slots untouched
   */
  abstract void predictInto(Batch batch, double[] out);

  /** The spec this objective was built from. */
  public LatentOdeSpec spec() {
    return spec;
  }

  /** Where each parameter lives in θ. */
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public int parameterCount() {
    return layout.size();
  }

  @Override
  public int featureDim() {
    return series.cols();
  }

  /** The observation noise σ_d of feature d at θ. */
  public double noiseStd(double[] theta, int d) {
    return noiseOffset < 0 ? spec.noiseStd() : Math.exp(theta[noiseOffset + d]);
  }

  /** Writes the initial log σ when σ is learned (subclasses call it after drawing their layers). */
  void initializeNoise(double[] theta) {
    if (noiseOffset >= 0) {
      Arrays.fill(theta, noiseOffset, noiseOffset + dim, Math.log(spec.noiseStd()));
    }
  }

  /**
   * {@inheritDoc} Loss Σ wᵣ lossᵣ, weight Σ wᵣ, one solve with the evaluations of all ODE solves of the
   * batch, and for the latent ODE the KL sum as {@link GradientAggregator.Metric#KL}.
   */
  @Override
  public void accumulate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    prepare(theta, batch, into);
    Arrays.fill(gradient, 0.0);
    double loss = loss(batch, seed, gradient);
    double[] sum = into.gradientSum();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += gradient[i];
    }
    record(batch, loss, into);
  }

  /** {@inheritDoc} The loss as in {@link #accumulate}, plus the target errors of {@link #predict}. */
  @Override
  public void evaluate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    prepare(theta, batch, into);
    double loss = loss(batch, seed, null);
    int rows = batch.rows();
    int size = rows * series.maxLength() * dim;
    if (predictions.length < size) {
      predictions = new double[size];
    }
    predictInto(batch, predictions);
    record(batch, loss, into);
    double[] f = batch.features();
    int cols = series.cols();
    for (int r = 0; r < rows; r++) {
      double w = batch.weight(r);
      int off = r * cols;
      int count = series.count(f, off);
      for (int j = 0; j < count; j++) {
        int s = series.slot(off, j);
        double role = f[s + 1];
        if (role == SeriesLayout.OBSERVED) {
          continue;
        }
        double se = 0;
        double points = 0;
        for (int d = 0; d < dim; d++) {
          if (f[s + 2 + dim + d] != 0) {
            double e = predictions[(r * series.maxLength() + j) * dim + d] - f[s + 2 + d];
            se += e * e;
            points++;
          }
        }
        boolean inside = role == SeriesLayout.INTERPOLATE;
        into.addMetric(inside ? GradientAggregator.Metric.INTERPOLATION_SQUARED_ERROR
            : GradientAggregator.Metric.EXTRAPOLATION_SQUARED_ERROR, w * se);
        into.addMetric(inside ? GradientAggregator.Metric.INTERPOLATION_POINTS
            : GradientAggregator.Metric.EXTRAPOLATION_POINTS, w * points);
      }
    }
  }

  /**
   * The model's point predictions x̂ at every used slot of every row of {@code batch} at θ (see {@link
   * #predictInto}).
   *
   * @param out rows × maxLength × dim, overwritten at used slots
   */
  public void predict(double[] theta, Batch batch, double[] out) {
    checkTheta(theta);
    series.check(batch);
    if (out.length < batch.rows() * series.maxLength() * dim) {
      throw new IllegalArgumentException("out needs rows × maxLength × dim = "
          + batch.rows() * series.maxLength() * dim + " entries, got " + out.length);
    }
    System.arraycopy(theta, 0, params, 0, params.length);
    predictInto(batch, out);
  }

  /**
   * Σ_d m_d [ (x_d − x̂_d)² / 2σ_d² + log σ_d + ½ log 2π ] for the slot at {@code s} of the batch features
   * {@code f}: the masked Gaussian negative log-likelihood. With {@code xhatBar} non-null writes w·∂/∂x̂
   * there and adds w·∂/∂log σ to θ̄ when σ is learned.
   */
  final double gaussianNll(double[] f, int s, double[] xhat, int xOff, double w, double[] xhatBar, double[] thetaBar) {
    double nll = 0;
    for (int d = 0; d < dim; d++) {
      double m = f[s + 2 + dim + d];
      if (m == 0) {
        if (xhatBar != null) {
          xhatBar[xOff + d] = 0;
        }
        continue;
      }
      double sigma = noiseOffset < 0 ? spec.noiseStd() : Math.exp(params[noiseOffset + d]);
      double logSigma = noiseOffset < 0 ? Math.log(sigma) : params[noiseOffset + d];
      double r = (xhat[xOff + d] - f[s + 2 + d]) / sigma;
      nll += 0.5 * r * r + logSigma + HALF_LOG_TWO_PI;
      if (xhatBar != null) {
        xhatBar[xOff + d] = w * r / sigma;
        if (noiseOffset >= 0) {
          thetaBar[noiseOffset + d] += w * (1 - r * r);
        }
      }
    }
    return nll;
  }

  /**
   * Σ over the grid's observation pairs p of wᵣ · {@link #gaussianNll} with prediction p at {@code xhat[p·dim]};
   * with {@code thetaBar} non-null the prediction cotangents go to {@code xhatBar} (grown when needed and
   * returned through {@link #predictionBar}).
   */
  final double observedNll(Batch batch, double[] xhat, double[] thetaBar) {
    int pairs = grid.observations();
    if (thetaBar != null) {
      predictionBar = atLeast(predictionBar, pairs * dim);
    }
    double[] f = batch.features();
    int cols = series.cols();
    double total = 0;
    for (int p = 0; p < pairs; p++) {
      int row = grid.obsRow(p);
      double w = batch.weight(row);
      total += w * gaussianNll(f, series.slot(row * cols, grid.obsSlot(p)), xhat, p * dim, w,
          thetaBar != null ? predictionBar : null, thetaBar);
    }
    return total;
  }

  /** The prediction cotangents of the last {@link #observedNll} with a gradient (pair p at p·dim). */
  final double[] predictionBar() {
    return predictionBar;
  }

  private void record(Batch batch, double loss, GradientAggregator into) {
    into.addLoss(loss, batch.weightSum(), batch.rows());
    into.addMetric(GradientAggregator.Metric.KL, klSum);
    into.addSolve(nfeForward, nfeBackward);
  }

  private void prepare(double[] theta, Batch batch, GradientAggregator into) {
    checkTheta(theta);
    if (into.parameterCount() != params.length) {
      throw new IllegalArgumentException("the aggregator holds " + into.parameterCount()
          + " parameters but this model has " + params.length);
    }
    series.check(batch);
    System.arraycopy(theta, 0, params, 0, params.length);
    klSum = 0;
    nfeForward = 0;
    nfeBackward = 0;
  }

  private void checkTheta(double[] theta) {
    if (theta.length != params.length) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but this model has " + params.length);
    }
  }

  /** {@code a} if it holds {@code n} doubles, otherwise a new array of at least n and twice a's length. */
  static double[] atLeast(double[] a, int n) {
    return a.length >= n ? a : new double[Math.max(n, 2 * a.length)];
  }

  /** {@code a} if it holds {@code n} ints, otherwise a new array of at least n and twice a's length. */
  static int[] atLeast(int[] a, int n) {
    return a.length >= n ? a : new int[Math.max(n, 2 * a.length)];
  }
}
