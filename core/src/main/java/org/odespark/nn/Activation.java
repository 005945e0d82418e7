package org.odespark.nn;

import java.util.Arrays;
import java.util.Locale;
import org.odespark.text.EditDistance;

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
    throw new IllegalArgumentException("unknown activation '" + name + "'"
        + (name == null ? "" : EditDistance.suggestion(name.toLowerCase(Locale.ROOT), names))
        + "; valid: " + String.join(", ", names));
  }

  /**
   * {@code out[i] = σ(h[i])} and, when {@code d1} is non-null, {@code d1[i] = σ'(h[i])}, and when
   * {@code d2} is non-null, {@code d2[i] = σ''(h[i])}, for i in [0, n). {@code out} may alias {@code h}
   * (each h[i] is read before out[i] is written); d1 and d2 must not.
   */
  public void apply(double[] h, double[] out, double[] d1, double[] d2, int n) {
    switch (this) {
      case TANH -> {
        for (int i = 0; i < n; i++) {
          double v = Math.tanh(h[i]);
          out[i] = v;
          if (d1 != null) {
            d1[i] = 1 - v * v;
          }
          if (d2 != null) {
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

  /** The logistic function 1/(1 + e⁻ˣ), evaluated without overflow for either sign of x. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
