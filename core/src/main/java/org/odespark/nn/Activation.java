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
    switch (this) {
      case TANH -> {
        if (VectorMath.AVAILABLE) {
          VectorMath.tanh(h, out, n);
        } else {
          for (int i = 0; i < n; i++) {
            out[i] = tanh(h[i]);
          }
        }
        // From σ itself: plain loops the JIT vectorizes.
        if (d1 != null) {
          for (int i = 0; i < n; i++) {
            double v = out[i];
            d1[i] = 1 - v * v;
          }
        }
        if (d2 != null) {
          for (int i = 0; i < n; i++) {
            double v = out[i];
            d2[i] = -2 * v * (1 - v * v);
          }
        }
      }
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
      default -> throw new AssertionError(this);
    }
  }

  /** ln(3)/2: below it the rational form, above it 1 − 2/(e^{2|x|} + 1) has no cancellation. */
  static final double TANH_SPLIT = 0.54930614433405484570;
  static final double TANH_P0 = -0.16134119023996228053e+4;
  static final double TANH_P1 = -0.99225929672236083313e+2;
  static final double TANH_P2 = -0.96437492777225469787e+0;
  static final double TANH_Q0 = 0.48402357071988688686e+4;
  static final double TANH_Q1 = 0.22337720718962312926e+4;
  static final double TANH_Q2 = 0.11274474380534949335e+3;

  /**
   * tanh(x) within a few ulps, about 4× faster than {@code Math.tanh} on Java 17 (which has no intrinsic
   * for it): for |x| ≤ ln(3)/2 the rational form x + x·g·P(g)/Q(g), g = x², with the coefficients of W. J.
   * Cody and W. Waite, Software Manual for the Elementary Functions (Prentice-Hall, 1980), ch. 13; above it
   * 1 − 2/(e^{2|x|} + 1) with {@link #expOfTanhRange}; ±1 beyond |x| = 22, where tanh rounds to ±1.
   *
   * <p>{@link VectorMath#tanh} performs exactly these operations lane by lane (only +, −, ×, ÷ and bit
   * manipulation, each correctly rounded whether interpreted or compiled), so the two agree bit for bit and
   * results do not depend on which code the JIT has compiled yet: training is reproducible.
   */
  static double tanh(double x) {
    double f = Math.abs(x);
    double r;
    if (f > 22) {
      r = 1.0;
    } else if (f > TANH_SPLIT) {
      r = 1.0 - 2.0 / (expOfTanhRange(f + f) + 1.0);
    } else {
      double g = f * f;
      double p = ((TANH_P2 * g + TANH_P1) * g + TANH_P0) * g;
      double q = ((g + TANH_Q2) * g + TANH_Q1) * g + TANH_Q0;
      r = f + f * (p / q);
    }
    return x < 0 ? -r : r;
  }

  /** 1.5·2⁵²: adding and subtracting it rounds a double of magnitude below 2⁵¹ to the nearest integer. */
  static final double ROUND_SHIFTER = 0x1.8p52;
  /** The bits of {@link #ROUND_SHIFTER}: bits(y + shifter) − this = the integer y rounds to. */
  static final long ROUND_SHIFTER_BITS = 0x4338000000000000L;
  static final double LOG2_E = 1.44269504088896338700e+00;
  /** ln 2 split so that k·LN2_HI is exact for |k| < 2²⁰ (fdlibm's constants). */
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  /** 1/n! for n = 2..13: the Taylor polynomial of eʳ on |r| ≤ ln(2)/2, remainder below 5e-18. */
  static final double[] EXP_TAYLOR = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
      1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0};

  /**
   * eʸ for y in [0, 44] (where tanh needs it), within a few ulps: y = k ln 2 + r with k the nearest integer
   * to y/ln 2, eʳ by its Taylor polynomial (Horner), times 2ᵏ built in the exponent bits.
   */
  static double expOfTanhRange(double y) {
    double shifted = y * LOG2_E + ROUND_SHIFTER;
    double k = shifted - ROUND_SHIFTER;
    double r = (y - k * LN2_HI) - k * LN2_LO;
    double p = EXP_TAYLOR[11];
    for (int i = 10; i >= 0; i--) {
      p = p * r + EXP_TAYLOR[i];
    }
    p = (p * r + 1.0) * r + 1.0;
    long scaleBits = (Double.doubleToRawLongBits(shifted) - ROUND_SHIFTER_BITS + 1023) << 52;
    return p * Double.longBitsToDouble(scaleBits);
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
