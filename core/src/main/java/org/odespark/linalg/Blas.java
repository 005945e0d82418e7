package org.odespark.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * Row-major dense matrix products over {@code dev.ludovic.netlib} (the BLAS that Spark MLlib and breeze use).
 *
 * <p>All matrices are flat {@code double[]} in row-major order with an offset and a leading dimension
 * (the distance between the starts of two consecutive rows), as everywhere in odespark. netlib itself is
 * column-major; a row-major {@code C = op(A) op(B)} is the column-major {@code Cᵀ = op(B)ᵀ op(A)ᵀ}, so the
 * operands are swapped here and nowhere else.
 *
 * <p>Implementation choice: {@link BLAS#getInstance()} loads native BLAS through JNI when a system
 * {@code libblas.so.3} is present (Debian's {@code libopenblas0}: 2–3.3× the pure-Java speed on GEMM, about
 * 1.9× per FFJORD toy iteration on an AVX2 machine, docs/benchmarks.md) or the library that the system
 * property {@value #NATIVE_LIB_PATH} names (the launchers name the OpenBLAS the build bundles when the machine
 * has none), otherwise a pure-Java implementation. Products with one narrow dimension (at most {@link #NARROW} wide, as
 * the first and last layers of a network on 2-D data) run in plain Java loops ({@code NarrowGemm}), and other
 * products too small to amortise the JNI call use the pure-Java implementation whatever is installed.
 * {@link #describe()} names what is in use; programs log it at start.
 *
 * <p>Thread-safe: stateless; the native library must be single-threaded per task
 * ({@code OPENBLAS_NUM_THREADS=1}) when several tasks share the cores, as Spark executors do.
 */
public final class Blas {

  private static final BLAS BEST = BLAS.getInstance();
  private static final BLAS JAVA = JavaBLAS.getInstance();

  /**
   * Width up to which a dimension counts as narrow: A·B with k ≤ NARROW, A·Bᵀ with n ≤ NARROW and Aᵀ·B with
   * m ≤ NARROW run in plain Java loops, faster than BLAS at these shapes and with the same bits on every CPU.
   */
  public static final int NARROW = NarrowGemm.NARROW;

  /** Below this many multiply-adds (m·n·k) the JNI call costs more than it saves. */
  private static final long NATIVE_THRESHOLD = 8 * 1024;

  /** netlib's system property for the path of the native BLAS library to load instead of libblas.so.3. */
  public static final String NATIVE_LIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";

  private Blas() {}

  /** Name of the implementation used for large products, e.g. {@code JNIBLAS} or {@code VectorBLAS}. */
  public static String implementation() {
    return BEST.getClass().getSimpleName();
  }

  /** True when large products run on native BLAS through JNI. */
  public static boolean isNative() {
    return BEST instanceof NativeBLAS;
  }

  /** One line for logs: the implementation for large products and the one for small products. */
  public static String describe() {
    String library = System.getProperty(NATIVE_LIB_PATH, "libblas.so.3");
    String line = "BLAS: " + implementation()
        + (isNative() ? " (native, through JNI: " + library + ")" : " (pure Java)")
        + "; small products: " + JAVA.getClass().getSimpleName();
    if (!isNative()) {
      line += "; no native BLAS could be loaded (" + library + "): install Debian's libopenblas0 or run through"
          + " submit/, which uses the OpenBLAS the build bundles (GEMM 2-3x faster)";
    }
    return line;
  }

  /**
   * {@code C = alpha · op(A) · op(B) + beta · C}, row-major.
   *
   * @param transA use Aᵀ instead of A; A is stored m×k (k×m when transposed) with row stride {@code lda}
   * @param transB use Bᵀ instead of B; B is stored k×n (n×k when transposed) with row stride {@code ldb}
   * @param m rows of op(A) and C
   * @param n columns of op(B) and C
   * @param k columns of op(A), rows of op(B)
   * @param a A, not modified
   * @param b B, not modified
   * @param c C, m×n with row stride {@code ldc}, modified; must not alias A or B
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                          double alpha, double[] a, int aOff, int lda,
                          double[] b, int bOff, int ldb,
                          double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (NarrowGemm.serves(transA, transB, m, n, k)) {
      NarrowGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    BLAS impl = (long) m * n * k >= NATIVE_THRESHOLD ? BEST : JAVA;
    impl.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k,
        alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
  }

  /**
   * {@code y = alpha · op(A) · x + beta · y}, row-major A stored m×n with row stride {@code lda}.
   *
   * @param transA use Aᵀ (then x has m entries and y has n)
   * @param x not modified, stride 1
   * @param y modified, stride 1; must not alias A or x
   */
  public static void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda,
                          double[] x, int xOff, double beta, double[] y, int yOff) {
    if (m == 0 || n == 0) {
      return;
    }
    BLAS impl = (long) m * n >= NATIVE_THRESHOLD ? BEST : JAVA;
    // Row-major A (m×n) is column-major Aᵀ (n×m): op flips.
    impl.dgemv(transA ? "N" : "T", n, m, alpha, a, aOff, lda, x, xOff, 1, beta, y, yOff, 1);
  }
}
