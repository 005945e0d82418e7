package org.odespark.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A multilayer perceptron f(x, t) = L_K(σ(… σ(L_1(x, t)) …), t), batched over rows, with the same layer type
 * in every position (or one type for the hidden layers and another for the output layer, e.g. {@code CONCAT}
 * layers with a {@code LINEAR} output that does not see t), an activation σ after every layer but the last,
 * and hidden widths h₁ … h_{K−1}.
 *
 * <p>Three ways through it, sharing one {@link Workspace}:
 * <ul>
 *   <li>{@link #forward(double, double[], double[], int, double[], Workspace)}: y = f(x, t);</li>
 *   <li>{@link #forward(double, double[], double[], int, double[], int, double[], double[], Workspace)}: y and
 *       K Jacobian-vector products ẏ⁽ᵏ⁾ = (∂f/∂x) ẋ⁽ᵏ⁾ per row (forward mode; K tangents stacked as K blocks
 *       of rows);</li>
 *   <li>{@link #backward}: from cotangents ȳ (and ẏ̄ when tangents were propagated) the input cotangent
 *       x̄, the parameter cotangent θ̄ (accumulated) and the time cotangent — reverse mode, and
 *       reverse-over-forward through the tangents, which uses the activations' second derivatives.</li>
 * </ul>
 * Immutable and thread-safe; all mutable state is in the workspace.
 */
public final class Mlp {

  /** The layer type used in every position. */
  public enum LayerType {
    /** {@link Linear}: ignores t (an autonomous field). */
    LINEAR("linear"),
    /** {@link ConcatLinear}: t appended to the input. */
    CONCAT("concat"),
    /** {@link ConcatSquash}: FFJORD's gated layer. */
    CONCAT_SQUASH("concatsquash");

    private final String label;

    LayerType(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The type called {@code name} (case-insensitive; {@code concat_squash} also accepted). */
    public static LayerType named(String name) {
      String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("_", "");
      for (LayerType t : values()) {
        if (t.label.equals(key)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown layer type '" + name + "'; valid: linear, concat, concatsquash");
    }
  }

  private final AffineLayer[] layers;
  private final int[] widths;
  private final Activation activation;
  private final LayerType type;
  private final LayerType outputType;
  private final int offset;
  private final int parameterCount;

  /**
   * Appends the network's parameters to {@code layout} (blocks named {@code name}.0.W, {@code name}.0.b, …).
   *
   * @param hidden widths of the hidden layers (may be empty: a single layer)
   */
  public Mlp(int in, int[] hidden, int out, LayerType type, Activation activation, ParameterLayout.Builder layout,
             String name) {
    this(in, hidden, out, type, type, activation, layout, name);
  }

  /**
   * As {@link #Mlp(int, int[], int, LayerType, Activation, ParameterLayout.Builder, String)}, with the hidden
   * layers of {@code type} and the output layer of {@code outputType}.
   */
  public Mlp(int in, int[] hidden, int out, LayerType type, LayerType outputType, Activation activation,
             ParameterLayout.Builder layout, String name) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("MLP input and output dimensions must be >= 1, got " + in + ", " + out);
    }
    for (int h : hidden) {
      if (h < 1) {
        throw new IllegalArgumentException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
      }
    }
    this.widths = new int[hidden.length + 2];
    widths[0] = in;
    System.arraycopy(hidden, 0, widths, 1, hidden.length);
    widths[hidden.length + 1] = out;
    this.type = type;
    this.outputType = outputType;
    this.activation = activation;
    this.offset = layout.size();
    this.layers = new AffineLayer[hidden.length + 1];
    for (int l = 0; l < layers.length; l++) {
      String layerName = name + "." + l;
      layers[l] = switch (l == layers.length - 1 ? outputType : type) {
        case LINEAR -> new Linear(widths[l], widths[l + 1], layout, layerName);
        case CONCAT -> new ConcatLinear(widths[l], widths[l + 1], layout, layerName);
        case CONCAT_SQUASH -> new ConcatSquash(widths[l], widths[l + 1], layout, layerName);
      };
    }
    this.parameterCount = layout.size() - offset;
  }

  public int inputDim() {
    return widths[0];
  }

  public int outputDim() {
    return widths[widths.length - 1];
  }

  /** Offset of the first parameter in θ. */
  public int offset() {
    return offset;
  }

  public int parameterCount() {
    return parameterCount;
  }

  public Activation activation() {
    return activation;
  }

  /** The type of the hidden layers (and of the output layer unless {@link #outputLayerType} differs). */
  public LayerType layerType() {
    return type;
  }

  /** The type of the output layer. */
  public LayerType outputLayerType() {
    return outputType;
  }

  /** Copy of the widths: input, hidden…, output. */
  public int[] widths() {
    return widths.clone();
  }

  public int depth() {
    return layers.length;
  }

  public Layer layer(int i) {
    return layers[i];
  }

  /** Draws every layer's initial parameters into θ, layer by layer in parameter order. */
  public void initialize(double[] theta, RandomGenerator rng) {
    for (Layer l : layers) {
      l.initialize(theta, rng);
    }
  }

  /** A workspace for up to {@code rows} rows and {@code tangents} tangent directions per row. */
  public Workspace newWorkspace(int rows, int tangents) {
    return new Workspace(rows, tangents);
  }

  /**
   * y = f(x, t) for {@code rows} rows; keeps what {@link #backward} needs.
   *
   * @param x rows × inputDim, not modified
   * @param y rows × outputDim, overwritten
   */
  public void forward(double t, double[] theta, double[] x, int rows, double[] y, Workspace ws) {
    forward(t, theta, x, rows, null, 0, y, null, ws);
  }

  /**
   * y = f(x, t) and K Jacobian-vector products ẏ⁽ᵏ⁾ = (∂f/∂x) ẋ⁽ᵏ⁾, tangents stacked as K blocks of rows
   * (row k·rows + r is tangent k of example r). Inside, primal rows and tangent rows travel as one block, so
   * each layer is one matrix product.
   *
   * @param xDot K·rows × inputDim, not modified (null with tangents = 0)
   * @param yDot K·rows × outputDim, overwritten (null with tangents = 0)
   */
  public void forward(double t, double[] theta, double[] x, int rows, double[] xDot, int tangents, double[] y,
                      double[] yDot, Workspace ws) {
    ws.check(rows, tangents);
    ws.rows = rows;
    ws.tangents = tangents;
    ws.t = t;
    int tangentRows = tangents * rows;
    int stacked = rows + tangentRows;
    int last = layers.length - 1;
    System.arraycopy(x, 0, ws.u[0], 0, rows * widths[0]);
    if (tangents > 0) {
      System.arraycopy(xDot, 0, ws.u[0], rows * widths[0], tangentRows * widths[0]);
    }
    for (int l = 0; l < last; l++) {
      AffineLayer layer = layers[l];
      LayerScratch scratch = ws.scratch[l];
      int w = widths[l + 1];
      double[] pre = ws.pre[l + 1];
      double[] u = ws.u[l + 1];
      double[] d1 = ws.d1[l + 1];
      layer.prepare(t, theta, scratch);
      layer.linear(theta, ws.u[l], stacked, pre, scratch);
      // Primal rows: u = σ(h + β), keeping σ' (and σ'' for the tangents).
      double[] d2 = ws.d2;
      activation.applyRows(pre, scratch.bias, w, rows, u, d1, d2);
      // Tangent rows, block by block: u̇ = σ'(h) ⊙ ḣ, and q = σ''(h) ⊙ ḣ kept in place of ḣ for the reverse pass.
      int block = rows * w;
      for (int k = 0; k < tangents; k++) {
        if (VectorMath.AVAILABLE) {
          VectorMath.tangentRows(pre, u, d1, d2, (k + 1) * block, block);
        } else {
          tangentRows(pre, u, d1, d2, (k + 1) * block, block);
        }
      }
    }
    AffineLayer output = layers[last];
    LayerScratch scratch = ws.scratch[last];
    double[] out = ws.out;
    output.prepare(t, theta, scratch);
    output.linear(theta, ws.u[last], stacked, out, scratch);
    int d = widths[last + 1];
    double[] beta = scratch.bias;
    for (int r = 0; r < rows; r++) {
      int row = r * d;
      for (int j = 0; j < d; j++) {
        y[row + j] = out[row + j] + beta[j];
      }
    }
    if (tangents > 0) {
      System.arraycopy(out, rows * d, yDot, 0, tangentRows * d);
    }
  }

  /**
   * Reverse pass of the last {@code forward} on this workspace (same θ, unchanged since): x̄ = ȳ ∂f/∂x +
   * Σₖ ẏ̄⁽ᵏ⁾ ∂ẏ⁽ᵏ⁾/∂x, θ̄ += ȳ ∂f/∂θ + Σₖ ẏ̄⁽ᵏ⁾ ∂ẏ⁽ᵏ⁾/∂θ, returns the same for t. The tangents ẋ are
   * treated as constants.
   *
   * @param yBar rows × outputDim, not modified
   * @param yDotBar K·rows × outputDim, or null (then the tangents do not contribute)
   * @param xBar rows × inputDim, overwritten, or null when not needed
   * @param thetaBar accumulated (+=), layout of θ
   * @return Σ ȳ ∂f/∂t (+ the tangents' contribution)
   */
  public double backward(double[] theta, double[] yBar, double[] yDotBar, double[] xBar, double[] thetaBar,
                         Workspace ws) {
    int rows = ws.rows;
    if (yDotBar != null && ws.tangents == 0) {
      throw new IllegalStateException("tangent cotangents given but the forward pass propagated no tangents");
    }
    // Rows of the forward block: the tangent rows exist whenever they were propagated; without tangent
    // cotangents they carry zeros and contribute nothing.
    int tangents = ws.tangents;
    int tangentRows = tangents * rows;
    int stacked = rows + tangentRows;
    double t = ws.t;
    int last = layers.length - 1;
    int d = widths[last + 1];
    double[] cur = ws.bar[0];
    System.arraycopy(yBar, 0, cur, 0, rows * d);
    if (tangents > 0) {
      if (yDotBar != null) {
        System.arraycopy(yDotBar, 0, cur, rows * d, tangentRows * d);
      } else {
        java.util.Arrays.fill(cur, rows * d, stacked * d, 0.0);
      }
    }
    double tBar = 0;
    int flip = 1;
    for (int l = last; l >= 0; l--) {
      AffineLayer layer = layers[l];
      LayerScratch scratch = ws.scratch[l];
      double[] inBar = l == 0 ? xBar : ws.bar[flip];
      int inputRows = l == 0 ? (xBar == null ? 0 : rows) : stacked;
      if (inputRows > 0) {
        layer.inputCotangent(theta, cur, inputRows, inBar, scratch);
      }
      tBar += layer.parameterCotangent(t, theta, ws.u[l], cur, rows, stacked, thetaBar, scratch);
      if (l > 0) {
        // Through u = σ(h), u̇ = σ'(h) ḣ:  h̄ = σ' ū + Σₖ σ'' ḣ⁽ᵏ⁾ u̇̄⁽ᵏ⁾,  ḣ̄⁽ᵏ⁾ = σ' u̇̄⁽ᵏ⁾, with q = σ'' ḣ
        // kept by the forward pass.
        int block = rows * widths[l];
        double[] d1 = ws.d1[l];
        double[] q = ws.pre[l];
        for (int k = 0; k <= tangents; k++) {
          // k = 0: the primal rows' σ' factor (alone when there are no tangents, else fused with block 1).
          if (k == 0 && tangents > 0) {
            continue;
          }
          if (VectorMath.AVAILABLE) {
            VectorMath.reverseRows(inBar, q, d1, k * block, block, k <= 1);
          } else {
            reverseRows(inBar, q, d1, k * block, block, k <= 1);
          }
        }
        cur = inBar;
        flip ^= 1;
      }
    }
    return tBar;
  }

  /**
   * Tangent block at {@code base} of a hidden layer: u̇ = σ' ⊙ ḣ, and σ'' ⊙ ḣ in place of ḣ.
   * {@link VectorMath#tangentRows} does the same lane by lane.
   */
  static void tangentRows(double[] pre, double[] u, double[] d1, double[] d2, int base, int block) {
    for (int i = 0; i < block; i++) {
      double hDot = pre[base + i];
      u[base + i] = d1[i] * hDot;
      pre[base + i] = d2[i] * hDot;
    }
  }

  /**
   * One block of the reverse pass through the activation: base 0 (no tangents) scales h̄ by σ'; a tangent block
   * at {@code base} adds (σ'' ⊙ ḣ) ⊙ u̇̄ to h̄ (scaling h̄ by σ' first when {@code first}) and scales u̇̄ by σ'.
   * {@link VectorMath#reverseRows} does the same lane by lane.
   */
  static void reverseRows(double[] bar, double[] q, double[] d1, int base, int block, boolean first) {
    if (base == 0) {
      for (int i = 0; i < block; i++) {
        bar[i] *= d1[i];
      }
      return;
    }
    for (int i = 0; i < block; i++) {
      double tangentBar = bar[base + i];
      bar[i] = Math.fma(q[base + i], tangentBar, first ? bar[i] * d1[i] : bar[i]);
      bar[base + i] = tangentBar * d1[i];
    }
  }

  @Override
  public String toString() {
    String types = outputType == type ? type.label() : type.label() + "/" + outputType.label() + " output";
    return "Mlp" + Arrays.toString(widths) + " " + types + " " + activation.label() + " (" + parameterCount
        + " parameters)";
  }

  /**
   * Buffers of one forward/backward pair: layer inputs (primal and tangent rows stacked), pre-activations
   * (on tangent rows, σ''(h) ⊙ ḣ after the forward pass), activation derivatives, reverse-pass cotangents
   * and the layers' coefficients, sized once for a maximum number of rows and tangents. Not thread-safe.
   */
  public final class Workspace {
    final int maxRows;
    final int maxTangents;
    /** Input of layer l, (1 + K)·rows × widths[l]: primal rows, then K tangent blocks. */
    final double[][] u;
    /** Output of layer l−1 before the activation, same stacking; the tangent blocks end up holding σ''(h) ⊙ ḣ. */
    final double[][] pre;
    /** σ'(h) of the primal rows of hidden layer l. */
    final double[][] d1;
    /** σ''(h) of the primal rows of the hidden layer being computed (used at once, shared by all layers). */
    final double[] d2;
    final double[] out;
    final double[][] bar = new double[2][];
    final LayerScratch[] scratch;
    int rows;
    int tangents;
    double t;

    Workspace(int maxRows, int maxTangents) {
      if (maxRows < 1 || maxTangents < 0) {
        throw new IllegalArgumentException("workspace needs rows >= 1 and tangents >= 0, got " + maxRows + ", "
            + maxTangents);
      }
      this.maxRows = maxRows;
      this.maxTangents = maxTangents;
      int n = layers.length;
      int stacked = (1 + maxTangents) * maxRows;
      u = new double[n][];
      pre = new double[n][];
      d1 = new double[n][];
      scratch = new LayerScratch[n];
      int maxWidth = 0;
      for (int l = 0; l < n; l++) {
        int w = widths[l];
        maxWidth = Math.max(maxWidth, Math.max(w, widths[l + 1]));
        u[l] = new double[stacked * w];
        if (l > 0) {
          pre[l] = new double[stacked * w];
          d1[l] = new double[maxRows * w];
        }
        scratch[l] = layers[l].newScratch(stacked);
      }
      d2 = new double[maxRows * maxWidth];
      out = new double[stacked * widths[n]];
      for (int i = 0; i < 2; i++) {
        bar[i] = new double[stacked * maxWidth];
      }
    }

    void check(int rows, int tangents) {
      if (rows < 1 || rows > maxRows || tangents < 0 || tangents > maxTangents) {
        throw new IllegalArgumentException("workspace holds up to " + maxRows + " rows and " + maxTangents
            + " tangents, asked for " + rows + " rows and " + tangents + " tangents");
      }
    }

    public int maxRows() {
      return maxRows;
    }
  }
}
