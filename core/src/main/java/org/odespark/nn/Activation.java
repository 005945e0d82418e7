package org.odespark.nn;

import java.util.Arrays;

/**
 * Elementwise nonlinearities σ with their first and second derivatives, applied to whole blocks: the
 * second derivative is what reverse-over-forward differentiation (the gradient of a Jacobian-vector
 * product, needed by FFJORD's trace estimator) asks of an activation.
 *
 * <pre>
 *   tanh      σ = tanh h                 σ' = 1 − σ²              σ'' = −2σ(1 − σ²)
 *   softplus  σ = log(1 + eʰ)            σ' = s = 1/(1 + e⁻ʰ)      σ'' = s(1 − s)
 *   sigmoid   σ = s                      σ' = s(1 − s)            σ'' = s(1 − s)(1 − 2s)
 *   elu       σ = h (h &gt; 0), eʰ − 1      σ' = 1, eʰ               σ'' = 0, eʰ          (α = 1)
 *   swish     σ = h s                    σ' = s + h s(1 − s)      σ'' = s(1 − s)(2 + h(1 − 2s))
 * </pre>
 * (swish with β = 1, also called SiLU: Ramachandran et al. 2017; ELU: Clevert et al., ICLR 2016.)
 * The switch on the kind sits outside the loops, so each loop is a plain indexed loop.
 */
public enum Activation {
  TANH("tanh"), SOFTPLUS("softplus"), SIGMOID("sigmoid"), ELU("elu"), SWISH("swish");

  private final String label;

  Activation(String label) {
    this.label = label;
  }

  /** The configuration name ({@code tanh}, {@code softplus}, …). */
  public String label() {
    return label;
  }

  /** The activation called {@code name}, case-insensitive; the error lists valid names. */
  public static Activation named(String name) {
    for (Activation a : values()) {
      if (a.label.equalsIgnoreCase(name == null ? "" : name.trim())) {
        return a;
      }
    }
    var names = Arrays.stream(values()).map(Activation::label).toList();
    throw new IllegalArgumentException("unknown activation '" + name + "'; valid: " + String.join(", ", names));
  }

  /**
   * {@code out[i] = σ(h[i])} and, when {@code d1} is non-null, {@code d1[i] = σ'(h[i])}, and when
   * {@code d2} is non-null, {@code d2[i] = σ''(h[i])}, for i in [0, n). {@code out} may alias {@code h}
   * (each h[i] is read before out[i] is written); d1 and d2 must not.
   */
  public void apply(double[] h, double[] out, double[] d1, double[] d2, int n) {
    if (this == TANH) {
      // The scalar path: the vector kernel wants all arrays, and this convenience is off the hot path.
      tanhRow(h, null, 0, 0, n, out, d1, d2);
      return;
    }
    activate(h, out, d1, d2, n);
  }

  /**
   * The activation of {@code rows} rows of {@code width} columns with a bias per column:
   * {@code out[r,j] = σ(h[r,j] + bias[j])}, with σ' and σ'' of the same argument into {@code d1} and
   * {@code d2}. One pass for tanh (with the Vector API when present: the same bits either way); the other
   * activations add the bias into {@code h} first.
   *
   * @param h rows × width, row-major; holds h + bias afterwards, or is left as it was (either may happen)
   * @param bias width entries, not modified
   * @param out rows × width, overwritten; may alias h
   * @param d1 rows × width, overwritten; must not alias h or out
   * @param d2 rows × width, overwritten; must not alias h, out or d1
   */
  void applyRows(double[] h, double[] bias, int width, int rows, double[] out, double[] d1, double[] d2) {
    if (this == TANH) {
      if (VectorMath.AVAILABLE) {
        VectorMath.tanhRows(h, bias, width, rows, out, d1, d2);
      } else {
        for (int r = 0; r < rows; r++) {
          tanhRow(h, bias, r * width, 0, width, out, d1, d2);
        }
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        h[r * width + j] += bias[j];
      }
    }
    activate(h, out, d1, d2, rows * width);
  }

  /** {@link #apply} for every activation but tanh. */
  private void activate(double[] h, double[] out, double[] d1, double[] d2, int n) {
    switch (this) {
      case SOFTPLUS -> {
        for (int i = 0; i < n; i++) {
          double x = h[i];
          // log(1 + eˣ) without overflow: max(x, 0) + log1p(e^−|x|).
          double s = sigmoid(x);
          out[i] = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
          if (d1 != null) {
            d1[i] = s;
          }
          if (d2 != null) {
            d2[i] = s * (1 - s);
          }
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          double s = sigmoid(h[i]);
          out[i] = s;
          if (d1 != null) {
            d1[i] = s * (1 - s);
          }
          if (d2 != null) {
            d2[i] = s * (1 - s) * (1 - 2 * s);
          }
        }
      }
      case ELU -> {
        for (int i = 0; i < n; i++) {
          double x = h[i];
          if (x > 0) {
            out[i] = x;
            if (d1 != null) {
              d1[i] = 1;
            }
            if (d2 != null) {
              d2[i] = 0;
            }
          } else {
            double e = Math.exp(x);
            out[i] = Math.expm1(x);
            if (d1 != null) {
              d1[i] = e;
            }
            if (d2 != null) {
              d2[i] = e;
            }
          }
        }
      }
      case SWISH -> {
        for (int i = 0; i < n; i++) {
          double x = h[i];
          double s = sigmoid(x);
          out[i] = x * s;
          if (d1 != null) {
            d1[i] = s + x * s * (1 - s);
          }
          if (d2 != null) {
            d2[i] = s * (1 - s) * (2 + x * (1 - 2 * s));
          }
        }
      }
      default -> throw new AssertionError(this);  // TANH has its own path
    }
  }

  /**
   * Columns [from, width) of the row starting at {@code row}: σ = tanh(h + bias), σ' = 1 − σ² (one fused
   * multiply-add), σ'' = −2σ σ'. {@link VectorMath#tanhRows} does the same lane by lane.
   */
  static void tanhRow(double[] h, double[] bias, int row, int from, int width, double[] out, double[] d1,
                      double[] d2) {
    for (int j = from; j < width; j++) {
      double v = tanh(bias == null ? h[row + j] : h[row + j] + bias[j]);
      out[row + j] = v;
      double d = Math.fma(-v, v, 1.0);
      if (d1 != null) {
        d1[row + j] = d;
      }
      if (d2 != null) {
        d2[row + j] = (-2 * v) * d;
      }
    }
  }

  /** 2|x| is capped here: e^44 − 1 ≈ 1.3·10¹⁹, where e/(e + 2) already rounds to 1 (tanh does from |x| ≈ 19.1). */
  static final double TANH_EXP_CAP = 44.0;
  /** 1.5·2⁵²: adding and subtracting it rounds a double of magnitude below 2⁵¹ to the nearest integer. */
  static final double ROUND_SHIFTER = 0x1.8p52;
  /** The bits of {@link #ROUND_SHIFTER} less the exponent bias: bits(y + shifter) − this = k + 1023. */
  static final long SHIFTER_BITS_LESS_BIAS = 0x4338000000000000L - 1023;
  static final double LOG2_E = 1.44269504088896338700e+00;
  /** −ln 2 split so that k·ln2_hi is exact for |k| &lt; 2²⁰ (fdlibm's split of ln 2), negated for fma. */
  static final double NEG_LN2_HI = -6.93147180369123816490e-01;
  static final double NEG_LN2_LO = -1.90821492927058770002e-10;
  static final long SIGN_BIT = 0x8000000000000000L;
  /**
   * Q(r) ≈ (eʳ − 1 − r − r²/2)/r³ on 0 ≤ r ≤ ln 2, coefficients of r⁰ … r⁹: the minimax polynomial of degree 9
   * (error 1.0·10⁻¹⁷, far below half an ulp of the result), computed by the Remez exchange in
   * {@code docs/scripts/tanh_coefficients.py}.
   */
  static final double EXPM1_Q0 = 0.16666666666666665634;
  static final double EXPM1_Q1 = 0.041666666666669630414;
  static final double EXPM1_Q2 = 0.0083333333331929467811;
  static final double EXPM1_Q3 = 0.0013888888914670170461;
  static final double EXPM1_Q4 = 0.00019841267439066764215;
  static final double EXPM1_Q5 = 0.000024801715670052914211;
  static final double EXPM1_Q6 = 2.7553153706533501628e-6;
  static final double EXPM1_Q7 = 2.7640598167970592208e-7;
  static final double EXPM1_Q8 = 2.4055214105729760452e-8;
  static final double EXPM1_Q9 = 2.7330066270866515302e-9;

  /**
   * tanh(x) within a few ulps, several times faster than {@code Math.tanh} on Java 17 (which has no intrinsic
   * for it), with one formula for every x and one division:
   * <pre>
   *   e = e^{2|x|} − 1,   tanh|x| = e / (e + 2),   sign from x
   * </pre>
   * e from y = 2|x| (capped at 44) = k ln 2 + r, k the integer part of y/ln 2 (nearest to y/ln 2 − ½) and
   * 0 ≤ r ≤ ln 2 (Cody and Waite's reduction with ln 2 in two parts), eʳ − 1 = r + r²(½ + r Q(r)), and
   * e = 2ᵏ(eʳ − 1) + (2ᵏ − 1) in one fused multiply-add of two non-negative terms, 2ᵏ built in the exponent
   * bits. For small x, e ≈ 2x carries full relative accuracy, so there is no cancellation and no second
   * formula; r ≥ 0 keeps the last sum free of cancellation too.
   *
   * <p>{@link VectorMath#tanh} performs exactly these operations lane by lane (only +, −, ×, ÷, fused
   * multiply-add and bit manipulation, each specified to the bit in Java whether interpreted, compiled by C1
   * or C2, or run through the Vector API), so the two agree bit for bit and results do not depend on which
   * code the JIT has compiled yet: training is reproducible. NaN gives NaN (its payload is unspecified).
   */
  static double tanh(double x) {
    double y = Math.abs(x) * 2;
    // The cap as a comparison, not Math.min: NaN stays NaN, and the vector path needs one compare and blend.
    double e = expm1OfTanhRange(y > TANH_EXP_CAP ? TANH_EXP_CAP : y);
    double t = e / (e + 2);
    return Double.longBitsToDouble(Double.doubleToRawLongBits(t) | (Double.doubleToRawLongBits(x) & SIGN_BIT));
  }

  /**
   * e^y − 1 for y in [0, 44] (or NaN), the first part of {@link #tanh}; within two ulps. Q(r) by Estrin's
   * scheme (pairs, then pairs of pairs), which shortens the chain of dependent operations.
   */
  static double expm1OfTanhRange(double y) {
    double shifted = Math.fma(y, LOG2_E, -0.5) + ROUND_SHIFTER;
    double k = shifted - ROUND_SHIFTER;
    double r = Math.fma(k, NEG_LN2_LO, Math.fma(k, NEG_LN2_HI, y));
    double r2 = r * r;
    double r4 = r2 * r2;
    double q01 = Math.fma(EXPM1_Q1, r, EXPM1_Q0);
    double q23 = Math.fma(EXPM1_Q3, r, EXPM1_Q2);
    double q45 = Math.fma(EXPM1_Q5, r, EXPM1_Q4);
    double q67 = Math.fma(EXPM1_Q7, r, EXPM1_Q6);
    double q89 = Math.fma(EXPM1_Q9, r, EXPM1_Q8);
    double q03 = Math.fma(q23, r2, q01);
    double q47 = Math.fma(q67, r2, q45);
    double q = Math.fma(Math.fma(q89, r4, q47), r4, q03);
    double p = Math.fma(Math.fma(q, r, 0.5), r2, r);
    double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) - SHIFTER_BITS_LESS_BIAS) << 52);
    return Math.fma(scale, p, scale - 1);
  }

  /** The logistic function 1/(1 + e⁻ˣ), evaluated without overflow for either sign of x. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
