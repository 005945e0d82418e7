package org.odespark.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise tanh through the JDK's Vector API: {@link Activation#tanh}'s algorithm, lane by lane, with the
 * same operations in the same order, so that the results are bit-identical to the scalar path. (The Vector
 * API's own {@code TANH} is not used: compiled, it calls Intel's SVML; interpreted, it falls back to
 * {@code Math.tanh}; the two differ in the last bits, which made training depend on the JIT's progress.)
 * Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector}: {@link #AVAILABLE} says
 * whether it may be used; otherwise callers use the scalar paths in {@link Activation}.
 */
final class VectorMath {

  /** True when the incubator module is present and not disabled with {@code -Dodespark.vector=false}. */
  static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("odespark.vector"));

  private VectorMath() {}

  /** out[i] = tanh(h[i]) for i in [0, n); out may alias h. */
  static void tanh(double[] h, double[] out, int n) {
    Kernels.tanh(h, out, n);
  }

  /** Holds the species so that nothing of the Vector API is touched before {@link #AVAILABLE} is checked. */
  private static final class Kernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final DoubleVector NEG_LN2_HI = broadcast(Activation.NEG_LN2_HI);
    private static final DoubleVector NEG_LN2_LO = broadcast(Activation.NEG_LN2_LO);
    private static final DoubleVector HALF = broadcast(0.5);
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

    static void tanh(double[] h, double[] out, int n) {
      int i = 0;
      int bound = SPECIES.loopBound(n);
      for (; i < bound; i += SPECIES.length()) {
        DoubleVector x = DoubleVector.fromArray(SPECIES, h, i);
        DoubleVector y = x.abs().mul(2.0);
        DoubleVector e = expm1(y.blend(Activation.TANH_EXP_CAP, y.compare(VectorOperators.GT, Activation.TANH_EXP_CAP)));
        DoubleVector t = e.div(e.add(2.0));
        t.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Activation.SIGN_BIT)).reinterpretAsDoubles()
            .intoArray(out, i);
      }
      for (; i < n; i++) {
        out[i] = Activation.tanh(h[i]);
      }
    }

    /** {@link Activation#expm1OfTanhRange} lane by lane. */
    private static DoubleVector expm1(DoubleVector y) {
      DoubleVector shifted = y.fma(Activation.LOG2_E, -0.5).add(Activation.ROUND_SHIFTER);
      DoubleVector k = shifted.sub(Activation.ROUND_SHIFTER);
      DoubleVector r = k.fma(NEG_LN2_LO, k.fma(NEG_LN2_HI, y));
      DoubleVector r2 = r.mul(r);
      DoubleVector r4 = r2.mul(r2);
      DoubleVector q01 = Q1.fma(r, Q0);
      DoubleVector q23 = Q3.fma(r, Q2);
      DoubleVector q45 = Q5.fma(r, Q4);
      DoubleVector q67 = Q7.fma(r, Q6);
      DoubleVector q89 = Q9.fma(r, Q8);
      DoubleVector q03 = q23.fma(r2, q01);
      DoubleVector q47 = q67.fma(r2, q45);
      DoubleVector q = q89.fma(r4, q47).fma(r4, q03);
      DoubleVector p = q.fma(r, HALF).fma(r2, r);
      DoubleVector scale = shifted.reinterpretAsLongs().sub(Activation.SHIFTER_BITS_LESS_BIAS)
          .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      return scale.fma(p, scale.sub(1.0));
    }
  }
}
