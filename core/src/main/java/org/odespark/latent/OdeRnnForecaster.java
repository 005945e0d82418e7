package org.odespark.latent;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odespark.adjoint.NeuralVectorField;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.nn.GruCell;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;

/**
 * The ODE-RNN of Rubanova, Chen and Duvenaud (NeurIPS 2019, Algorithm 1) as a forecaster, without the VAE:
 * h(t₀) = 0; between consecutive grid times h follows dh/dt = f_θ(h) (an MLP), at each observation
 * hᵢ⁺ = GRU(hᵢ⁻, [xᵢ ⊙ mᵢ, mᵢ]); the prediction at any time τ is readout(h(τ⁻)), the state just before an
 * update there. Trained on −Σᵢ log N(xᵢ | readout(hᵢ⁻), σ²); after the last observation the ODE carries
 * the state on (extrapolation). The batch's hidden states are one ODE state of rows × hidden, solved
 * interval by interval on the {@link UnionGrid}. θ = [field | GRU | read-out | log σ]. Mutable, one thread.
 */
public final class OdeRnnForecaster extends Forecaster {

  private final Mlp field;
  private final OdeIntervals ode;
  private NeuralVectorField[] fields = new NeuralVectorField[0];
  private double[] h = new double[0];
  private double[] hBar = new double[0];
  private int[] stepAt = new int[0];

  OdeRnnForecaster(LatentOdeSpec spec) {
    this(spec, new ParameterLayout.Builder());
  }

  private OdeRnnForecaster(LatentOdeSpec spec, ParameterLayout.Builder b) {
    this(spec, b, new Mlp(spec.hidden(), spec.fieldHidden(), spec.hidden(), Mlp.LayerType.LINEAR, spec.activation(),
        b, "odernn.field"));
  }

  private OdeRnnForecaster(LatentOdeSpec spec, ParameterLayout.Builder b, Mlp field) {
    this(spec, b, field, new GruCell(2 * spec.series().dim(), spec.hidden(), b, "odernn.gru"));
  }

  private OdeRnnForecaster(LatentOdeSpec spec, ParameterLayout.Builder b, Mlp field, GruCell gru) {
    super(spec, b, gru, new Mlp(spec.hidden(), spec.decoderHidden(), spec.series().dim(), Mlp.LayerType.LINEAR,
        spec.activation(), b, "odernn.readout"));
    this.field = field;
    this.ode = new OdeIntervals(spec.gradientSpec());
  }

  @Override
  public void initialize(double[] theta, long seed) {
    RandomGenerator rng = SeedSequence.of(seed).random("parameters");
    field.initialize(theta, rng);
    gru.initialize(theta, rng);
    readout.initialize(theta, rng);
    initializeNoise(theta);
  }

  @Override
  double loss(Batch batch, long seed, double[] thetaBar) {
    boolean grad = thetaBar != null;
    int rows = batch.rows();
    grid.build(batch, series, spec.startTime(), false);
    NeuralVectorField f = start(rows);
    double[] feat = batch.features();
    int cols = series.cols();
    int in = gru.inputDim();
    int k = grid.size();
    for (int g = 0; g < k; g++) {
      if (g > 0) {
        ode.forward(g - 1, f, grid.time(g - 1), grid.time(g), h, grad);
      }
      int a = grid.obsStart(g);
      int count = grid.obsStart(g + 1) - a;
      if (count == 0) {
        continue;
      }
      int p0 = sweep.begin(count);
      for (int i = 0; i < count; i++) {
        int row = grid.obsRow(a + i);
        sweep.rows()[p0 + i] = row;
        System.arraycopy(feat, series.slot(row * cols, grid.obsSlot(a + i)) + 2, sweep.inputs(), (p0 + i) * in,
            2 * dim);
      }
      sweep.run(params, h, true);
      stepAt[g] = sweep.steps() - 1;
    }
    int pairs = grid.observations();
    read(sweep.previous(), 0, pairs);
    double total = observedNll(batch, xhat, thetaBar);
    nfeForward += ode.forwardEvaluations();
    if (grad) {
      readBackward(pairs, thetaBar);
      Arrays.fill(hBar, 0, rows * hd, 0);
      for (int g = k - 1; g >= 0; g--) {
        if (stepAt[g] >= 0) {
          sweep.reverse(stepAt[g], params, hBar, null, stateBar, thetaBar);
        }
        if (g > 0) {
          ode.backward(g - 1, f, hBar, thetaBar);
        }
      }
      nfeBackward += ode.backwardEvaluations();
    }
    return total;
  }

  @Override
  void predictInto(Batch batch, double[] out) {
    int rows = batch.rows();
    grid.build(batch, series, spec.startTime(), true);
    NeuralVectorField f = start(rows);
    double[] feat = batch.features();
    int cols = series.cols();
    int l = series.maxLength();
    int in = gru.inputDim();
    for (int g = 0; g < grid.size(); g++) {
      if (g > 0) {
        ode.forward(g - 1, f, grid.time(g - 1), grid.time(g), h, false);
      }
      int n = activeRows(g);
      if (n == 0) {
        continue;
      }
      gathered = atLeast(gathered, n * hd);
      for (int i = 0; i < n; i++) {
        System.arraycopy(h, active[i] * hd, gathered, i * hd, hd);
      }
      read(gathered, 0, n);
      int observed = 0;
      for (int i = 0; i < n; i++) {
        int row = active[i];
        if (activeObs[i] >= 0) {
          System.arraycopy(xhat, i * dim, out, (row * l + grid.obsSlot(activeObs[i])) * dim, dim);
          observed++;
        }
        if (activeTgt[i] >= 0) {
          System.arraycopy(xhat, i * dim, out, (row * l + grid.tgtSlot(activeTgt[i])) * dim, dim);
        }
      }
      if (observed > 0) {
        int p0 = sweep.begin(observed);
        int q = p0;
        for (int i = 0; i < n; i++) {
          if (activeObs[i] >= 0) {
            sweep.rows()[q] = active[i];
            System.arraycopy(feat, series.slot(active[i] * cols, grid.obsSlot(activeObs[i])) + 2, sweep.inputs(),
                q * in, 2 * dim);
            q++;
          }
        }
        sweep.run(params, h, true);
      }
    }
    nfeForward += ode.forwardEvaluations();
  }

  /** Zero state, cleared sweep and counters; the field for {@code rows} series. */
  private NeuralVectorField start(int rows) {
    if (h.length != rows * hd) {
      h = new double[rows * hd];
      hBar = new double[rows * hd];
    }
    Arrays.fill(h, 0.0);
    int k = grid.size();
    stepAt = atLeast(stepAt, k);
    Arrays.fill(stepAt, 0, k, -1);
    sweep.reset();
    ode.resetCounters();
    for (NeuralVectorField v : fields) {
      if (v.rows() == rows) {
        return v;
      }
    }
    NeuralVectorField v = new NeuralVectorField(field, params, rows);
    fields = Arrays.copyOf(fields, fields.length + 1);
    fields[fields.length - 1] = v;
    return v;
  }
}
