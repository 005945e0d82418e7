package org.odespark.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.odespark.linalg.VectorSupport;

/**
 * Elementwise tanh through the JDK's Vector API: {@link Activation#tanh}'s algorithm, lane by lane, with the
 * same operations in the same order, so that the results are bit-identical to the scalar path. (The Vector
 * API's own {@code TANH} is not used: compiled, it calls Intel's SVML; interpreted, it falls back to
 * {@code Math.tanh}; the two differ in the last bits, which made training depend on the JIT's progress.)
 * Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector}: {@link #AVAILABLE} says
 * whether it may be used; otherwise callers use the scalar paths in {@link Activation}.
 */
final class VectorMath {

  /** {@link VectorSupport#AVAILABLE}: the incubator module is present and not disabled. */
  static final boolean AVAILABLE = VectorSupport.AVAILABLE;

  private VectorMath() {}

  /**
   * {@link Activation#applyRows} for tanh (all arrays given): the same operations as {@link Activation#tanhRow},
   * lane by lane.
   */
  static void tanhRows(double[] h, double[] bias, int width, int rows, double[] out, double[] d1, double[] d2) {
    Kernels.tanhRows(h, bias, width, rows, out, d1, d2);
  }

  /** {@link Mlp#tangentRows} lane by lane. */
  static void tangentRows(double[] pre, double[] u, double[] d1, double[] d2, int base, int block) {
    Kernels.tangentRows(pre, u, d1, d2, base, block);
  }

  /** {@link Mlp#reverseRows} lane by lane. */
  static void reverseRows(double[] bar, double[] q, double[] d1, int base, int block, boolean first) {
    Kernels.reverseRows(bar, q, d1, base, block, first);
  }

  /** Holds the species so that nothing of the Vector API is touched before {@link #AVAILABLE} is checked. */
  private static final class Kernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final DoubleVector NEG_LN2_HI = broadcast(Activation.NEG_LN2_HI);
    private static final DoubleVector NEG_LN2_LO = broadcast(Activation.NEG_LN2_LO);
    private static final DoubleVector HALF = broadcast(0.5);
    private static final DoubleVector ONE = broadcast(1.0);
    private static final DoubleVector Q0 = broadcast(Activation.EXPM1_Q0);
    private static final DoubleVector Q1 = broadcast(Activation.EXPM1_Q1);
    private static final DoubleVector Q2 = broadcast(Activation.EXPM1_Q2);
    private static final DoubleVector Q3 = broadcast(Activation.EXPM1_Q3);
    private static final DoubleVector Q4 = broadcast(Activation.EXPM1_Q4);
    private static final DoubleVector Q5 = broadcast(Activation.EXPM1_Q5);
    private static final DoubleVector Q6 = broadcast(Activation.EXPM1_Q6);
    private static final DoubleVector Q7 = broadcast(Activation.EXPM1_Q7);
    private static final DoubleVector Q8 = broadcast(Activation.EXPM1_Q8);
    private static final DoubleVector Q9 = broadcast(Activation.EXPM1_Q9);

    private static DoubleVector broadcast(double v) {
      return DoubleVector.broadcast(SPECIES, v);
    }

    static void tanhRows(double[] h, double[] bias, int width, int rows, double[] out, double[] d1, double[] d2) {
      int step = SPECIES.length();
      int bound = SPECIES.loopBound(width);
      for (int r = 0; r < rows; r++) {
        int row = r * width;
        for (int j = 0; j < bound; j += step) {
          DoubleVector x = DoubleVector.fromArray(SPECIES, h, row + j).add(DoubleVector.fromArray(SPECIES, bias, j));
          // tanh|x| = e/(e + 2), e = e^y − 1, y = min(2|x|, cap): Activation.tanh and expm1OfTanhRange.
          DoubleVector y = x.abs().mul(2.0);
          y = y.blend(Activation.TANH_EXP_CAP, y.compare(VectorOperators.GT, Activation.TANH_EXP_CAP));
          DoubleVector shifted = y.fma(Activation.LOG2_E, -0.5).add(Activation.ROUND_SHIFTER);
          DoubleVector k = shifted.sub(Activation.ROUND_SHIFTER);
          DoubleVector rr = k.fma(NEG_LN2_LO, k.fma(NEG_LN2_HI, y));
          DoubleVector r2 = rr.mul(rr);
          DoubleVector r4 = r2.mul(r2);
          DoubleVector q03 = Q3.fma(rr, Q2).fma(r2, Q1.fma(rr, Q0));
          DoubleVector q47 = Q7.fma(rr, Q6).fma(r2, Q5.fma(rr, Q4));
          DoubleVector q = Q9.fma(rr, Q8).fma(r4, q47).fma(r4, q03);
          DoubleVector p = q.fma(rr, HALF).fma(r2, rr);
          DoubleVector scale = shifted.reinterpretAsLongs().sub(Activation.SHIFTER_BITS_LESS_BIAS)
              .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
          DoubleVector e = scale.fma(p, scale.sub(1.0));
          DoubleVector t = e.div(e.add(2.0));
          DoubleVector v = t.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Activation.SIGN_BIT))
              .reinterpretAsDoubles();
          v.intoArray(out, row + j);
          // σ' = 1 − v² (fused), σ'' = −2v σ': Activation.tanhRow.
          DoubleVector d = v.neg().fma(v, ONE);
          d.intoArray(d1, row + j);
          v.mul(-2.0).mul(d).intoArray(d2, row + j);
        }
        Activation.tanhRow(h, bias, row, bound, width, out, d1, d2);
      }
    }

    static void tangentRows(double[] pre, double[] u, double[] d1, double[] d2, int base, int block) {
      int step = SPECIES.length();
      int bound = SPECIES.loopBound(block);
      for (int i = 0; i < bound; i += step) {
        DoubleVector hDot = DoubleVector.fromArray(SPECIES, pre, base + i);
        DoubleVector.fromArray(SPECIES, d1, i).mul(hDot).intoArray(u, base + i);
        DoubleVector.fromArray(SPECIES, d2, i).mul(hDot).intoArray(pre, base + i);
      }
      for (int i = bound; i < block; i++) {
        double hDot = pre[base + i];
        u[base + i] = d1[i] * hDot;
        pre[base + i] = d2[i] * hDot;
      }
    }

    static void reverseRows(double[] bar, double[] q, double[] d1, int base, int block, boolean first) {
      int step = SPECIES.length();
      int bound = SPECIES.loopBound(block);
      if (base == 0) {
        for (int i = 0; i < bound; i += step) {
          DoubleVector.fromArray(SPECIES, bar, i).mul(DoubleVector.fromArray(SPECIES, d1, i)).intoArray(bar, i);
        }
      } else if (first) {
        for (int i = 0; i < bound; i += step) {
          DoubleVector d = DoubleVector.fromArray(SPECIES, d1, i);
          DoubleVector tangentBar = DoubleVector.fromArray(SPECIES, bar, base + i);
          DoubleVector.fromArray(SPECIES, q, base + i)
              .fma(tangentBar, DoubleVector.fromArray(SPECIES, bar, i).mul(d)).intoArray(bar, i);
          tangentBar.mul(d).intoArray(bar, base + i);
        }
      } else {
        for (int i = 0; i < bound; i += step) {
          DoubleVector tangentBar = DoubleVector.fromArray(SPECIES, bar, base + i);
          DoubleVector.fromArray(SPECIES, q, base + i).fma(tangentBar, DoubleVector.fromArray(SPECIES, bar, i))
              .intoArray(bar, i);
          tangentBar.mul(DoubleVector.fromArray(SPECIES, d1, i)).intoArray(bar, base + i);
        }
      }
      // The tail element by element, as Mlp.reverseRows.
      for (int i = bound; i < block; i++) {
        if (base == 0) {
          bar[i] *= d1[i];
        } else {
          double tangentBar = bar[base + i];
          bar[i] = Math.fma(q[base + i], tangentBar, first ? bar[i] * d1[i] : bar[i]);
          bar[base + i] = tangentBar * d1[i];
        }
      }
    }
  }
}
