package org.odespark.classify;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odespark.nn.LayerScratch;
import org.odespark.nn.Linear;
import org.odespark.nn.ParameterLayout;
import org.odespark.objective.Batch;
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.random.SeedSequence;

/**
 * What the ODE-Net and the ResNet share: the frame
 * <pre>
 *   h₀ = x W_inᵀ + b_in  (rows × width)  →  z = body(h₀)  (rows × stateDim)  →  ℓ = z W_outᵀ + b_out  →  Σ w CE(ℓ, y)
 * </pre>
 * with the body in between supplied by the subclass, the reverse pass in the opposite order, and the
 * bookkeeping of the {@link Objective} contract. θ is laid out as [input linear | body | output linear].
 *
 * <p>{@link #accumulate} first copies θ into an array the objective owns, and the body's vector fields are
 * bound to that copy: so θ may be a different array on every call (a new broadcast per iteration), and the
 * batch's gradient is computed in its own buffer before being added to the aggregator, so its bits do not
 * depend on what the aggregator held. Row buffers grow to the largest batch seen and are reused. Mutable,
 * one thread.
 */
abstract class AbstractClassifier implements Objective {

  final int inputDim;
  final int width;
  final int stateDim;
  final int classes;
  final Linear input;
  final Linear output;
  final ParameterLayout layout;
  /** The objective's own copy of θ, read by every layer and vector field. */
  final double[] params;
  private final double[] gradient;

  private int capacity;
  private double[] hidden = new double[0];
  private double[] hiddenBar = new double[0];
  private double[] features = new double[0];
  private double[] featuresBar = new double[0];
  private double[] logits = new double[0];
  private double[] logitsBar = new double[0];
  private LayerScratch inputScratch;
  private LayerScratch outputScratch;

  /**
   * @param input the input linear, inputDim → width, first in the layout
   * @param output the read-out, stateDim → classes, last in the layout
   * @param layout θ's layout: input, the body's blocks, output
   */
  AbstractClassifier(Linear input, Linear output, ParameterLayout layout) {
    this.inputDim = input.inputDim();
    this.width = input.outputDim();
    this.stateDim = output.inputDim();
    this.classes = output.outputDim();
    this.input = input;
    this.output = output;
    this.layout = layout;
    this.params = new double[layout.size()];
    this.gradient = new double[layout.size()];
  }

  /**
   * z = body(h₀) at the parameters in {@link #params}.
   *
   * @param h0 rows × width, not modified
   * @param z rows × stateDim, overwritten
   * @param forGradient whether {@link #backwardBody} follows
   * @return the function evaluations of the forward solve (0 for a body without one)
   */
  abstract long forwardBody(double[] h0, int rows, double[] z, boolean forGradient);

  /**
   * The reverse pass of the last {@code forwardBody(…, true)}: h̄₀ from z̄, θ̄ += the body's parameter
   * cotangent.
   *
   * @param zBar rows × stateDim, not modified
   * @param h0Bar rows × width, overwritten
   * @param thetaBar layout of θ, accumulated
   * @return the function evaluations of the backward pass (0 for a body without a solve)
   */
  abstract long backwardBody(double[] zBar, int rows, double[] h0Bar, double[] thetaBar);

  /** Whether the body solves an ODE (then every batch adds one solve to the aggregator). */
  abstract boolean solvesOde();

  /** Draws the body's initial parameters (called between the input and output linears' draws). */
  abstract void initializeBody(double[] theta, RandomGenerator rng);

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
    return inputDim;
  }

  /** Number of classes of the read-out. */
  public int classes() {
    return classes;
  }

  /**
   * θ from {@code SeedSequence.of(seed).random("parameters")}: every layer in layout order with the
   * layers' own initializers (PyTorch's defaults, U(−1/√fan_in, 1/√fan_in)).
   */
  @Override
  public void initialize(double[] theta, long seed) {
    checkTheta(theta);
    RandomGenerator rng = SeedSequence.of(seed).random("parameters");
    input.initialize(theta, rng);
    initializeBody(theta, rng);
    output.initialize(theta, rng);
  }

  /**
   * {@inheritDoc} Loss Σ wᵢ CEᵢ, weight Σ wᵢ, gradient Σ wᵢ ∇θ CEᵢ, {@link GradientAggregator.Metric#CORRECT}
   * Σ wᵢ [predicted = label], and for the ODE-Net one solve with its forward and backward evaluations. The
   * model is deterministic: {@code seed} is not used.
   *
   * @throws IllegalArgumentException if the batch has another number of columns, no labels, or a label
   *     outside [0, classes), or the aggregator another parameter count
   */
  @Override
  public void accumulate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    int rows = prepare(theta, batch, into);
    long nfeForward = forward(batch, rows, true);
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, rows, classes, batch.labels(),
        batch.hasWeights() ? batch.weights() : null, logitsBar);
    double correct = SoftmaxCrossEntropy.weightedCorrect(logits, rows, classes, batch.labels(),
        batch.hasWeights() ? batch.weights() : null);
    Arrays.fill(gradient, 0.0);
    output.vjp(0, params, features, null, logitsBar, rows, 0, featuresBar, rows, gradient, outputScratch);
    long nfeBackward = backwardBody(featuresBar, rows, hiddenBar, gradient);
    input.vjp(0, params, batch.features(), null, hiddenBar, rows, 0, null, 0, gradient, inputScratch);
    double[] sum = into.gradientSum();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += gradient[i];
    }
    record(batch, rows, loss, correct, nfeForward, nfeBackward, into);
  }

  /** {@inheritDoc} The forward pass only; adds one solve with backward evaluations 0 for the ODE-Net. */
  @Override
  public void evaluate(double[] theta, Batch batch, long seed, GradientAggregator into) {
    int rows = prepare(theta, batch, into);
    long nfeForward = forward(batch, rows, false);
    double[] weights = batch.hasWeights() ? batch.weights() : null;
    double loss = SoftmaxCrossEntropy.lossAndGradient(logits, rows, classes, batch.labels(), weights, null);
    double correct = SoftmaxCrossEntropy.weightedCorrect(logits, rows, classes, batch.labels(), weights);
    record(batch, rows, loss, correct, nfeForward, 0, into);
  }

  /**
   * The logits ℓ (rows × classes) of {@code batch} at θ, for prediction.
   *
   * @param out receives the logits, length ≥ rows·classes
   */
  public void logits(double[] theta, Batch batch, double[] out) {
    checkTheta(theta);
    checkFeatures(batch);
    int rows = batch.rows();
    if (out.length < rows * classes) {
      throw new IllegalArgumentException("out needs rows × classes = " + rows * classes + " entries, got "
          + out.length);
    }
    ensureCapacity(rows);
    System.arraycopy(theta, 0, params, 0, params.length);
    forward(batch, rows, false);
    System.arraycopy(logits, 0, out, 0, rows * classes);
  }

  private long forward(Batch batch, int rows, boolean forGradient) {
    input.forward(0, params, batch.features(), rows, 0, hidden, null, inputScratch);
    long nfe = forwardBody(hidden, rows, features, forGradient);
    output.forward(0, params, features, rows, 0, logits, null, outputScratch);
    return nfe;
  }

  private void record(Batch batch, int rows, double loss, double correct, long nfeForward, long nfeBackward,
                      GradientAggregator into) {
    into.addLoss(loss, batch.weightSum(), rows);
    into.addMetric(GradientAggregator.Metric.CORRECT, correct);
    if (solvesOde()) {
      into.addSolve(nfeForward, nfeBackward);
    }
  }

  private int prepare(double[] theta, Batch batch, GradientAggregator into) {
    checkTheta(theta);
    if (into.parameterCount() != params.length) {
      throw new IllegalArgumentException("the aggregator holds " + into.parameterCount()
          + " parameters but this classifier has " + params.length);
    }
    checkFeatures(batch);
    if (!batch.hasLabels()) {
      throw new IllegalArgumentException("a classifier needs labelled batches, got " + batch);
    }
    int[] labels = batch.labels();
    int rows = batch.rows();
    for (int r = 0; r < rows; r++) {
      if (labels[r] < 0 || labels[r] >= classes) {
        throw new IllegalArgumentException("label of row " + r + " is " + labels[r] + ", outside [0, " + classes
            + ")");
      }
    }
    ensureCapacity(rows);
    System.arraycopy(theta, 0, params, 0, params.length);
    return rows;
  }

  private void checkFeatures(Batch batch) {
    if (batch.cols() != inputDim) {
      throw new IllegalArgumentException("batch has " + batch.cols() + " columns but the classifier's input"
          + " dimension is " + inputDim);
    }
  }

  private void checkTheta(double[] theta) {
    if (theta.length != params.length) {
      throw new IllegalArgumentException("θ has " + theta.length + " entries but the classifier has "
          + params.length + " parameters");
    }
  }

  /** Grows the row buffers to hold {@code rows} rows (grow-only). */
  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    hidden = new double[rows * width];
    hiddenBar = new double[rows * width];
    features = new double[rows * stateDim];
    featuresBar = new double[rows * stateDim];
    logits = new double[rows * classes];
    logitsBar = new double[rows * classes];
    inputScratch = input.newScratch(rows);
    outputScratch = output.newScratch(rows);
    capacity = rows;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + inputDim + " → " + width + " → " + stateDim + " → " + classes + ", "
        + layout.size() + " parameters]";
  }
}
