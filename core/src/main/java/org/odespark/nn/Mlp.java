package org.odespark.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A multilayer perceptron f(x, t) = L_K(σ(… σ(L_1(x, t)) …), t), batched over rows, with the same layer type
 * in every position, an activation σ after every layer but the last, and hidden widths h₁ … h_{K−1}.
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

  private final Layer[] layers;
  private final int[] widths;
  private final Activation activation;
  private final LayerType type;
  private final int offset;
  private final int parameterCount;

  /**
   * Appends the network's parameters to {@code layout} (blocks named {@code name}.0.W, {@code name}.0.b, …).
   *
   * @param hidden widths of the hidden layers (may be empty: a single layer)
   */
  public Mlp(int in, int[] hidden, int out, LayerType type, Activation activation, ParameterLayout.Builder layout,
             String name) {
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
    this.activation = activation;
    this.offset = layout.size();
    this.layers = new Layer[hidden.length + 1];
    for (int l = 0; l < layers.length; l++) {
      String layerName = name + "." + l;
      layers[l] = switch (type) {
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

  public LayerType layerType() {
    return type;
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
   * (row k·rows + r is tangent k of example r).
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
    int last = layers.length - 1;
    System.arraycopy(x, 0, ws.u[0], 0, rows * widths[0]);
    if (tangents > 0) {
      System.arraycopy(xDot, 0, ws.uDot[0], 0, tangents * rows * widths[0]);
    }
    for (int l = 0; l < last; l++) {
      int w = widths[l + 1];
      double[] h = ws.u[l + 1];
      layers[l].forward(t, theta, ws.u[l], rows, h, ws.scratch);
      if (tangents > 0) {
        layers[l].jvp(t, theta, ws.uDot[l], tangents * rows, ws.hDot[l + 1], ws.scratch);
      }
      // In place: h becomes σ(h); the derivatives are kept for the tangents and the reverse pass.
      activation.apply(h, h, ws.d1[l + 1], tangents > 0 ? ws.d2[l + 1] : null, rows * w);
      if (tangents > 0) {
        double[] d1 = ws.d1[l + 1];
        double[] hDot = ws.hDot[l + 1];
        double[] uDot = ws.uDot[l + 1];
        int block = rows * w;
        for (int k = 0; k < tangents; k++) {
          int base = k * block;
          for (int i = 0; i < block; i++) {
            uDot[base + i] = d1[i] * hDot[base + i];
          }
        }
      }
    }
    layers[last].forward(t, theta, ws.u[last], rows, y, ws.scratch);
    if (tangents > 0) {
      layers[last].jvp(t, theta, ws.uDot[last], tangents * rows, yDot, ws.scratch);
    }
  }

  /**
   * Reverse pass of the last {@code forward} on this workspace: x̄ = ȳ ∂f/∂x + Σₖ ẏ̄⁽ᵏ⁾ ∂ẏ⁽ᵏ⁾/∂x, θ̄ +=
   * ȳ ∂f/∂θ + Σₖ ẏ̄⁽ᵏ⁾ ∂ẏ⁽ᵏ⁾/∂θ, returns the same for t. The tangents ẋ are treated as constants.
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
    int tangents = yDotBar == null ? 0 : ws.tangents;
    if (yDotBar != null && ws.tangents == 0) {
      throw new IllegalStateException("tangent cotangents given but the forward pass propagated no tangents");
    }
    double t = ws.t;
    double tBar = 0;
    double[] cur = yBar;
    double[] curDot = yDotBar;
    int flip = 0;
    for (int l = layers.length - 1; l >= 0; l--) {
      double[] inBar = l == 0 ? xBar : ws.bar[flip];
      double[] inDotBar = l == 0 || tangents == 0 ? null : ws.dotBar[flip];
      tBar += layers[l].vjp(t, theta, ws.u[l], cur, rows, inBar, thetaBar, ws.scratch, false);
      if (tangents > 0) {
        tBar += layers[l].vjp(t, theta, ws.uDot[l], curDot, tangents * rows, inDotBar, thetaBar, ws.scratch, true);
      }
      if (l > 0) {
        // Through u = σ(h), u̇ = σ'(h) ḣ:  h̄ = σ' ū + Σₖ σ'' ḣ⁽ᵏ⁾ u̇̄⁽ᵏ⁾,  ḣ̄⁽ᵏ⁾ = σ' u̇̄⁽ᵏ⁾.
        int block = rows * widths[l];
        double[] d1 = ws.d1[l];
        for (int i = 0; i < block; i++) {
          inBar[i] *= d1[i];
        }
        if (tangents > 0) {
          double[] d2 = ws.d2[l];
          double[] hDot = ws.hDot[l];
          for (int k = 0; k < tangents; k++) {
            int base = k * block;
            for (int i = 0; i < block; i++) {
              inBar[i] += d2[i] * hDot[base + i] * inDotBar[base + i];
              inDotBar[base + i] *= d1[i];
            }
          }
        }
        cur = inBar;
        curDot = inDotBar;
        flip ^= 1;
      }
    }
    return tBar;
  }

  @Override
  public String toString() {
    return "Mlp" + Arrays.toString(widths) + " " + type.label() + " " + activation.label() + " (" + parameterCount
        + " parameters)";
  }

  /**
   * Buffers of one forward/backward pair: layer inputs, activation derivatives, tangents and reverse-pass
   * cotangents, sized once for a maximum number of rows and tangents. Not thread-safe.
   */
  public final class Workspace {
    final int maxRows;
    final int maxTangents;
    final double[][] u;
    final double[][] d1;
    final double[][] d2;
    final double[][] uDot;
    final double[][] hDot;
    final double[][] bar = new double[2][];
    final double[][] dotBar = new double[2][];
    final double[] scratch;
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
      u = new double[n][];
      d1 = new double[n][];
      d2 = new double[n][];
      uDot = new double[n][];
      hDot = new double[n][];
      int maxWidth = 0;
      int maxScratch = 0;
      for (int l = 0; l < n; l++) {
        int w = widths[l];
        maxWidth = Math.max(maxWidth, w);
        u[l] = new double[maxRows * w];
        if (l > 0) {
          d1[l] = new double[maxRows * w];
          d2[l] = maxTangents > 0 ? new double[maxRows * w] : null;
          hDot[l] = maxTangents > 0 ? new double[maxTangents * maxRows * w] : null;
        }
        uDot[l] = maxTangents > 0 ? new double[maxTangents * maxRows * w] : null;
        maxScratch = Math.max(maxScratch, layers[l].scratchSize(Math.max(1, maxTangents) * maxRows));
      }
      for (int i = 0; i < 2; i++) {
        bar[i] = new double[maxRows * maxWidth];
        dotBar[i] = maxTangents > 0 ? new double[maxTangents * maxRows * maxWidth] : null;
      }
      scratch = new double[maxScratch];
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

    public int maxTangents() {
      return maxTangents;
    }
  }
}
