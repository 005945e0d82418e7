package org.odespark.flow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.odespark.adjoint.GradientSolver;
import org.odespark.adjoint.GradientWorkspace;
import org.odespark.adjoint.GradientSpec;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.SolverWorkspace;
import org.odespark.ode.TimeGrid;
import org.odespark.random.Normals;
import org.odespark.random.SeedSequence;

/**
 * A continuous normalizing flow density model: blocks k = 0 … K−1 each integrate dz/dt = f_k(z, t) from 0 to
 * T_k, mapping data x = z₀ to the latent z_K, and
 * <pre>
 *   log p(x) = log N(z_K; 0, I) − Σₖ Δlogpₖ(T_k),    Δlogpₖ(T_k) = −∫₀^{T_k} tr(∂f_k/∂z) dt
 * </pre>
 * (Chen et al., NeurIPS 2018; Grathwohl et al., FFJORD, ICLR 2019). Trained by maximum likelihood: the
 * loss of an example is −log p(x) in nats (plus λ_K ∫‖f‖² + λ_J ∫‖∂f/∂z‖²_F when regularized: the
 * reported loss stays the NLL, the regularizers go to the aggregator's metrics), the gradient comes from the
 * adjoint method block by block in reverse ({@link CnfField}, {@link org.odespark.adjoint.AdjointSolver}), including dL/dT_k
 * when the end times are learned (T_k = τ_k², τ_k in θ). Sampling draws z ~ N(0, I) and integrates the flow
 * backward in time.
 *
 * <p>Image data (values in [0, 1] as pixel/255) are dequantized x̃ = (p + u)/256 with u ~ U[0, 1) and
 * logit-transformed y = logit(α + (1 − 2α) x̃) before the flow (Dinh et al., Real NVP, ICLR 2017; FFJORD);
 * the loss is then the NLL of the discrete pixels in nats, −log p(x̃) + D log 256, so that
 * bits/dim = loss / (D ln 2), the convention of the published figures.
 *
 * <p><b>Two ways to build one.</b> {@code new Cnf(spec)} (or {@link CnfSpec#create}) gives the MLP blocks a
 * {@link CnfSpec} describes, the form the jobs, the snapshots and the Spark pipeline use. {@link #overFields}
 * takes the blocks' {@link FlowField}s themselves, with the trace estimator, the regularization weights, the
 * {@link GradientSpec} and fixed end times: everything above (log-density, the adjoint or backprop gradient
 * with respect to θ, the score, {@link #transform}, encoding, sampling) then works for any field that keeps
 * FlowField's contract. Such a flow has no spec ({@link #spec()} throws) and no image transform.
 *
 * <p><b>Writing a field.</b> Say the dynamics are a known physical model with unknown coefficients plus a
 * neural correction, f(z, t) = A z + g(z, t) with A (D × D) and g an {@link Mlp}, both learned. Place both in
 * one layout, A first, so the field's θ slice is contiguous:
 * <pre>{@code
 * ParameterLayout.Builder b = new ParameterLayout.Builder();
 * int aAt = b.add("phys.A", D, D);
 * Mlp g = new Mlp(D, new int[] {32}, D, Mlp.LayerType.CONCAT, Activation.named("tanh"), b, "corr");
 * FlowField f = new PhysicsPlusCorrection(aAt, D, g);     // offset aAt, count D·D + g.parameterCount()
 * Cnf cnf = Cnf.overFields(b.build(), new FlowField[] {f}, new double[] {1.0}, TraceEstimator.exact(),
 *     0, 0, GradientSpec.of(GradientMethod.ADJOINT, SolverSpec.defaults()));
 * }</pre>
 * Its {@code forward} writes f = A z + g(z, t) and ḟ = A ż + ġ, with g's part from
 * {@code g.forward(t, theta, z, rows, zDot, tangents, f, fDot, ws)} on a workspace of g's kept in the
 * field's own {@link FlowField.Workspace}, then A's part added row by row. Its {@code backward} calls
 * {@code g.backward(theta, fBar, fDotBar, zBar, thetaBar, ws)} (which writes z̄ and adds g's θ̄), then adds
 * z̄ += Aᵀ f̄ and θ̄_A += Σ_r f̄_r z_rᵀ + Σ_{k,r} ḟ̄⁽ᵏ⁾_r ż⁽ᵏ⁾_rᵀ (ḟ = A ż has no z-dependence of its own), and
 * returns g's ∂/∂t. A field whose ḟ depends on z (any nonlinear one) must also differentiate ḟ with respect to
 * z, the reverse-over-forward term: {@link Mlp#backward} does it for g. The tests' LinearPlusCorrection
 * (core/src/test/java/org/odespark/flow) is this field, written out.
 *
 * <p>One thread: a Cnf owns its workspaces (built per thread from its {@link CnfSpec}, or from the same
 * fields: the fields themselves may be shared).
 */
public final class Cnf implements Objective {

  /** log(2π). */
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  /** Largest number of rows solved at once by the density, sampling and encoding methods. */
  private static final int CHUNK = 2048;

  /** The spec this flow was built from, or null for a flow over the user's fields. */
  private final CnfSpec spec;
  private final ParameterLayout layout;
  private final int dim;
  /** The blocks' MLPs when built from a spec, else null. */
  private final Mlp[] mlps;
  private final FlowField[] fields;
  /** Index of τ_k in θ when T_k = τ_k² is learned, else −1. */
  private final int[] tauOffset;
  /** T_k when fixed, and the initial T_k when learned. */
  private final double[] times;
  private final TraceEstimator trace;
  private final double kineticWeight;
  private final double jacobianWeight;
  private final boolean images;
  private final double logitAlpha;
  private final OdeSolver forwardSolver;
  private final GradientSolver gradientSolver;
  private final boolean kinetic;
  private final boolean jacobian;
  /** One per block: backprop's tape of block k must survive the forward passes of the later blocks. */
  private final GradientWorkspace[] gradientWorkspaces;
  private final SolverWorkspace solverWorkspace = new SolverWorkspace();
  private final Map<Integer, Buffers> buffers = new HashMap<>();

  /** The flow a spec describes: block k's field an {@link Mlp} named "cnf" + k, then its τ_k if learned. */
  public Cnf(CnfSpec spec) {
    this(spec, new SpecBlocks(spec));
  }

  private Cnf(CnfSpec spec, SpecBlocks blocks) {
    this(spec, blocks.layout, blocks.fields, blocks.tauOffset, blocks.times, spec.trace(), spec.kineticWeight(),
        spec.jacobianWeight(), spec.gradient(), spec.images(), spec.logitAlpha());
  }

  private Cnf(CnfSpec spec, ParameterLayout layout, FlowField[] fields, int[] tauOffset, double[] times,
              TraceEstimator trace, double kineticWeight, double jacobianWeight, GradientSpec gradient,
              boolean images, double logitAlpha) {
    this.spec = spec;
    this.layout = layout;
    this.dim = fields[0].dim();
    this.fields = fields;
    this.mlps = spec == null ? null : mlpsOf(fields);
    this.tauOffset = tauOffset;
    this.times = times;
    this.trace = trace;
    this.kineticWeight = kineticWeight;
    this.jacobianWeight = jacobianWeight;
    this.images = images;
    this.logitAlpha = logitAlpha;
    this.forwardSolver = gradient.forwardSolver();
    this.gradientSolver = gradient.create();
    this.kinetic = kineticWeight > 0;
    this.jacobian = jacobianWeight > 0;
    this.gradientWorkspaces = new GradientWorkspace[fields.length];
    for (int k = 0; k < fields.length; k++) {
      gradientWorkspaces[k] = new GradientWorkspace();
    }
  }

  /**
   * A flow over the user's own block fields, in data space (no dequantization or logit transform), with
   * fixed end times: block k integrates dz/dt = f_k(z, t) from 0 to {@code endTimes[k]}. See {@link FlowField}
   * for how to write a field and the class comment for an example.
   *
   * @param layout the layout of θ the fields were placed in (every field's slice must lie inside it)
   * @param fields f_0 … f_{K−1}, all of the same dimension D
   * @param endTimes T_0 … T_{K−1} > 0
   * @param trace the divergence estimator
   * @param kineticWeight λ_K ≥ 0 of ∫‖f‖² dt (0 disables it)
   * @param jacobianWeight λ_J ≥ 0 of ∫‖∂f/∂z‖²_F dt (0 disables it)
   * @param gradient the solvers and the gradient method (adjoint, backprop, checkpointed)
   */
  public static Cnf overFields(ParameterLayout layout, FlowField[] fields, double[] endTimes, TraceEstimator trace,
                               double kineticWeight, double jacobianWeight, GradientSpec gradient) {
    if (fields.length == 0 || endTimes.length != fields.length) {
      throw new IllegalArgumentException("a flow needs at least one block and one end time per block, got "
          + fields.length + " fields and " + endTimes.length + " end times");
    }
    int[] tau = new int[fields.length];
    for (int k = 0; k < fields.length; k++) {
      FlowField f = fields[k];
      if (f.dim() != fields[0].dim()) {
        throw new IllegalArgumentException("block " + k + " has dimension " + f.dim() + ", block 0 has "
            + fields[0].dim());
      }
      if (f.parameterOffset() < 0 || f.parameterCount() < 0
          || f.parameterOffset() + f.parameterCount() > layout.size()) {
        throw new IllegalArgumentException("block " + k + " reads θ[" + f.parameterOffset() + ", "
            + (f.parameterOffset() + f.parameterCount()) + ") outside the layout's " + layout.size() + " entries");
      }
      if (!(endTimes[k] > 0) || Double.isInfinite(endTimes[k])) {
        throw new IllegalArgumentException("end time of block " + k + " must be finite and > 0, got "
            + endTimes[k]);
      }
      tau[k] = -1;
    }
    if (!(kineticWeight >= 0) || !(jacobianWeight >= 0) || Double.isInfinite(kineticWeight + jacobianWeight)) {
      throw new IllegalArgumentException("regularization weights must be finite and >= 0, got kinetic="
          + kineticWeight + ", jacobian=" + jacobianWeight);
    }
    return new Cnf(null, layout, fields.clone(), tau, endTimes.clone(), trace, kineticWeight, jacobianWeight,
        gradient, false, 0);
  }

  /** The spec this flow was built from; a flow {@link #overFields over the user's fields} has none. */
  public CnfSpec spec() {
    if (spec == null) {
      throw new IllegalStateException("this flow was built over its own fields, not from a CnfSpec");
    }
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
    return dim;
  }

  public int dimension() {
    return dim;
  }

  /** Number of blocks. */
  public int blocks() {
    return fields.length;
  }

  /** λ_K, the weight of the kinetic-energy regularizer (0 when disabled). */
  public double kineticWeight() {
    return kineticWeight;
  }

  /** λ_J, the weight of the Jacobian-norm regularizer (0 when disabled). */
  public double jacobianWeight() {
    return jacobianWeight;
  }

  /** The vector field of block k of a spec-built flow (an MLP). */
  public Mlp block(int k) {
    if (mlps == null) {
      throw new IllegalStateException("this flow was built over its own fields; see field(k)");
    }
    return mlps[k];
  }

  /** The vector field of block k. */
  public FlowField field(int k) {
    return fields[k];
  }

  /** End time T_k of block k under θ. */
  public double endTime(double[] theta, int k) {
    if (tauOffset[k] < 0) {
      return times[k];
    }
    double tau = theta[tauOffset[k]];
    return tau * tau;
  }

  /**
   * Initial parameters: each block's field from {@code SeedSequence(seed).random("init", k)} (for MLPs
   * PyTorch's default uniform initialization, see the layers), τ_k = √T.
   */
  @Override
  public void initialize(double[] theta, long seed) {
    SeedSequence seeds = SeedSequence.of(seed);
    for (int k = 0; k < fields.length; k++) {
      fields[k].initialize(theta, seeds.random("init", k));
      if (tauOffset[k] >= 0) {
        theta[tauOffset[k]] = Math.sqrt(times[k]);
      }
    }
  }

  @Override
  public void accumulate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    gradient(theta, batch, seed, into, into.gradientSum(), true, null);
  }

  /**
   * The score ∇ₓ log p(x) of every row into {@code out} (rows × D), through the adjoint of every block
   * (regularizers play no part). For image specs, the gradient with respect to the logit-space input.
   */
  public void logDensityGradient(double[] theta, Batch batch, long seed, double[] out) {
    GradientAggregator scratch = new GradientAggregator(0);
    // The score of each row on its own: the rows' training weights play no part.
    Batch unweighted = batch.hasWeights() ? new Batch(batch.rows(), batch.cols(), batch.features(), null, null) : batch;
    gradient(theta, unweighted, seed, scratch, new double[theta.length], false, out);
    for (int i = 0; i < batch.rows() * dim; i++) {
      out[i] = -out[i];
    }
  }

  /**
   * Forward pass, then the blocks' backward passes in reverse: adds d(loss)/dθ into {@code thetaBar} and,
   * when {@code xBar} is non-null, writes d(loss)/dx. The loss is Σ w·(−log p(x)) plus, when
   * {@code regularized}, the weighted regularizers.
   */
  private void gradient(double[] theta, Batch batch, long seed, GradientAggregator into, double[] thetaBar,
                        boolean regularized, double[] xBar) {
    checkBatch(batch);
    Buffers buf = buffers(batch.rows());
    double[] nll = buf.nll;
    forwardPass(theta, batch, seed, buf, true, into);
    int rows = batch.rows();
    int d = dim;
    double lossSum = 0;
    double weightSum = 0;
    double[] z = buf.z;
    // dL/dz_K = w z_K, since −log N(z) = ½‖z‖² + (D/2) log 2π.
    for (int b = 0; b < rows; b++) {
      double w = batch.hasWeights() ? batch.weight(b) : 1.0;
      lossSum += w * nll[b];
      weightSum += w;
      for (int j = 0; j < d; j++) {
        buf.aZ[b * d + j] = w * z[b * d + j];
      }
    }
    for (int k = fields.length - 1; k >= 0; k--) {
      CnfField field = buf.trainFields[k];
      field.bind(theta);
      int aug = field.dimension();
      double[] dLdY = buf.dLdY;
      Arrays.fill(dLdY, 0, 2 * aug, 0.0);
      System.arraycopy(buf.aZ, 0, dLdY, aug, rows * d);
      for (int b = 0; b < rows; b++) {
        double w = batch.hasWeights() ? batch.weight(b) : 1.0;
        dLdY[aug + field.logpOffset() + b] = w;
        if (kinetic && regularized) {
          dLdY[aug + field.kineticOffset() + b] = kineticWeight * w;
        }
        if (jacobian && regularized) {
          dLdY[aug + field.jacobianOffset() + b] = jacobianWeight * w;
        }
      }
      TimeGrid grid = TimeGrid.of(0, endTime(theta, k));
      field.drawProbe(probeRandom(seed, k));
      SolveStats back = gradientSolver.backward(field, grid, buf.states[k], dLdY, buf.y0Bar, thetaBar, buf.timeBar,
          gradientWorkspaces[k]);
      into.addSolve(buf.forwardNfe[k], back.functionEvaluations());
      System.arraycopy(buf.y0Bar, 0, buf.aZ, 0, rows * d);
      if (tauOffset[k] >= 0) {
        thetaBar[tauOffset[k]] += buf.timeBar[1] * 2 * theta[tauOffset[k]];
      }
    }
    if (xBar != null) {
      System.arraycopy(buf.aZ, 0, xBar, 0, rows * d);
    }
    into.addLoss(lossSum, weightSum, rows);
  }

  @Override
  public void evaluate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    checkBatch(batch);
    Buffers buf = buffers(batch.rows());
    forwardPass(theta, batch, seed, buf, false, into);
    double lossSum = 0;
    double weightSum = 0;
    for (int b = 0; b < batch.rows(); b++) {
      double w = batch.hasWeights() ? batch.weight(b) : 1.0;
      lossSum += w * buf.nll[b];
      weightSum += w;
    }
    into.addLoss(lossSum, weightSum, batch.rows());
  }

  /**
   * log p(x) of every row of {@code batch} (nats; for image specs the log-probability of the discrete
   * pixels under the dequantized model, a lower bound), written to {@code out[offset …]}.
   */
  public void logDensity(double[] theta, Batch batch, long seed, double[] out, int offset) {
    checkBatch(batch);
    for (int start = 0; start < batch.rows(); start += CHUNK) {
      int rows = Math.min(CHUNK, batch.rows() - start);
      Batch chunk = slice(batch, start, rows);
      Buffers buf = buffers(rows);
      forwardPass(theta, chunk, seed + start, buf, false, null);
      for (int b = 0; b < rows; b++) {
        out[offset + start + b] = -buf.nll[b];
      }
    }
  }

  /**
   * n samples from the model into {@code out} (n × D): z ~ N(0, I) from {@code SeedSequence(seed)}, the
   * blocks integrated backward from T_k to 0 in reverse order, and for image specs mapped back to [0, 1].
   */
  public void sample(double[] theta, int n, long seed, double[] out) {
    if (out.length < (long) n * dim) {
      throw new IllegalArgumentException("sample output needs " + n + " × " + dim + " entries, got "
          + out.length);
    }
    RandomGenerator rng = SeedSequence.of(seed).random("sample");
    Normals.fill(rng, out, 0, n * dim);
    for (int start = 0; start < n; start += CHUNK) {
      int rows = Math.min(CHUNK, n - start);
      double[] z = new double[rows * dim];
      System.arraycopy(out, start * dim, z, 0, z.length);
      for (int k = fields.length - 1; k >= 0; k--) {
        forwardSolver.integrate(new BlockFlow(fields[k], theta, rows), endTime(theta, k), 0, z, solverWorkspace,
            null);
      }
      if (images) {
        toImage(z);
      }
      System.arraycopy(z, 0, out, start * dim, z.length);
    }
  }

  /** Maps data rows to latent codes z_K (no trace): the inverse of {@link #decode}. */
  public void encode(double[] theta, double[] x, int rows, double[] out) {
    System.arraycopy(x, 0, out, 0, rows * dim);
    double[] z = new double[rows * dim];
    System.arraycopy(x, 0, z, 0, z.length);
    for (int k = 0; k < fields.length; k++) {
      forwardSolver.integrate(new BlockFlow(fields[k], theta, rows), 0, endTime(theta, k), z,
          solverWorkspace, null);
    }
    System.arraycopy(z, 0, out, 0, z.length);
  }

  /** Maps latent codes back to data space (integrating the blocks backward). */
  public void decode(double[] theta, double[] z, int rows, double[] out) {
    double[] x = new double[rows * dim];
    System.arraycopy(z, 0, x, 0, x.length);
    for (int k = fields.length - 1; k >= 0; k--) {
      forwardSolver.integrate(new BlockFlow(fields[k], theta, rows), endTime(theta, k), 0, x,
          solverWorkspace, null);
    }
    System.arraycopy(x, 0, out, 0, x.length);
  }

  /** Bits per dimension of a mean loss (nats per example) for image specs: loss / (D ln 2). */
  public double bitsPerDim(double meanLoss) {
    return meanLoss / (dim * Math.log(2));
  }

  /**
   * Runs the blocks forward on the batch, leaving the latent codes in buf.z, the per-example NLL in buf.nll,
   * and, for training, every block's start and end states in buf.states for the backward pass.
   */
  private void forwardPass(double[] theta, Batch batch, long seed, Buffers buf, boolean training,
                           GradientAggregator into) {
    int rows = batch.rows();
    int d = dim;
    double[] nll = buf.nll;
    Arrays.fill(nll, 0, rows, 0.0);
    if (images) {
      toLogit(batch, seed, buf.z, nll);
    } else {
      System.arraycopy(batch.features(), 0, buf.z, 0, rows * d);
    }
    runBlocks(theta, batch, rows, seed, buf, training, into);
    double[] z = buf.z;
    for (int b = 0; b < rows; b++) {
      double sq = 0;
      for (int j = 0; j < d; j++) {
        sq += z[b * d + j] * z[b * d + j];
      }
      nll[b] += 0.5 * sq + 0.5 * d * LOG_2PI;
    }
  }

  /**
   * Integrates the blocks from buf.z (rows × D), leaving z_K in buf.z and adding Σₖ Δlogpₖ(T_k) to buf.nll;
   * for training keeps every block's start and end states in buf.states and reports the regularizers of
   * the batch's (weighted) rows to {@code into}. {@code batch} is read for its weights only, when training.
   */
  private void runBlocks(double[] theta, Batch batch, int rows, long seed, Buffers buf, boolean training,
                         GradientAggregator into) {
    int d = dim;
    double[] nll = buf.nll;
    for (int k = 0; k < fields.length; k++) {
      CnfField field = training ? buf.trainFields[k] : buf.evalFields[k];
      field.bind(theta);
      int aug = field.dimension();
      double[] s0 = training ? buf.trainStart : buf.evalStart;
      System.arraycopy(buf.z, 0, s0, 0, rows * d);
      Arrays.fill(s0, rows * d, aug, 0.0);
      field.drawProbe(probeRandom(seed, k));
      TimeGrid grid = TimeGrid.of(0, endTime(theta, k));
      double[] states = buf.states[k];
      SolveStats st = training ? gradientSolver.forward(field, grid, s0, states, gradientWorkspaces[k])
          : forwardSolver.solve(field, grid, s0, states, solverWorkspace, null);
      buf.forwardNfe[k] = st.functionEvaluations();
      if (!training && into != null) {
        into.addSolve(st.functionEvaluations(), 0);
      }
      System.arraycopy(states, aug, buf.z, 0, rows * d);
      for (int b = 0; b < rows; b++) {
        // −log p gains +Δlogp_k: log p(x) = log N(z_K) − Σ Δlogp_k.
        nll[b] += states[aug + field.logpOffset() + b];
        if (training && into != null) {
          if (kinetic) {
            into.addMetric(GradientAggregator.Metric.KINETIC,
                (batch.hasWeights() ? batch.weight(b) : 1.0) * states[aug + field.kineticOffset() + b]);
          }
          if (jacobian) {
            into.addMetric(GradientAggregator.Metric.JACOBIAN,
                (batch.hasWeights() ? batch.weight(b) : 1.0) * states[aug + field.jacobianOffset() + b]);
          }
        }
      }
    }
  }

  /**
   * The flow's map of data rows x (rows × D, in the flow's own space: for image specs the logit-space input,
   * no dequantization) to z_K = z(T) into {@code zOut} (rows × D) and Σₖ Δlogpₖ(T_k) into
   * {@code deltaLogpOut} (rows), so that log p(x) = log N(z_K; 0, I) − Δlogp; the building block of losses
   * other than the NLL. The trace is the flow's estimator, its Hutchinson probes drawn from {@code seed}
   * (exact traces ignore it); regularizers play no part. No gradient: for one, use the
   * {@link org.odespark.objective.Objective} methods.
   */
  public void transform(double[] theta, double[] x, int rows, long seed, double[] zOut, double[] deltaLogpOut) {
    if (x.length < (long) rows * dim || zOut.length < (long) rows * dim || deltaLogpOut.length < rows) {
      throw new IllegalArgumentException("transform of " + rows + " rows × " + dim + " needs x and zOut of "
          + rows * dim + " and deltaLogpOut of " + rows + " entries, got " + x.length + ", " + zOut.length
          + ", " + deltaLogpOut.length);
    }
    for (int start = 0; start < rows; start += CHUNK) {
      int n = Math.min(CHUNK, rows - start);
      Buffers buf = buffers(n);
      System.arraycopy(x, start * dim, buf.z, 0, n * dim);
      Arrays.fill(buf.nll, 0, n, 0.0);
      runBlocks(theta, null, n, seed + start, buf, false, null);
      System.arraycopy(buf.z, 0, zOut, start * dim, n * dim);
      System.arraycopy(buf.nll, 0, deltaLogpOut, start, n);
    }
  }

  /**
   * Dequantizes pixel/255 values and applies the logit transform into {@code y}; adds to {@code nll} the
   * per-example −log|det ∂y/∂x̃| + D log 256 (the change of variables from y to discrete pixels).
   */
  private void toLogit(Batch batch, long seed, double[] y, double[] nll) {
    int rows = batch.rows();
    int d = dim;
    double alpha = logitAlpha;
    double scale = 1 - 2 * alpha;
    RandomGenerator rng = SeedSequence.of(seed).random("dequantize");
    double[] x = batch.features();
    double logLevels = Math.log(256);
    for (int b = 0; b < rows; b++) {
      double logDet = 0;
      for (int j = 0; j < d; j++) {
        double pixel = Math.rint(x[b * d + j] * 255);
        if (pixel < 0 || pixel > 255) {
          throw new IllegalArgumentException("image data must lie in [0, 1] (pixel/255); row " + b + " column " + j
              + " has " + x[b * d + j]);
        }
        double u = (pixel + rng.nextDouble()) / 256;
        double s = alpha + scale * u;
        y[b * d + j] = Math.log(s) - Math.log1p(-s);
        logDet += Math.log(scale) - Math.log(s) - Math.log1p(-s);
      }
      nll[b] += -logDet + d * logLevels;
    }
  }

  /** Inverse of the logit transform, clipped to [0, 1]. */
  private void toImage(double[] y) {
    double alpha = logitAlpha;
    for (int i = 0; i < y.length; i++) {
      double s = 1 / (1 + Math.exp(-y[i]));
      y[i] = Math.min(1, Math.max(0, (s - alpha) / (1 - 2 * alpha)));
    }
  }

  private static RandomGenerator probeRandom(long seed, int block) {
    return SeedSequence.of(seed).random("probe", block);
  }

  private void checkBatch(Batch batch) {
    if (batch.cols() != dim) {
      throw new IllegalArgumentException("batch has " + batch.cols() + " columns but the flow models "
          + dim + " dimensions");
    }
  }

  private static Batch slice(Batch batch, int start, int rows) {
    if (start == 0 && rows == batch.rows()) {
      return batch;
    }
    return batch.gather(IntStream.range(start, start + rows).toArray());
  }

  private Buffers buffers(int rows) {
    return buffers.computeIfAbsent(rows, Buffers::new);
  }

  private static Mlp[] mlpsOf(FlowField[] fields) {
    return Arrays.stream(fields).map(f -> ((MlpField) f).mlp()).toArray(Mlp[]::new);
  }

  /** The MLP blocks and end times a spec describes, placed in θ in the order of the spec's format. */
  private static final class SpecBlocks {
    final ParameterLayout layout;
    final FlowField[] fields;
    final int[] tauOffset;
    final double[] times;

    SpecBlocks(CnfSpec spec) {
      CnfSpec.Architecture a = spec.architecture();
      ParameterLayout.Builder b = new ParameterLayout.Builder();
      fields = new FlowField[a.blocks()];
      tauOffset = new int[a.blocks()];
      times = new double[a.blocks()];
      for (int k = 0; k < a.blocks(); k++) {
        fields[k] = new MlpField(new Mlp(spec.dim(), a.hidden(), spec.dim(), a.layerType(), a.activation(), b,
            "cnf" + k));
        tauOffset[k] = a.trainTime() ? b.add("cnf" + k + ".sqrtT", 1, 1) : -1;
        times[k] = a.time();
      }
      layout = b.build();
    }
  }

  /** Fields and arrays for one batch size, created on first use and reused. */
  private final class Buffers {
    final double[] z;
    final double[] aZ;
    final double[] nll;
    final CnfField[] evalFields;
    final CnfField[] trainFields;
    final double[][] states;
    /** Initial states of the training and evaluation fields (their dimensions differ by the regularizers). */
    final double[] trainStart;
    final double[] evalStart;
    final double[] dLdY;
    final double[] y0Bar;
    final double[] timeBar = new double[2];
    final long[] forwardNfe;

    Buffers(int rows) {
      int d = dim;
      z = new double[rows * d];
      aZ = new double[rows * d];
      nll = new double[rows];
      evalFields = new CnfField[fields.length];
      trainFields = new CnfField[fields.length];
      states = new double[fields.length][];
      forwardNfe = new long[fields.length];
      int maxAug = 0;
      for (int k = 0; k < fields.length; k++) {
        evalFields[k] = new CnfField(fields[k], null, rows, trace, false, false);
        trainFields[k] = new CnfField(fields[k], null, rows, trace, kinetic, jacobian);
        int aug = Math.max(evalFields[k].dimension(), trainFields[k].dimension());
        states[k] = new double[2 * aug];
        maxAug = Math.max(maxAug, aug);
      }
      trainStart = new double[trainFields[0].dimension()];
      evalStart = new double[evalFields[0].dimension()];
      dLdY = new double[2 * maxAug];
      y0Bar = new double[maxAug];
    }
  }
}
