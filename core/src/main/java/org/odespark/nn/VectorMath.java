package org.odespark.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise transcendental functions through the JDK's Vector API, which on x86-64 uses Intel's short
 * vector math library (about 2 ns per tanh against ~21 ns for {@code Math.tanh} on Java 17; within 2 ulps).
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

    static void tanh(double[] h, double[] out, int n) {
      int i = 0;
      int bound = SPECIES.loopBound(n);
      for (; i < bound; i += SPECIES.length()) {
        DoubleVector.fromArray(SPECIES, h, i).lanewise(VectorOperators.TANH).intoArray(out, i);
      }
      for (; i < n; i++) {
        out[i] = Activation.tanh(h[i]);
      }
    }
  }
}
