package org.odespark.latent;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.nn.GruCell;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;

/**
 * The RNN baseline of Chen et al. (NeurIPS 2018, §5.1): a GRU whose input carries the time gap, so that it
 * can be asked for any time. With hᵢ the state after consuming observation i (h₀ = 0, x₀ = m₀ = 0 at t₀),
 * <pre>
 *   x̂(τ) = readout(GRU(hᵢ, [xᵢ ⊙ mᵢ, mᵢ, τ − tᵢ]))   for tᵢ &lt; τ ≤ tᵢ₊₁,      hᵢ₊₁ = GRU(hᵢ, [xᵢ, mᵢ, tᵢ₊₁ − tᵢ]),
 * </pre>
 * trained on −Σᵢ log N(xᵢ | x̂(tᵢ), σ²) (each observation predicted from the ones before it). Predictions:
 * inside the window from the last observation before τ; after the last observation the prediction is fed
 * back as the next input (autoregressive forecasting over the requested times). θ = [GRU | read-out | log σ].
 * Mutable, one thread.
 */
public final class RnnForecaster extends Forecaster {

  private double[] h = new double[0];
  private double[] hBar = new double[0];
  private double[] last = new double[0];
  private double[] lastTime = new double[0];

  RnnForecaster(LatentOdeSpec spec) {
    this(spec, new ParameterLayout.Builder());
  }

  private RnnForecaster(LatentOdeSpec spec, ParameterLayout.Builder b) {
    this(spec, b, new GruCell(2 * spec.series().dim() + 1, spec.hidden(), b, "rnn.gru"));
  }

  private RnnForecaster(LatentOdeSpec spec, ParameterLayout.Builder b, GruCell gru) {
    super(spec, b, gru, new Mlp(spec.hidden(), spec.decoderHidden(), spec.series().dim(), Mlp.LayerType.LINEAR,
        spec.activation(), b, "rnn.readout"));
  }

  @Override
  public void initialize(double[] theta, long seed) {
    RandomGenerator rng = SeedSequence.of(seed).random("parameters");
    gru.initialize(theta, rng);
    readout.initialize(theta, rng);
    initializeNoise(theta);
  }

  @Override
  double loss(Batch batch, long seed, double[] thetaBar) {
    int rows = batch.rows();
    grid.build(batch, series, spec.startTime(), false);
    start(rows);
    double[] f = batch.features();
    int cols = series.cols();
    int in = gru.inputDim();
    sweep.reset();
    for (int g = 0; g < grid.size(); g++) {
      int a = grid.obsStart(g);
      int count = grid.obsStart(g + 1) - a;
      if (count == 0) {
        continue;
      }
      int p0 = sweep.begin(count);
      for (int i = 0; i < count; i++) {
        int row = grid.obsRow(a + i);
        sweep.rows()[p0 + i] = row;
        input(row, grid.time(g), sweep.inputs(), (p0 + i) * in);
      }
      sweep.run(params, h, true);
      for (int i = 0; i < count; i++) {
        int row = grid.obsRow(a + i);
        int s = series.slot(row * cols, grid.obsSlot(a + i));
        System.arraycopy(f, s + 2, last, row * 2 * dim, 2 * dim);
        lastTime[row] = grid.time(g);
      }
    }
    int pairs = grid.observations();
    read(sweep.updated(), 0, pairs);
    boolean grad = thetaBar != null;
    double total = observedNll(batch, xhat, thetaBar);
    if (grad) {
      readBackward(pairs, thetaBar);
      Arrays.fill(hBar, 0, rows * hd, 0);
      for (int s = sweep.steps() - 1; s >= 0; s--) {
        sweep.reverse(s, params, hBar, stateBar, null, thetaBar);
      }
    }
    return total;
  }

  @Override
  void predictInto(Batch batch, double[] out) {
    int rows = batch.rows();
    grid.build(batch, series, spec.startTime(), true);
    start(rows);
    double[] f = batch.features();
    int cols = series.cols();
    int l = series.maxLength();
    int in = gru.inputDim();
    sweep.reset();
    for (int g = 0; g < grid.size(); g++) {
      int n = activeRows(g);
      if (n == 0) {
        continue;
      }
      int p0 = sweep.begin(n);
      for (int i = 0; i < n; i++) {
        sweep.rows()[p0 + i] = active[i];
        input(active[i], grid.time(g), sweep.inputs(), (p0 + i) * in);
      }
      sweep.run(params, h, false);
      read(sweep.updated(), p0 * hd, n);
      for (int i = 0; i < n; i++) {
        int row = active[i];
        int o = activeObs[i];
        int t = activeTgt[i];
        if (o >= 0) {
          System.arraycopy(xhat, i * dim, out, (row * l + grid.obsSlot(o)) * dim, dim);
        }
        if (t >= 0) {
          System.arraycopy(xhat, i * dim, out, (row * l + grid.tgtSlot(t)) * dim, dim);
        }
        boolean extrapolate = o < 0 && f[series.slot(row * cols, grid.tgtSlot(t)) + 1] == SeriesLayout.EXTRAPOLATE;
        if (o >= 0 || extrapolate) {
          System.arraycopy(sweep.updated(), (p0 + i) * hd, h, row * hd, hd);
          lastTime[row] = grid.time(g);
          if (o >= 0) {
            System.arraycopy(f, series.slot(row * cols, grid.obsSlot(o)) + 2, last, row * 2 * dim, 2 * dim);
          } else {
            System.arraycopy(xhat, i * dim, last, row * 2 * dim, dim);
            Arrays.fill(last, row * 2 * dim + dim, (row + 1) * 2 * dim, 1.0);
          }
        }
      }
    }
  }

  /** The GRU input of {@code row} at time τ: [last x ⊙ m, last m, τ − last t]. */
  private void input(int row, double tau, double[] x, int at) {
    System.arraycopy(last, row * 2 * dim, x, at, 2 * dim);
    x[at + 2 * dim] = tau - lastTime[row];
  }

  private void start(int rows) {
    h = atLeast(h, rows * hd);
    hBar = atLeast(hBar, rows * hd);
    last = atLeast(last, rows * 2 * dim);
    lastTime = atLeast(lastTime, rows);
    Arrays.fill(h, 0, rows * hd, 0);
    Arrays.fill(last, 0, rows * 2 * dim, 0);
    Arrays.fill(lastTime, 0, rows, spec.startTime());
  }
}
