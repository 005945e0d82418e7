package org.odespark.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
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
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);
    private static final DoubleVector TWO = DoubleVector.broadcast(SPECIES, 2.0);

    static void tanh(double[] h, double[] out, int n) {
      int i = 0;
      int bound = SPECIES.loopBound(n);
      for (; i < bound; i += SPECIES.length()) {
        DoubleVector x = DoubleVector.fromArray(SPECIES, h, i);
        DoubleVector f = x.abs();
        // |x| ≤ ln(3)/2: the rational form.
        DoubleVector g = f.mul(f);
        DoubleVector p = g.mul(Activation.TANH_P2).add(Activation.TANH_P1).mul(g).add(Activation.TANH_P0).mul(g);
        DoubleVector q = g.add(Activation.TANH_Q2).mul(g).add(Activation.TANH_Q1).mul(g).add(Activation.TANH_Q0);
        DoubleVector small = f.add(f.mul(p.div(q)));
        // Above: 1 − 2/(e^{2|x|} + 1), the argument capped at 44 (lanes beyond 22 become ±1 below).
        DoubleVector e = exp(f.add(f).min(44.0));
        DoubleVector large = ONE.sub(TWO.div(e.add(1.0)));
        DoubleVector r = small.blend(large, f.compare(VectorOperators.GT, Activation.TANH_SPLIT))
            .blend(1.0, f.compare(VectorOperators.GT, 22.0));
        r.blend(r.neg(), x.compare(VectorOperators.LT, 0.0)).intoArray(out, i);
      }
      for (; i < n; i++) {
        out[i] = Activation.tanh(h[i]);
      }
    }

    /** {@link Activation#expOfTanhRange} lane by lane. */
    private static DoubleVector exp(DoubleVector y) {
      DoubleVector shifted = y.mul(Activation.LOG2_E).add(Activation.ROUND_SHIFTER);
      DoubleVector k = shifted.sub(Activation.ROUND_SHIFTER);
      DoubleVector r = y.sub(k.mul(Activation.LN2_HI)).sub(k.mul(Activation.LN2_LO));
      double[] c = Activation.EXP_TAYLOR;
      DoubleVector p = DoubleVector.broadcast(SPECIES, c[11]);
      for (int j = 10; j >= 0; j--) {
        p = p.mul(r).add(c[j]);
      }
      p = p.mul(r).add(1.0).mul(r).add(1.0);
      LongVector scale = ((LongVector) shifted.reinterpretAsLongs()).sub(Activation.ROUND_SHIFTER_BITS - 1023)
          .lanewise(VectorOperators.LSHL, 52);
      return p.mul(scale.reinterpretAsDoubles());
    }
  }
}
