package org.odespark.latent;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odespark.adjoint.NeuralVectorField;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;
import org.odespark.random.Normals;
import org.odespark.random.SeedSequence;
import org.odespark.nn.GruCell;
import org.odespark.nn.LayerScratch;
import org.odespark.nn.Linear;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.ode.TimeGrid;

/**
 * The latent ODE (Chen et al., NeurIPS 2018, §5; Rubanova, Chen, Duvenaud, NeurIPS 2019, §3), a VAE whose
 * decoder is an ODE solve:
 * <pre>
 *   h = Encoder(x, t) run from the last observation back to t₀,   [μ, log s] = h W_outᵀ + b_out,
 *   z₀ = μ + s ⊙ ε (ε ~ N(0, I), reparameterized),   z(g₁ … g_{K−1}) = ODESolve(z₀, f_θ, t₀ = g₀, g₁ … g_{K−1}),
 *   loss = Σ_{observed (i, d)} m_{id} [ (x_{id} − decoder(z(tᵢ))_d)² / 2σ_d² + log σ_d + ½ log 2π ]
 *          + klWeight · ½ Σ_k (μ_k² + s_k² − 1 − 2 log s_k),
 * </pre>
 * the negative ELBO with one posterior sample, per series. The minibatch is one ODE state of rows ×
 * latentDim solved once on the {@link UnionGrid} of its times; each series' likelihood reads the states at
 * its own times. Gradients: the decoder's vector-Jacobian product gives ∂L/∂z(g_k) at every grid time, the
 * {@code GradientSolver} (adjoint with jumps at the output times, or backprop) carries it to ∂L/∂z₀ and
 * θ_f, then the reparameterization and the encoder's reverse sweep. θ = [encoder GRU | encoder field
 * (ODE-RNN) | encoder read-out | dynamics | decoder | log σ (learned noise)].
 *
 * <p>Encoders ({@link LatentOdeSpec.Encoder}): the RNN reads [x ⊙ m, m, tᵢ − tᵢ₋₁] at each observation,
 * latest first (t₀ before the first); the ODE-RNN evolves its state by dh/dt = f_enc(h) between grid times
 * (a series' state stays zero until its own last observation) and reads [x ⊙ m, m] at each observation.
 * Mutable, one thread.
 */
public final class LatentOde extends SeriesObjective {

  private final int latent;
  private final int hd;
  private final GruCell gru;
  private final Mlp encoderField;
  private final Linear encoderOut;
  private final Mlp dynamics;
  private final Mlp decoder;
  private final GruSweep sweep;
  private final OdeIntervals encoderOde;
  private final OdeIntervals decoderOde;
  private Rows[] cache = new Rows[0];
  private int[] stepAt = new int[0];
  private double[] prevTime = new double[0];
  private double[] zp = new double[0];
  private double[] zpBar = new double[0];
  private double[] xhat = new double[0];
  private Mlp.Workspace decoderWs;
  private TimeGrid solveGrid;

  LatentOde(LatentOdeSpec spec) {
    this(spec, new ParameterLayout.Builder());
  }

  private LatentOde(LatentOdeSpec spec, ParameterLayout.Builder b) {
    this(spec, b, Parts.of(spec, b));
  }

  private LatentOde(LatentOdeSpec spec, ParameterLayout.Builder b, Parts p) {
    super(spec, b);
    this.latent = spec.latentDim();
    this.hd = spec.hidden();
    this.gru = p.gru;
    this.encoderField = p.encoderField;
    this.encoderOut = p.encoderOut;
    this.dynamics = p.dynamics;
    this.decoder = p.decoder;
    this.sweep = new GruSweep(gru);
    this.encoderOde = new OdeIntervals(spec.gradientSpec());
    this.decoderOde = new OdeIntervals(spec.gradientSpec());
  }

  /** The layers in layout order, appended before the noise block. */
  private record Parts(GruCell gru, Mlp encoderField, Linear encoderOut, Mlp dynamics, Mlp decoder) {
    static Parts of(LatentOdeSpec s, ParameterLayout.Builder b) {
      int d = s.series().dim();
      boolean odeRnn = s.encoder() == LatentOdeSpec.Encoder.ODE_RNN;
      GruCell gru = new GruCell(odeRnn ? 2 * d : 2 * d + 1, s.hidden(), b, "encoder.gru");
      Mlp field = odeRnn ? new Mlp(s.hidden(), s.fieldHidden(), s.hidden(), Mlp.LayerType.LINEAR, s.activation(), b,
          "encoder.field") : null;
      Linear out = new Linear(s.hidden(), 2 * s.latentDim(), b, "encoder.out");
      Mlp dyn = new Mlp(s.latentDim(), s.fieldHidden(), s.latentDim(), Mlp.LayerType.LINEAR, s.activation(), b,
          "dynamics");
      Mlp dec = new Mlp(s.latentDim(), s.decoderHidden(), d, Mlp.LayerType.LINEAR, s.activation(), b, "decoder");
      return new Parts(gru, field, out, dyn, dec);
    }
  }

  /** θ from {@code SeedSequence.of(seed).random("parameters")}, layer by layer in layout order. */
  @Override
  public void initialize(double[] theta, long seed) {
    RandomGenerator rng = SeedSequence.of(seed).random("parameters");
    gru.initialize(theta, rng);
    if (encoderField != null) {
      encoderField.initialize(theta, rng);
    }
    encoderOut.initialize(theta, rng);
    dynamics.initialize(theta, rng);
    decoder.initialize(theta, rng);
    initializeNoise(theta);
  }

  @Override
  double loss(Batch batch, long seed, double[] thetaBar) {
    boolean grad = thetaBar != null;
    int rows = batch.rows();
    grid.build(batch, series, spec.startTime(), false);
    Rows r = rows(rows);
    encode(batch, r, grad);
    posterior(r);
    Normals.fill(SeedSequence.of(seed).random("posterior"), r.eps, 0, rows * latent);
    for (int i = 0; i < rows * latent; i++) {
      r.z0[i] = r.mu(i) + Math.exp(r.logS(i)) * r.eps[i];
    }
    int k = grid.size();
    double[] states = r.states(k);
    solveLatent(r, states, grad);
    int pairs = grid.observations();
    gatherStates(states, rows, pairs, true);
    decode(pairs);
    double total = observedNll(batch, xhat, thetaBar);
    double klWeight = spec.klWeight();
    for (int row = 0; row < rows; row++) {
      double kl = 0;
      for (int j = 0; j < latent; j++) {
        int i = row * latent + j;
        double mu = r.mu(i);
        double ls = r.logS(i);
        kl += 0.5 * (mu * mu + Math.exp(2 * ls) - 1 - 2 * ls);
      }
      double w = batch.weight(row);
      klSum += w * kl;
      total += w * klWeight * kl;
    }
    nfeForward += encoderOde.forwardEvaluations() + decoderOde.forwardEvaluations();
    if (!grad) {
      return total;
    }
    // Reverse: decoder → ∂L/∂z(g) at the pairs → ODE → z̄₀ → reparameterization and KL → read-out → encoder.
    zpBar = atLeast(zpBar, pairs * latent);
    decoder.backward(params, predictionBar(), null, zpBar, thetaBar, decoderWs);
    double[] dLdY = r.dLdY(k);
    Arrays.fill(dLdY, 0, k * rows * latent, 0.0);
    for (int g = 0; g < k; g++) {
      for (int p = grid.obsStart(g); p < grid.obsStart(g + 1); p++) {
        int at = (g * rows + grid.obsRow(p)) * latent;
        for (int j = 0; j < latent; j++) {
          dLdY[at + j] += zpBar[p * latent + j];
        }
      }
    }
    if (k >= 2) {
      decoderOde.solveBackward(r.dynamics, solveGrid, states, dLdY, r.z0Bar, thetaBar);
    } else {
      System.arraycopy(dLdY, 0, r.z0Bar, 0, rows * latent);
    }
    for (int row = 0; row < rows; row++) {
      double w = batch.weight(row) * klWeight;
      for (int j = 0; j < latent; j++) {
        int i = row * latent + j;
        double s = Math.exp(r.logS(i));
        r.encBar[row * 2 * latent + j] = r.z0Bar[i] + w * r.mu(i);
        r.encBar[row * 2 * latent + latent + j] = r.z0Bar[i] * r.eps[i] * s + w * (s * s - 1);
      }
    }
    encoderOut.vjp(0, params, r.h, null, r.encBar, rows, 0, r.hBar, rows, thetaBar, r.outScratch);
    encodeBackward(r, thetaBar);
    nfeBackward += encoderOde.backwardEvaluations() + decoderOde.backwardEvaluations();
    return total;
  }

  /** The decoded trajectory of the posterior mean z₀ = μ at every used slot. */
  @Override
  void predictInto(Batch batch, double[] out) {
    decodeAtSlots(batch, out, null);
  }

  /**
   * {@code samples} trajectories decoded from posterior samples z₀ ~ q(z₀ | x) at every used slot of every
   * row: sample k from {@code SeedSequence(seed).random("posterior-samples", k)}.
   *
   * @param theta parameters, not modified
   * @param out samples × rows × maxLength × dim, sample k's block first; unused slots untouched
   */
  public void samplePosterior(double[] theta, Batch batch, long seed, int samples, double[] out) {
    Checks.atLeast("samples", samples, 1);
    int block = batch.rows() * series.maxLength() * dim;
    if (out.length < (long) samples * block) {
      throw new IllegalArgumentException("out needs samples × rows × maxLength × dim = " + (long) samples * block
          + " entries, got " + out.length);
    }
    if (theta.length != params.length) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but this model has " + params.length);
    }
    series.check(batch);
    System.arraycopy(theta, 0, params, 0, params.length);
    double[] one = new double[block];
    for (int k = 0; k < samples; k++) {
      decodeAtSlots(batch, one, SeedSequence.of(seed).random("posterior-samples", k));
      System.arraycopy(one, 0, out, k * block, block);
    }
  }

  /** Decodes z₀ = μ (rng null) or z₀ = μ + s ⊙ ε with ε from rng at every used slot into out. */
  private void decodeAtSlots(Batch batch, double[] out, RandomGenerator rng) {
    int rows = batch.rows();
    grid.build(batch, series, spec.startTime(), true);
    Rows r = rows(rows);
    encode(batch, r, false);
    posterior(r);
    if (rng != null) {
      Normals.fill(rng, r.eps, 0, rows * latent);
    }
    for (int i = 0; i < rows * latent; i++) {
      r.z0[i] = rng == null ? r.mu(i) : r.mu(i) + Math.exp(r.logS(i)) * r.eps[i];
    }
    double[] states = r.states(grid.size());
    solveLatent(r, states, false);
    int obs = grid.observations();
    int pairs = obs + grid.targets();
    gatherStates(states, rows, pairs, false);
    decode(pairs);
    int l = series.maxLength();
    for (int p = 0; p < pairs; p++) {
      int row = p < obs ? grid.obsRow(p) : grid.tgtRow(p - obs);
      int slot = p < obs ? grid.obsSlot(p) : grid.tgtSlot(p - obs);
      System.arraycopy(xhat, p * dim, out, (row * l + slot) * dim, dim);
    }
    nfeForward += encoderOde.forwardEvaluations() + decoderOde.forwardEvaluations();
  }

  private void posterior(Rows r) {
    encoderOut.forward(0, params, r.h, r.rows, 0, r.enc, null, r.outScratch);
  }

  private void solveLatent(Rows r, double[] states, boolean record) {
    int k = grid.size();
    decoderOde.resetCounters();
    if (k >= 2) {
      if (!grid.sameTimes(solveGrid)) {
        solveGrid = TimeGrid.of(grid.toArray());
      }
      decoderOde.solve(r.dynamics, solveGrid, r.z0, states, record);
    } else {
      System.arraycopy(r.z0, 0, states, 0, r.rows * latent);
    }
  }

  /** zp[p] = z(g) of pair p's row: observation pairs, then (with {@code observedOnly} false) target pairs. */
  private void gatherStates(double[] states, int rows, int pairs, boolean observedOnly) {
    zp = atLeast(zp, pairs * latent);
    int obs = grid.observations();
    for (int g = 0; g < grid.size(); g++) {
      for (int p = grid.obsStart(g); p < grid.obsStart(g + 1); p++) {
        System.arraycopy(states, (g * rows + grid.obsRow(p)) * latent, zp, p * latent, latent);
      }
      if (!observedOnly) {
        for (int p = grid.tgtStart(g); p < grid.tgtStart(g + 1); p++) {
          System.arraycopy(states, (g * rows + grid.tgtRow(p)) * latent, zp, (obs + p) * latent, latent);
        }
      }
    }
  }

  private void decode(int pairs) {
    xhat = atLeast(xhat, pairs * dim);
    if (decoderWs == null || decoderWs.maxRows() < pairs) {
      decoderWs = decoder.newWorkspace(Math.max(pairs, decoderWs == null ? 1 : 2 * decoderWs.maxRows()), 0);
    }
    decoder.forward(0, params, zp, pairs, xhat, decoderWs);
  }

  /** The encoder's sweep from the last grid time back to t₀; leaves h (rows × H) at t₀ in r.h. */
  private void encode(Batch batch, Rows r, boolean record) {
    int rows = r.rows;
    int k = grid.size();
    Arrays.fill(r.h, 0.0);
    Arrays.fill(r.started, 0.0);
    stepAt = atLeast(stepAt, k);
    Arrays.fill(stepAt, 0, k, -1);
    fillPreviousTimes(batch);
    sweep.reset();
    encoderOde.resetCounters();
    double[] f = batch.features();
    int cols = series.cols();
    int l = series.maxLength();
    boolean odeRnn = encoderField != null;
    int in = gru.inputDim();
    for (int g = k - 1; g >= 0; g--) {
      if (odeRnn && g < k - 1) {
        double[] masks = r.masks(k);
        System.arraycopy(r.started, 0, masks, g * rows, rows);
        r.encoder.mask(masks, g * rows);
        boolean any = false;
        for (int i = 0; i < rows && !any; i++) {
          any = r.started[i] != 0;
        }
        double from = any ? grid.time(g + 1) : grid.time(g);
        encoderOde.forward(g, r.encoder, from, grid.time(g), r.h, record);
      }
      int a = grid.obsStart(g);
      int count = grid.obsStart(g + 1) - a;
      if (count == 0) {
        continue;
      }
      int p0 = sweep.begin(count);
      int[] stepRows = sweep.rows();
      double[] x = sweep.inputs();
      for (int i = 0; i < count; i++) {
        int row = grid.obsRow(a + i);
        int slot = grid.obsSlot(a + i);
        int s = series.slot(row * cols, slot);
        stepRows[p0 + i] = row;
        int at = (p0 + i) * in;
        System.arraycopy(f, s + 2, x, at, 2 * dim);
        if (!odeRnn) {
          x[at + 2 * dim] = f[s] - prevTime[row * l + slot];
        }
        r.started[row] = 1;
      }
      sweep.run(params, r.h, true);
      stepAt[g] = sweep.steps() - 1;
    }
  }

  /** The reverse of {@link #encode}: r.hBar holds ∂L/∂h(t₀) on entry; θ̄ accumulated. */
  private void encodeBackward(Rows r, double[] thetaBar) {
    int k = grid.size();
    for (int g = 0; g < k; g++) {
      if (stepAt[g] >= 0) {
        sweep.reverse(stepAt[g], params, r.hBar, null, null, thetaBar);
      }
      if (encoderField != null && g < k - 1) {
        r.encoder.mask(r.masks(k), g * r.rows);
        encoderOde.backward(g, r.encoder, r.hBar, thetaBar);
      }
    }
  }

  /** prevTime[r·L + j] = the time of the observation before slot j of row r, or t₀. */
  private void fillPreviousTimes(Batch batch) {
    int l = series.maxLength();
    int rows = batch.rows();
    if (prevTime.length < rows * l) {
      prevTime = new double[rows * l];
    }
    double[] f = batch.features();
    int cols = series.cols();
    for (int row = 0; row < rows; row++) {
      int off = row * cols;
      double prev = spec.startTime();
      for (int j = 0; j < series.count(f, off); j++) {
        int s = series.slot(off, j);
        prevTime[row * l + j] = prev;
        if (f[s + 1] == SeriesLayout.OBSERVED) {
          prev = f[s];
        }
      }
    }
  }

  private Rows rows(int rows) {
    for (Rows r : cache) {
      if (r.rows == rows) {
        return r;
      }
    }
    Rows r = new Rows(rows);
    cache = Arrays.copyOf(cache, cache.length + 1);
    cache[cache.length - 1] = r;
    return r;
  }

  /** Everything sized by the number of series in a batch; the fields read the objective's θ copy. */
  private final class Rows {
    final int rows;
    final NeuralVectorField dynamics;
    final MaskedRowField encoder;
    final double[] h;
    final double[] hBar;
    final double[] started;
    final double[] enc;
    final double[] encBar;
    final double[] eps;
    final double[] z0;
    final double[] z0Bar;
    final LayerScratch outScratch;
    private double[] states = new double[0];
    private double[] dLdY = new double[0];
    private double[] masks = new double[0];

    Rows(int rows) {
      this.rows = rows;
      this.dynamics = new NeuralVectorField(LatentOde.this.dynamics, params, rows);
      this.encoder = encoderField != null ? new MaskedRowField(new NeuralVectorField(encoderField, params, rows))
          : null;
      this.h = new double[rows * hd];
      this.hBar = new double[rows * hd];
      this.started = new double[rows];
      this.enc = new double[rows * 2 * latent];
      this.encBar = new double[rows * 2 * latent];
      this.eps = new double[rows * latent];
      this.z0 = new double[rows * latent];
      this.z0Bar = new double[rows * latent];
      this.outScratch = encoderOut.newScratch(rows);
    }

    double mu(int i) {
      return enc[(i / latent) * 2 * latent + i % latent];
    }

    double logS(int i) {
      return enc[(i / latent) * 2 * latent + latent + i % latent];
    }

    double[] states(int k) {
      states = atLeast(states, k * rows * latent);
      return states;
    }

    double[] dLdY(int k) {
      dLdY = atLeast(dLdY, k * rows * latent);
      return dLdY;
    }

    double[] masks(int k) {
      masks = atLeast(masks, k * rows);
      return masks;
    }
  }
}
