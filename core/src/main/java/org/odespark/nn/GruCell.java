package org.odespark.nn;

import java.util.random.RandomGenerator;
import org.odespark.linalg.Blas;

/**
 * A gated recurrent unit (Cho et al., "Learning phrase representations using RNN encoder–decoder for
 * statistical machine translation", EMNLP 2014, eqs. 5–8), batched over rows, on the model's flat θ:
 * <pre>
 *   u = σ(x W_uᵀ + h U_uᵀ + b_u)              update gate
 *   r = σ(x W_rᵀ + h U_rᵀ + b_r)              reset gate
 *   n = tanh(x W_nᵀ + (r ⊙ h) U_nᵀ + b_n)     candidate
 *   h' = (1 − u) ⊙ n + u ⊙ h
 * </pre>
 * Parameters, in this order: {@code W} = [W_u; W_r; W_n] (3H × I), {@code Uur} = [U_u; U_r] (2H × H),
 * {@code Un} (H × H), {@code b} = [b_u, b_r, b_n] (3H), all row-major. Initialization: every entry
 * U(−1/√H, 1/√H) (PyTorch's nn.GRUCell default).
 *
 * <p>{@link #forward} keeps the gates u, r, n and r ⊙ h of each row (4H numbers) in a caller array, so a
 * recurrence can keep one such record per step and run {@link #vjp} in reverse without recomputing. Matrix
 * work is three GEMMs forward and six in reverse. Immutable and thread-safe; scratch comes from
 * {@link #newScratch}.
 */
public final class GruCell {

  private final int in;
  private final int hidden;
  private final int offset;
  private final int uOffset;
  private final int unOffset;
  private final int biasOffset;

  /**
   * Appends W, Uur, Un and b to {@code layout} under {@code name}.W, {@code name}.Uur, {@code name}.Un,
   * {@code name}.b.
   *
   * @param in input dimension I, ≥ 1
   * @param hidden hidden dimension H, ≥ 1
   */
  public GruCell(int in, int hidden, ParameterLayout.Builder layout, String name) {
    if (in < 1 || hidden < 1) {
      throw new IllegalArgumentException("GRU dimensions must be >= 1, got input " + in + ", hidden " + hidden);
    }
    this.in = in;
    this.hidden = hidden;
    this.offset = layout.add(name + ".W", 3 * hidden, in);
    this.uOffset = layout.add(name + ".Uur", 2 * hidden, hidden);
    this.unOffset = layout.add(name + ".Un", hidden, hidden);
    this.biasOffset = layout.add(name + ".b", 1, 3 * hidden);
  }

  public int inputDim() {
    return in;
  }

  public int hiddenDim() {
    return hidden;
  }

  /** Offset of the first parameter in θ. */
  public int offset() {
    return offset;
  }

  public int parameterCount() {
    return 3 * hidden * in + 2 * hidden * hidden + hidden * hidden + 3 * hidden;
  }

  /** Numbers per row that {@link #forward} keeps for {@link #vjp}: u, r, n and r ⊙ h. */
  public int gateWidth() {
    return 4 * hidden;
  }

  /** Draws every parameter from U(−1/√H, 1/√H). */
  public void initialize(double[] theta, RandomGenerator rng) {
    double bound = 1 / Math.sqrt(hidden);
    for (int i = 0; i < parameterCount(); i++) {
      theta[offset + i] = (2 * rng.nextDouble() - 1) * bound;
    }
  }

  /** Scratch for up to {@code rows} rows. */
  public Scratch newScratch(int rows) {
    return new Scratch(rows);
  }

  /**
   * h' = GRU(x, h) for {@code rows} rows.
   *
   * @param x rows × I from {@code xOff}, not modified
   * @param h rows × H from {@code hOff}, not modified
   * @param hNew receives rows × H from {@code hNewOff}; must not overlap x or h
   * @param gates receives rows × {@link #gateWidth()} from {@code gatesOff}: what {@link #vjp} needs
   */
  public void forward(double[] theta, double[] x, int xOff, double[] h, int hOff, int rows, double[] hNew,
                      int hNewOff, double[] gates, int gatesOff, Scratch s) {
    s.check(rows);
    int hd = hidden;
    int g4 = 4 * hd;
    double[] a = s.a;
    double[] c = s.c;
    // a = x Wᵀ (rows × 3H), c = h Uurᵀ (rows × 2H).
    Blas.gemm(false, true, rows, 3 * hd, in, 1.0, x, xOff, in, theta, offset, in, 0.0, a, 0, 3 * hd);
    Blas.gemm(false, true, rows, 2 * hd, hd, 1.0, h, hOff, hd, theta, uOffset, hd, 0.0, c, 0, 2 * hd);
    for (int r = 0; r < rows; r++) {
      int ar = r * 3 * hd;
      int cr = r * 2 * hd;
      int gr = gatesOff + r * g4;
      int hr = hOff + r * hd;
      for (int j = 0; j < hd; j++) {
        double u = Activation.sigmoid(a[ar + j] + c[cr + j] + theta[biasOffset + j]);
        double rg = Activation.sigmoid(a[ar + hd + j] + c[cr + hd + j] + theta[biasOffset + hd + j]);
        gates[gr + j] = u;
        gates[gr + hd + j] = rg;
        gates[gr + 3 * hd + j] = rg * h[hr + j];
      }
    }
    // (r ⊙ h) Unᵀ into the first H columns of c's rows (stride 2H).
    Blas.gemm(false, true, rows, hd, hd, 1.0, gates, gatesOff + 3 * hd, g4, theta, unOffset, hd, 0.0, c, 0, 2 * hd);
    for (int r = 0; r < rows; r++) {
      int ar = r * 3 * hd + 2 * hd;
      int cr = r * 2 * hd;
      int gr = gatesOff + r * g4;
      int hr = hOff + r * hd;
      int or = hNewOff + r * hd;
      for (int j = 0; j < hd; j++) {
        double n = Activation.tanh(a[ar + j] + c[cr + j] + theta[biasOffset + 2 * hd + j]);
        gates[gr + 2 * hd + j] = n;
        double u = gates[gr + j];
        hNew[or + j] = (1 - u) * n + u * h[hr + j];
      }
    }
  }

  /**
   * The reverse of {@link #forward}: from h̄' the input cotangents x̄ and h̄ (overwritten) and θ̄ (+=).
   *
   * @param x, h, gates as given to and kept by the forward pass, not modified
   * @param hNewBar rows × H from {@code barOff}, not modified
   * @param xBar receives rows × I from {@code xBarOff}, or null when x needs no cotangent
   * @param hBar receives rows × H from {@code hBarOff}; may be the same array and offset as hNewBar (read
   *     before it is written)
   * @param thetaBar layout of θ, accumulated
   */
  public void vjp(double[] theta, double[] x, int xOff, double[] h, int hOff, double[] gates, int gatesOff, int rows,
                  double[] hNewBar, int barOff, double[] xBar, int xBarOff, double[] hBar, int hBarOff,
                  double[] thetaBar, Scratch s) {
    s.check(rows);
    int hd = hidden;
    int g4 = 4 * hd;
    double[] aBar = s.aBar;
    double[] cBar = s.cBar;
    double[] direct = s.direct;
    // Pre-activation cotangents: aBar = [ū·u(1−u), r̄·r(1−r), n̄·(1−n²)] (rows × 3H); the candidate's cotangent
    // also feeds Un: cBar (rows × H) before r̄ is known.
    for (int r = 0; r < rows; r++) {
      int gr = gatesOff + r * g4;
      int hr = hOff + r * hd;
      int br = barOff + r * hd;
      int ar = r * 3 * hd;
      for (int j = 0; j < hd; j++) {
        double bar = hNewBar[br + j];
        double u = gates[gr + j];
        double n = gates[gr + 2 * hd + j];
        double uBar = bar * (h[hr + j] - n);
        double nPre = bar * (1 - u) * (1 - n * n);
        aBar[ar + j] = uBar * u * (1 - u);
        aBar[ar + 2 * hd + j] = nPre;
        direct[r * hd + j] = bar * u;
      }
    }
    // rhBar = nPre Un (rows × H), into cBar's first H columns (stride 2H) as scratch.
    Blas.gemm(false, false, rows, hd, hd, 1.0, aBar, 2 * hd, 3 * hd, theta, unOffset, hd, 0.0, cBar, 0, 2 * hd);
    // Ūn += nPreᵀ (r ⊙ h).
    Blas.gemm(true, false, hd, hd, rows, 1.0, aBar, 2 * hd, 3 * hd, gates, gatesOff + 3 * hd, g4, 1.0, thetaBar,
        unOffset, hd);
    for (int r = 0; r < rows; r++) {
      int gr = gatesOff + r * g4;
      int hr = hOff + r * hd;
      int ar = r * 3 * hd;
      int cr = r * 2 * hd;
      for (int j = 0; j < hd; j++) {
        double rhBar = cBar[cr + j];
        double rg = gates[gr + hd + j];
        aBar[ar + hd + j] = rhBar * h[hr + j] * rg * (1 - rg);
        direct[r * hd + j] += rhBar * rg;
      }
    }
    // W̄ += aBarᵀ x, b̄ += Σ_rows aBar, Ūur += aBar[:, :2H]ᵀ h.
    Blas.gemm(true, false, 3 * hd, in, rows, 1.0, aBar, 0, 3 * hd, x, xOff, in, 1.0, thetaBar, offset, in);
    Blas.gemm(true, false, 2 * hd, hd, rows, 1.0, aBar, 0, 3 * hd, h, hOff, hd, 1.0, thetaBar, uOffset, hd);
    for (int r = 0; r < rows; r++) {
      int ar = r * 3 * hd;
      for (int j = 0; j < 3 * hd; j++) {
        thetaBar[biasOffset + j] += aBar[ar + j];
      }
    }
    if (xBar != null) {
      Blas.gemm(false, false, rows, in, 3 * hd, 1.0, aBar, 0, 3 * hd, theta, offset, in, 0.0, xBar, xBarOff, in);
    }
    // h̄ = u ⊙ h̄' + (r ⊙ rhBar) + aBar[:, :2H] Uur.
    for (int r = 0; r < rows; r++) {
      System.arraycopy(direct, r * hd, hBar, hBarOff + r * hd, hd);
    }
    Blas.gemm(false, false, rows, hd, 2 * hd, 1.0, aBar, 0, 3 * hd, theta, uOffset, hd, 1.0, hBar, hBarOff, hd);
  }

  @Override
  public String toString() {
    return "GruCell[" + in + " → " + hidden + ", " + parameterCount() + " parameters]";
  }

  /** Per-thread buffers of one forward or reverse call, for up to a fixed number of rows. */
  public final class Scratch {
    final int maxRows;
    final double[] a;
    final double[] c;
    final double[] aBar;
    final double[] cBar;
    final double[] direct;

    Scratch(int maxRows) {
      if (maxRows < 1) {
        throw new IllegalArgumentException("scratch needs rows >= 1, got " + maxRows);
      }
      this.maxRows = maxRows;
      a = new double[maxRows * 3 * hidden];
      c = new double[maxRows * 2 * hidden];
      aBar = new double[maxRows * 3 * hidden];
      cBar = new double[maxRows * 2 * hidden];
      direct = new double[maxRows * hidden];
    }

    public int maxRows() {
      return maxRows;
    }

    void check(int rows) {
      if (rows < 1 || rows > maxRows) {
        throw new IllegalArgumentException("GRU scratch holds 1 to " + maxRows + " rows, asked for " + rows);
      }
    }
  }
}
