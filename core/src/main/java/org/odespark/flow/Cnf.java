package org.odespark.flow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.odespark.adjoint.GradientSolver;
import org.odespark.adjoint.GradientWorkspace;
import org.odespark.adjoint.NeuralVectorField;
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
 * <p>One thread: a Cnf owns its workspaces (built per thread from its {@link CnfSpec}).
 */
public final class Cnf implements Objective {

  /** log(2π). */
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  /** Largest number of rows solved at once by the density, sampling and encoding methods. */
  private static final int CHUNK = 2048;

  private final CnfSpec spec;
  private final ParameterLayout layout;
  private final Mlp[] mlps;
  private final int[] tauOffset;
  private final OdeSolver forwardSolver;
  private final GradientSolver gradientSolver;
  private final boolean kinetic;
  private final boolean jacobian;
  /** One per block: backprop's tape of block k must survive the forward passes of the later blocks. */
  private final GradientWorkspace[] gradientWorkspaces;
  private final SolverWorkspace solverWorkspace = new SolverWorkspace();
  private final Map<Integer, Buffers> buffers = new HashMap<>();

  public Cnf(CnfSpec spec) {
    this.spec = spec;
    CnfSpec.Architecture a = spec.architecture();
    ParameterLayout.Builder b = new ParameterLayout.Builder();
    this.mlps = new Mlp[a.blocks()];
    this.tauOffset = new int[a.blocks()];
    for (int k = 0; k < a.blocks(); k++) {
      mlps[k] = new Mlp(spec.dim(), a.hidden(), spec.dim(), a.layerType(), a.activation(), b, "cnf" + k);
      tauOffset[k] = a.trainTime() ? b.add("cnf" + k + ".sqrtT", 1, 1) : -1;
    }
    this.layout = b.build();
    this.forwardSolver = spec.gradient().forwardSolver();
    this.gradientSolver = spec.gradient().create();
    this.kinetic = spec.kineticWeight() > 0;
    this.jacobian = spec.jacobianWeight() > 0;
    this.gradientWorkspaces = new GradientWorkspace[a.blocks()];
    for (int k = 0; k < a.blocks(); k++) {
      gradientWorkspaces[k] = new GradientWorkspace();
    }
  }

  public CnfSpec spec() {
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
    return spec.dim();
  }

  public int dimension() {
    return spec.dim();
  }

  /** The vector field of block k. */
  public Mlp block(int k) {
    return mlps[k];
  }

  /** End time T_k of block k under θ. */
  public double endTime(double[] theta, int k) {
    if (tauOffset[k] < 0) {
      return spec.architecture().time();
    }
    double tau = theta[tauOffset[k]];
    return tau * tau;
  }

  /**
   * Initial parameters: each block's MLP from {@code SeedSequence(seed).random("init", k)} (PyTorch's
   * default uniform initialization, see the layers), τ_k = √T.
   */
  @Override
  public void initialize(double[] theta, long seed) {
    SeedSequence seeds = SeedSequence.of(seed);
    for (int k = 0; k < mlps.length; k++) {
      mlps[k].initialize(theta, seeds.random("init", k));
      if (tauOffset[k] >= 0) {
        theta[tauOffset[k]] = Math.sqrt(spec.architecture().time());
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
    for (int i = 0; i < batch.rows() * spec.dim(); i++) {
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
    int d = spec.dim();
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
    for (int k = mlps.length - 1; k >= 0; k--) {
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
          dLdY[aug + field.kineticOffset() + b] = spec.kineticWeight() * w;
        }
        if (jacobian && regularized) {
          dLdY[aug + field.jacobianOffset() + b] = spec.jacobianWeight() * w;
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
    if (out.length < (long) n * spec.dim()) {
      throw new IllegalArgumentException("sample output needs " + n + " × " + spec.dim() + " entries, got "
          + out.length);
    }
    RandomGenerator rng = SeedSequence.of(seed).random("sample");
    Normals.fill(rng, out, 0, n * spec.dim());
    for (int start = 0; start < n; start += CHUNK) {
      int rows = Math.min(CHUNK, n - start);
      double[] z = new double[rows * spec.dim()];
      System.arraycopy(out, start * spec.dim(), z, 0, z.length);
      for (int k = mlps.length - 1; k >= 0; k--) {
        NeuralVectorField f = new NeuralVectorField(mlps[k], theta, rows);
        forwardSolver.integrate(f, endTime(theta, k), 0, z, solverWorkspace, null);
      }
      if (spec.images()) {
        toImage(z);
      }
      System.arraycopy(z, 0, out, start * spec.dim(), z.length);
    }
  }

  /** Maps data rows to latent codes z_K (no trace): the inverse of {@link #decode}. */
  public void encode(double[] theta, double[] x, int rows, double[] out) {
    System.arraycopy(x, 0, out, 0, rows * spec.dim());
    double[] z = new double[rows * spec.dim()];
    System.arraycopy(x, 0, z, 0, z.length);
    for (int k = 0; k < mlps.length; k++) {
      forwardSolver.integrate(new NeuralVectorField(mlps[k], theta, rows), 0, endTime(theta, k), z,
          solverWorkspace, null);
    }
    System.arraycopy(z, 0, out, 0, z.length);
  }

  /** Maps latent codes back to data space (integrating the blocks backward). */
  public void decode(double[] theta, double[] z, int rows, double[] out) {
    double[] x = new double[rows * spec.dim()];
    System.arraycopy(z, 0, x, 0, x.length);
    for (int k = mlps.length - 1; k >= 0; k--) {
      forwardSolver.integrate(new NeuralVectorField(mlps[k], theta, rows), endTime(theta, k), 0, x,
          solverWorkspace, null);
    }
    System.arraycopy(x, 0, out, 0, x.length);
  }

  /** Bits per dimension of a mean loss (nats per example) for image specs: loss / (D ln 2). */
  public double bitsPerDim(double meanLoss) {
    return meanLoss / (spec.dim() * Math.log(2));
  }

  /**
   * Runs the blocks forward on the batch, leaving the latent codes in buf.z, the per-example NLL in buf.nll,
   * and, for training, every block's start and end states in buf.states for the backward pass.
   */
  private void forwardPass(double[] theta, Batch batch, long seed, Buffers buf, boolean training,
                           GradientAggregator into) {
    int rows = batch.rows();
    int d = spec.dim();
    double[] nll = buf.nll;
    Arrays.fill(nll, 0, rows, 0.0);
    if (spec.images()) {
      toLogit(batch, seed, buf.z, nll);
    } else {
      System.arraycopy(batch.features(), 0, buf.z, 0, rows * d);
    }
    for (int k = 0; k < mlps.length; k++) {
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
   * Dequantizes pixel/255 values and applies the logit transform into {@code y}; adds to {@code nll} the
   * per-example −log|det ∂y/∂x̃| + D log 256 (the change of variables from y to discrete pixels).
   */
  private void toLogit(Batch batch, long seed, double[] y, double[] nll) {
    int rows = batch.rows();
    int d = spec.dim();
    double alpha = spec.logitAlpha();
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
    double alpha = spec.logitAlpha();
    for (int i = 0; i < y.length; i++) {
      double s = 1 / (1 + Math.exp(-y[i]));
      y[i] = Math.min(1, Math.max(0, (s - alpha) / (1 - 2 * alpha)));
    }
  }

  private static RandomGenerator probeRandom(long seed, int block) {
    return SeedSequence.of(seed).random("probe", block);
  }

  private void checkBatch(Batch batch) {
    if (batch.cols() != spec.dim()) {
      throw new IllegalArgumentException("batch has " + batch.cols() + " columns but the flow models "
          + spec.dim() + " dimensions");
    }
  }

  private static Batch slice(Batch batch, int start, int rows) {
    if (start == 0 && rows == batch.rows()) {
      return batch;
    }
    int[] idx = new int[rows];
    for (int i = 0; i < rows; i++) {
      idx[i] = start + i;
    }
    return batch.gather(idx);
  }

  private Buffers buffers(int rows) {
    return buffers.computeIfAbsent(rows, Buffers::new);
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
      int d = spec.dim();
      z = new double[rows * d];
      aZ = new double[rows * d];
      nll = new double[rows];
      evalFields = new CnfField[mlps.length];
      trainFields = new CnfField[mlps.length];
      states = new double[mlps.length][];
      forwardNfe = new long[mlps.length];
      int maxAug = 0;
      for (int k = 0; k < mlps.length; k++) {
        evalFields[k] = new CnfField(mlps[k], null, rows, spec.trace(), false, false);
        trainFields[k] = new CnfField(mlps[k], null, rows, spec.trace(), kinetic, jacobian);
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
