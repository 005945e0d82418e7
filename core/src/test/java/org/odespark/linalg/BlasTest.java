package org.odespark.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odespark.testing.RandomVectors;

class BlasTest {

  /**
   * Relative to Σ|a||b| per entry: the rounding of a k-term sum is at most k·2⁻⁵³ of it (k ≤ 100 here gives
   * 1.1e-14); a wrong index or transposition is off by O(1).
   */
  private static final double TOLERANCE = 1e-13;

  /**
   * C = α op(A) op(B) + β C on row-major blocks with offsets and padded leading dimensions, against the
   * products summed in double-double arithmetic: the narrow shapes of the first and last layers (plain Java loops)
   * and wide ones (BLAS), every transposition, β = 0 over garbage, β = 1 and a general β.
   */
  @ParameterizedTest
  @CsvSource({
      // narrow k, n or m with each transposition, then wide shapes
      "false,false,60,64,2", "false,false,40,2,64", "false,true,60,2,64", "false,true,40,64,2",
      "true,false,2,64,100", "true,false,64,2,100", "true,true,3,5,7", "false,false,50,40,30",
      "false,true,50,40,30", "true,false,40,30,50", "false,false,5,7,3", "false,true,1,1,1", "true,false,4,3,9"})
  void productsMatchExactSums(boolean transA, boolean transB, int m, int n, int k) {
    SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    int lda = aCols + 3;
    int ldb = bCols + 1;
    int ldc = n + 2;
    double[] a = RandomVectors.uniform(r, 5 + aRows * lda, 1);
    double[] b = RandomVectors.uniform(r, 2 + bRows * ldb, 1);
    for (double[] coefficients : new double[][] {{1, 0}, {1, 1}, {-0.75, 0.5}}) {
      double alpha = coefficients[0];
      double beta = coefficients[1];
      double[] c = RandomVectors.uniform(r, 4 + m * ldc, 1);
      if (beta == 0) {
        c[4] = Double.NaN;  // β = 0 must not read C
      }
      double[] c0 = c.clone();
      Blas.gemm(transA, transB, m, n, k, alpha, a, 5, lda, b, 2, ldb, beta, c, 4, ldc);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          // The sum in double-double arithmetic (error-free products and sums): exact to ~1e-30 here.
          double hi = 0;
          double lo = 0;
          double magnitude = 0;
          for (int l = 0; l < k; l++) {
            double x = transA ? a[5 + l * lda + i] : a[5 + i * lda + l];
            double y = transB ? b[2 + j * ldb + l] : b[2 + l * ldb + j];
            double p = x * y;
            double pErr = Math.fma(x, y, -p);
            double s = hi + p;
            double bb = s - hi;
            lo += (hi - (s - bb)) + (p - bb) + pErr;
            hi = s;
            magnitude += Math.abs(p);
          }
          double old = c0[4 + i * ldc + j];
          double expected = alpha * hi + (alpha * lo + (beta == 0 ? 0 : beta * old));
          double scale = Math.abs(alpha) * magnitude + (beta == 0 ? 0 : Math.abs(beta * old));
          double got = c[4 + i * ldc + j];
          assertTrue(Math.abs(got - expected) <= TOLERANCE * scale, "C[" + i + "," + j + "] = " + got + ", expected "
              + expected + " (" + (transA ? "Aᵀ" : "A") + (transB ? "Bᵀ" : "B") + ", " + m + "×" + n + "×" + k
              + ", α=" + alpha + ", β=" + beta + ")");
        }
      }
      // Padding between rows and before the offset is untouched.
      for (int i = 0; i < c.length; i++) {
        int col = (i - 4) % ldc;
        if (i < 4 || col >= n || i >= 4 + m * ldc) {
          assertTrue(Double.doubleToRawLongBits(c[i]) == Double.doubleToRawLongBits(c0[i]),
              "entry " + i + " outside C was written");
        }
      }
    }
  }

  /** The narrow kernels give the same bits on repeated calls (and so whichever way the JIT compiled them). */
  @ParameterizedTest
  @CsvSource({"false,false,300,64,2", "false,true,300,2,64", "true,false,2,64,300"})
  void narrowProductsAreRepeatable(boolean transA, boolean transB, int m, int n, int k) {
    SplittableRandom r = new SplittableRandom(5);
    double[] a = RandomVectors.uniform(r, m * k, 1);
    double[] b = RandomVectors.uniform(r, n * k, 1);
    double[] first = new double[m * n];
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    Blas.gemm(transA, transB, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, first, 0, n);
    double[] again = new double[m * n];
    for (int rep = 0; rep < 300; rep++) {
      Blas.gemm(transA, transB, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, again, 0, n);
    }
    assertArrayEquals(first, again);
  }

  /**
   * One-row products through gemm give the scalar row update's bits for every width class, both strides of the
   * weights and each kind of β: the weights along a row (stride 1, k ≤ 4) through the NN all-rows kernel, the
   * weights down a column (TN) through the Vector API row update; a reordered sum would differ in the last bits
   * of some entries.
   */
  @ParameterizedTest
  @CsvSource({"64,3,1", "64,300,3", "70,2,1", "13,5,2", "3,4,1", "33,100,4"})
  void vectorRowUpdatesGiveTheScalarLoopsBits(int n, int k, int wStride) {
    org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.AVAILABLE, "no Vector API in this JVM");
    SplittableRandom r = new SplittableRandom(n * 131L + k);
    double[] w = RandomVectors.uniform(r, 2 + k * wStride, 1);
    int ldb = n + 3;
    double[] b = RandomVectors.uniform(r, 1 + k * ldb, 1);
    for (double beta : new double[] {0, 1, -0.3}) {
      double[] c = RandomVectors.uniform(r, n + 5, 1);
      double[] scalar = c.clone();
      double[] vector = c.clone();
      NarrowGemm.rowUpdate(n, k, 0.7, w, 2, wStride, b, 1, ldb, beta, scalar, 2);
      // Through gemm: a one-row NN product (wStride 1) or a one-row TN product (weights down a column).
      if (wStride == 1) {
        NarrowGemm.gemm(false, false, 1, n, k, 0.7, w, 2, k, b, 1, ldb, beta, vector, 2, n);
      } else {
        NarrowGemm.gemm(true, false, 1, n, k, 0.7, w, 2, wStride, b, 1, ldb, beta, vector, 2, n);
      }
      assertArrayEquals(scalar, vector, "n=" + n + ", k=" + k + ", β=" + beta);
    }
  }

  /**
   * The Vector API kernels over all rows of the narrow NN shape (k ≤ 4 weights broadcast once per row) and the NT
   * shape (two dot products sharing A's row) give the scalar loops' bits (row updates and dot products one at a
   * time), for every k or n up to the narrow bound, vector tails and each kind of β.
   */
  @ParameterizedTest
  @CsvSource({"false,7,64,1", "false,7,64,2", "false,5,70,3", "false,3,3,4", "true,7,1,64", "true,7,2,64",
      "true,5,3,70", "true,4,4,5", "true,2,2,13"})
  void vectorNarrowKernelsGiveTheScalarLoopsBits(boolean transB, int m, int n, int k) {
    org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.AVAILABLE, "no Vector API in this JVM");
    SplittableRandom r = new SplittableRandom(m * 17L + n * 5L + k);
    int lda = k + 2;
    int ldb = transB ? k + 1 : n + 3;
    int ldc = n + 1;
    double[] a = RandomVectors.uniform(r, 3 + m * lda, 1);
    double[] b = RandomVectors.uniform(r, 1 + (transB ? n : k) * ldb, 1);
    for (double beta : new double[] {0, 1, -0.3}) {
      double[] c = RandomVectors.uniform(r, 2 + m * ldc, 1);
      double[] scalar = c.clone();
      for (int i = 0; i < m; i++) {
        if (transB) {
          for (int j = 0; j < n; j++) {
            double s = NarrowGemm.dot(k, a, 3 + i * lda, b, 1 + j * ldb);
            int at = 2 + i * ldc + j;
            scalar[at] = beta == 0 ? 0.7 * s : Math.fma(0.7, s, beta * scalar[at]);
          }
        } else {
          NarrowGemm.rowUpdate(n, k, 0.7, a, 3 + i * lda, 1, b, 1, ldb, beta, scalar, 2 + i * ldc);
        }
      }
      NarrowGemm.gemm(false, transB, m, n, k, 0.7, a, 3, lda, b, 1, ldb, beta, c, 2, ldc);
      assertArrayEquals(scalar, c, (transB ? "NT " : "NN ") + m + "×" + n + "×" + k + ", β=" + beta);
    }
  }
}
