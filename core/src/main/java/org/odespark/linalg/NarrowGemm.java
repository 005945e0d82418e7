package org.odespark.linalg;

/**
 * Row-major products with one narrow dimension, in plain Java: the first and last layers of a network on
 * 2-D data (a 2-wide input or output beside a 64-wide hidden layer), where a BLAS call spends more time on
 * its set-up and packing than on the arithmetic (a 300 × 64 × 2 product: about 12 µs through JNI, 2 µs
 * here). Three loop shapes, each reading and writing rows contiguously:
 * <pre>
 *   NN  C[i,:] = β C[i,:] + α Σ_l A[i,l] B[l,:]           narrow k: a few row updates per row of C
 *   NT  C[i,j] = β C[i,j] + α A[i,:]·B[j,:]               narrow n: a few dot products per row of A
 *   TN  C[i,:] = β C[i,:] + α Σ_r A[r,i] B[r,:]            narrow m: a few row updates per row of B
 * </pre>
 * Every sum runs in a fixed order (dot products in four interleaved partial sums added as (s₀ + s₁) + (s₂ + s₃),
 * then the remainder), with {@link Math#fma}, so the bits do not depend on the JIT or the CPU's vector width.
 * Stateless.
 */
final class NarrowGemm {

  /** A dimension this small or smaller counts as narrow. */
  static final int NARROW = 4;

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
    if (!transA && !transB) {
      rowUpdates(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    } else if (!transA) {
      dotProducts(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    } else if (!transB) {
      transposedRowUpdates(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    } else {
      throw new IllegalArgumentException("NarrowGemm has no loop shape for Aᵀ Bᵀ");
    }
  }

  /** Scales row i of C (n entries from {@code row}) by beta; beta = 0 clears it (ignoring NaN in C, as BLAS). */
  private static void scaleRow(double[] c, int row, int n, double beta) {
    if (beta == 0) {
      java.util.Arrays.fill(c, row, row + n, 0.0);
    } else if (beta != 1) {
      for (int j = 0; j < n; j++) {
        c[row + j] *= beta;
      }
    }
  }

  private static void rowUpdates(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b,
                                 int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int cRow = cOff + i * ldc;
      scaleRow(c, cRow, n, beta);
      for (int l = 0; l < k; l++) {
        double s = alpha * a[aOff + i * lda + l];
        int bRow = bOff + l * ldb;
        for (int j = 0; j < n; j++) {
          c[cRow + j] = Math.fma(s, b[bRow + j], c[cRow + j]);
        }
      }
    }
  }

  private static void dotProducts(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b,
                                  int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    int main = k & ~3;
    for (int i = 0; i < m; i++) {
      int aRow = aOff + i * lda;
      int cRow = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        int bRow = bOff + j * ldb;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int l = 0; l < main; l += 4) {
          s0 = Math.fma(a[aRow + l], b[bRow + l], s0);
          s1 = Math.fma(a[aRow + l + 1], b[bRow + l + 1], s1);
          s2 = Math.fma(a[aRow + l + 2], b[bRow + l + 2], s2);
          s3 = Math.fma(a[aRow + l + 3], b[bRow + l + 3], s3);
        }
        double s = (s0 + s1) + (s2 + s3);
        for (int l = main; l < k; l++) {
          s = Math.fma(a[aRow + l], b[bRow + l], s);
        }
        c[cRow + j] = beta == 0 ? alpha * s : Math.fma(alpha, s, beta * c[cRow + j]);
      }
    }
  }

  private static void transposedRowUpdates(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                                           double[] b, int bOff, int ldb, double beta, double[] c, int cOff,
                                           int ldc) {
    for (int i = 0; i < m; i++) {
      scaleRow(c, cOff + i * ldc, n, beta);
    }
    for (int r = 0; r < k; r++) {
      int bRow = bOff + r * ldb;
      for (int i = 0; i < m; i++) {
        double s = alpha * a[aOff + r * lda + i];
        int cRow = cOff + i * ldc;
        for (int j = 0; j < n; j++) {
          c[cRow + j] = Math.fma(s, b[bRow + j], c[cRow + j]);
        }
      }
    }
  }
}
