package org.odespark.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-major products with one narrow dimension, in plain Java: the first and last layers of a network on
 * 2-D data (a 2-wide input or output beside a 64-wide hidden layer), where a BLAS call spends more time on
 * its set-up and packing than on the arithmetic (a 300 × 64 × 2 product: about 12 µs through JNI). Three
 * loop shapes, each reading and writing rows contiguously:
 * <pre>
 *   NN  C[i,:] = β C[i,:] + Σ_l (α A[i,l]) B[l,:]          narrow k: a few row updates per row of C
 *   NT  C[i,j] = β C[i,j] + α A[i,:]·B[j,:]               narrow n: a few dot products per row of A
 *   TN  C[i,:] = β C[i,:] + Σ_r (α A[r,i]) B[r,:]          narrow m: a few row updates per row of B
 * </pre>
 * Every sum runs in a fixed order with {@link Math#fma}: the row updates term by term, the dot products in
 * eight interleaved partial sums added as ((s₀ + s₁) + (s₂ + s₃)) + ((s₄ + s₅) + (s₆ + s₇)), then the
 * remainder. The Vector API kernels (when {@link VectorSupport#AVAILABLE}) perform exactly these operations, so
 * the bits do not depend on the JIT, on the Vector API or on the CPU's vector width. Stateless.
 */
final class NarrowGemm {

  /** A dimension this small or smaller counts as narrow. */
  static final int NARROW = 4;
  /** Partial sums of a dot product. */
  private static final int PARTS = 8;

  private NarrowGemm() {}

  /** Whether one of the three loop shapes serves this product well. */
  static boolean serves(boolean transA, boolean transB, int m, int n, int k) {
    if (!transA && !transB) {
      return k <= NARROW;
    }
    if (!transA) {
      return n <= NARROW;
    }
    return !transB && m <= NARROW;
  }

  /** {@code C = alpha · op(A) · op(B) + beta · C} for a product {@link #serves} accepts. */
  static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                   double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (transA && transB) {
      throw new IllegalArgumentException("NarrowGemm has no loop shape for Aᵀ Bᵀ");
    }
    boolean vector = VectorSupport.AVAILABLE;
    if (!transA && !transB) {
      if (vector && k > 0) {
        Vectorized.narrowRows(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        return;
      }
      for (int i = 0; i < m; i++) {
        // Row i of C from the k rows of B, weighted by row i of A (k = 0: β C).
        rowUpdate(n, k, alpha, a, aOff + i * lda, 1, b, bOff, ldb, beta, c, cOff + i * ldc);
      }
    } else if (!transA) {
      if (vector) {
        Vectorized.narrowDots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        return;
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          store(c, cOff + i * ldc + j, alpha, beta, dot(k, a, aOff + i * lda, b, bOff + j * ldb));
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        // Row i of C from the k rows of B, weighted by column i of A.
        if (vector) {
          Vectorized.rowUpdate(n, k, alpha, a, aOff + i, lda, b, bOff, ldb, beta, c, cOff + i * ldc);
        } else {
          rowUpdate(n, k, alpha, a, aOff + i, lda, b, bOff, ldb, beta, c, cOff + i * ldc);
        }
      }
    }
  }

  /**
   * c[0, n) at {@code cRow} = β c + Σ_{l<k} (α w_l) B[l,:], with w_l = w[wAt + l·wStride], term by term in l
   * (β = 0: c is not read).
   */
  static void rowUpdate(int n, int k, double alpha, double[] w, int wAt, int wStride, double[] b, int bOff, int ldb,
                        double beta, double[] c, int cRow) {
    for (int j = 0; j < n; j++) {
      double acc = beta == 0 ? 0.0 : beta == 1 ? c[cRow + j] : beta * c[cRow + j];
      for (int l = 0; l < k; l++) {
        acc = Math.fma(alpha * w[wAt + l * wStride], b[bOff + l * ldb + j], acc);
      }
      c[cRow + j] = acc;
    }
  }

  /** c[at] = α s (β = 0: c is not read) or α s + β c[at]: how a dot product s enters C. */
  static void store(double[] c, int at, double alpha, double beta, double s) {
    c[at] = beta == 0 ? alpha * s : Math.fma(alpha, s, beta * c[at]);
  }

  /** x[xAt, xAt + k)·y[yAt, yAt + k) in the fixed order of the class comment. */
  static double dot(int k, double[] x, int xAt, double[] y, int yAt) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int main = k - k % PARTS;
    for (int l = 0; l < main; l += PARTS) {
      s0 = Math.fma(x[xAt + l], y[yAt + l], s0);
      s1 = Math.fma(x[xAt + l + 1], y[yAt + l + 1], s1);
      s2 = Math.fma(x[xAt + l + 2], y[yAt + l + 2], s2);
      s3 = Math.fma(x[xAt + l + 3], y[yAt + l + 3], s3);
      s4 = Math.fma(x[xAt + l + 4], y[yAt + l + 4], s4);
      s5 = Math.fma(x[xAt + l + 5], y[yAt + l + 5], s5);
      s6 = Math.fma(x[xAt + l + 6], y[yAt + l + 6], s6);
      s7 = Math.fma(x[xAt + l + 7], y[yAt + l + 7], s7);
    }
    double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (int l = main; l < k; l++) {
      sum = Math.fma(x[xAt + l], y[yAt + l], sum);
    }
    return sum;
  }

  /** The same operations through the Vector API; loaded only when {@link VectorSupport#AVAILABLE}. */
  private static final class Vectorized {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Four lanes, two vectors per step of a dot product: the eight partial sums on any CPU. */
    private static final VectorSpecies<Double> QUAD = DoubleVector.SPECIES_256;

    static void rowUpdate(int n, int k, double alpha, double[] w, int wAt, int wStride, double[] b, int bOff,
                          int ldb, double beta, double[] c, int cRow) {
      int step = SPECIES.length();
      int bound = SPECIES.loopBound(n);
      for (int j = 0; j < bound; j += step) {
        DoubleVector acc = beta == 0 ? DoubleVector.zero(SPECIES)
            : DoubleVector.fromArray(SPECIES, c, cRow + j).mul(beta);
        for (int l = 0; l < k; l++) {
          acc = DoubleVector.fromArray(SPECIES, b, bOff + l * ldb + j)
              .fma(DoubleVector.broadcast(SPECIES, alpha * w[wAt + l * wStride]), acc);
        }
        acc.intoArray(c, cRow + j);
      }
      if (bound < n) {
        NarrowGemm.rowUpdate(n - bound, k, alpha, w, wAt, wStride, b, bOff + bound, ldb, beta, c, cRow + bound);
      }
    }

    /**
     * The NN shape over all m rows ({@link NarrowGemm#rowUpdate} row by row, k ≤ {@link NarrowGemm#NARROW}): a
     * row's k weights α·A[i,l] are broadcast once, and each vector of C takes its k terms in order.
     */
    static void narrowRows(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
                           int ldb, double beta, double[] c, int cOff, int ldc) {
      int step = SPECIES.length();
      int bound = SPECIES.loopBound(n);
      for (int i = 0; i < m; i++) {
        int aRow = aOff + i * lda;
        int cRow = cOff + i * ldc;
        DoubleVector w0 = DoubleVector.broadcast(SPECIES, alpha * a[aRow]);
        DoubleVector w1 = DoubleVector.broadcast(SPECIES, k > 1 ? alpha * a[aRow + 1] : 0);
        DoubleVector w2 = DoubleVector.broadcast(SPECIES, k > 2 ? alpha * a[aRow + 2] : 0);
        DoubleVector w3 = DoubleVector.broadcast(SPECIES, k > 3 ? alpha * a[aRow + 3] : 0);
        for (int j = 0; j < bound; j += step) {
          DoubleVector acc = beta == 0 ? DoubleVector.zero(SPECIES)
              : DoubleVector.fromArray(SPECIES, c, cRow + j).mul(beta);
          acc = DoubleVector.fromArray(SPECIES, b, bOff + j).fma(w0, acc);
          if (k > 1) {
            acc = DoubleVector.fromArray(SPECIES, b, bOff + ldb + j).fma(w1, acc);
          }
          if (k > 2) {
            acc = DoubleVector.fromArray(SPECIES, b, bOff + 2 * ldb + j).fma(w2, acc);
          }
          if (k > 3) {
            acc = DoubleVector.fromArray(SPECIES, b, bOff + 3 * ldb + j).fma(w3, acc);
          }
          acc.intoArray(c, cRow + j);
        }
        if (bound < n) {
          NarrowGemm.rowUpdate(n - bound, k, alpha, a, aRow, 1, b, bOff + bound, ldb, beta, c, cRow + bound);
        }
      }
    }

    /**
     * The NT shape over all m rows: C[i,j] from {@link #dot}'s sums, two columns j at a time sharing the loads
     * of A's row i.
     */
    static void narrowDots(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
                           int ldb, double beta, double[] c, int cOff, int ldc) {
      int main = k - k % PARTS;
      for (int i = 0; i < m; i++) {
        int xAt = aOff + i * lda;
        int cRow = cOff + i * ldc;
        int j = 0;
        for (; j + 1 < n; j += 2) {
          int yAt = bOff + j * ldb;
          int zAt = yAt + ldb;
          DoubleVector lowY = DoubleVector.zero(QUAD);
          DoubleVector highY = DoubleVector.zero(QUAD);
          DoubleVector lowZ = DoubleVector.zero(QUAD);
          DoubleVector highZ = DoubleVector.zero(QUAD);
          for (int l = 0; l < main; l += PARTS) {
            DoubleVector xLow = DoubleVector.fromArray(QUAD, a, xAt + l);
            DoubleVector xHigh = DoubleVector.fromArray(QUAD, a, xAt + l + 4);
            lowY = xLow.fma(DoubleVector.fromArray(QUAD, b, yAt + l), lowY);
            highY = xHigh.fma(DoubleVector.fromArray(QUAD, b, yAt + l + 4), highY);
            lowZ = xLow.fma(DoubleVector.fromArray(QUAD, b, zAt + l), lowZ);
            highZ = xHigh.fma(DoubleVector.fromArray(QUAD, b, zAt + l + 4), highZ);
          }
          NarrowGemm.store(c, cRow + j, alpha, beta, finish(lowY, highY, k, main, a, xAt, b, yAt));
          NarrowGemm.store(c, cRow + j + 1, alpha, beta, finish(lowZ, highZ, k, main, a, xAt, b, zAt));
        }
        if (j < n) {
          NarrowGemm.store(c, cRow + j, alpha, beta, dot(k, a, xAt, b, bOff + j * ldb));
        }
      }
    }

    /** The partial sums added in the order of the class comment, then the remainder term by term. */
    private static double finish(DoubleVector low, DoubleVector high, int k, int main, double[] x, int xAt,
                                 double[] y, int yAt) {
      double sum = ((low.lane(0) + low.lane(1)) + (low.lane(2) + low.lane(3)))
          + ((high.lane(0) + high.lane(1)) + (high.lane(2) + high.lane(3)));
      for (int l = main; l < k; l++) {
        sum = Math.fma(x[xAt + l], y[yAt + l], sum);
      }
      return sum;
    }

    static double dot(int k, double[] x, int xAt, double[] y, int yAt) {
      DoubleVector low = DoubleVector.zero(QUAD);
      DoubleVector high = DoubleVector.zero(QUAD);
      int main = k - k % PARTS;
      for (int l = 0; l < main; l += PARTS) {
        low = DoubleVector.fromArray(QUAD, x, xAt + l).fma(DoubleVector.fromArray(QUAD, y, yAt + l), low);
        high = DoubleVector.fromArray(QUAD, x, xAt + l + 4).fma(DoubleVector.fromArray(QUAD, y, yAt + l + 4), high);
      }
      return finish(low, high, k, main, x, xAt, y, yAt);
    }
  }
}
