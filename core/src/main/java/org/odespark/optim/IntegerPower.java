package org.odespark.optim;

/**
 * xⁿ for a whole exponent n ≥ 0 by repeated squaring: only multiplications, so the result is the same
 * on every JVM, and nothing is allocated ({@link StrictMath#pow} allocates until the JIT has compiled it,
 * which would break the optimizers' allocation-free steps during warm-up). Each squaring doubles the
 * relative error it inherits, so the error bound grows like n ulp, as for n − 1 plain multiplications
 * (about 100 ulp observed for 0.9¹⁰⁰⁰); far below what matters for a bias correction or a decay factor.
 */
final class IntegerPower {

  private IntegerPower() {}

  /** xⁿ; 1 for n = 0. */
  static double of(double x, long n) {
    double result = 1;
    double square = x;
    for (long e = n; e > 0; e >>>= 1) {
      if ((e & 1) != 0) {
        result *= square;
      }
      square *= square;
    }
    return result;
  }
}
