package org.odespark.random;

import java.util.random.RandomGenerator;

/**
 * The LXM generator L64X128 with the "mix" output function, written out so that odespark owns every bit
 * it draws: no {@link java.util.random.RandomGeneratorFactory} lookup (that walks the service loader through
 * the class loader of the first thread that asks, which a Spark task thread may not see) and no reliance on
 * the JDK's implementation of the derived draws.
 *
 * <p><b>Algorithm</b> (G. L. Steele, S. Vigna, "LXM: better splittable pseudorandom number generators (and
 * almost as fast)", OOPSLA 2021): the state is a 64-bit LCG s ← M·s + a (M = 0xd1342543de82ef95, a odd)
 * and a 128-bit xoroshiro128 (v1.0, rotations 24, 16, 37) x₀, x₁. Each output is lea64(s + x₀), computed
 * from the state before it advances, where lea64 is Doug Lea's 64-bit mixer (two rounds of
 * z ← (z ⊕ z≫32)·0xdaba0b6eb09322e3, then z ⊕ z≫32).
 *
 * <p><b>Seeding from one long</b>, as {@code java.util.random}'s {@code L64X128MixRandom} does so that
 * streams recorded before this class existed stay the same: with z = seed ⊕ 0x6a09e667f3bcc909 (the
 * "silver ratio" constant), a = murmur64(z) | 1, s = 1, x₀ = stafford13(z), x₁ = stafford13(z + γ),
 * γ = 0x9e3779b97f4a7c15, where murmur64 is the MurmurHash3 finalizer and stafford13 the SplitMix64
 * finalizer (D. Stafford, "Better bit mixing", 2011, variant 13). {@code L64X128MixTest} checks the outputs
 * against the JDK's generator where one is available.
 *
 * <p><b>Derived draws</b>, all defined here: {@code nextInt()} is the upper 32 bits of {@code nextLong()};
 * {@code nextDouble()} is (nextLong() ≫ 11)·2⁻⁵³ ∈ [0, 1); {@code nextInt(bound)} keeps the low bits for a
 * power-of-two bound and otherwise rejects over-represented values of nextInt() ≫ 1 modulo the bound;
 * {@code nextGaussian()} is the Box–Muller cosine branch over {@code StrictMath} (see {@link Normals}).
 *
 * <p>Mutable; one thread.
 */
public final class L64X128Mix implements RandomGenerator {

  private static final long M = 0xd1342543de82ef95L;
  private static final long GOLDEN = 0x9e3779b97f4a7c15L;
  private static final long SILVER = 0x6a09e667f3bcc909L;

  private final long a;
  private long s;
  private long x0;
  private long x1;

  /** The generator seeded from {@code seed} as the class comment describes; every value is a valid seed. */
  public L64X128Mix(long seed) {
    long z = seed ^ SILVER;
    this.a = murmur64(z) | 1;
    this.s = 1;
    // stafford13 is a bijection with stafford13(0) = 0, so x₀ and x₁ (of distinct arguments) are never both 0.
    this.x0 = stafford13(z);
    this.x1 = stafford13(z + GOLDEN);
  }

  @Override
  public long nextLong() {
    long result = lea64(s + x0);
    s = M * s + a;
    long q0 = x0;
    long q1 = x1 ^ q0;
    x0 = Long.rotateLeft(q0, 24) ^ q1 ^ (q1 << 16);
    x1 = Long.rotateLeft(q1, 37);
    return result;
  }

  @Override
  public int nextInt() {
    return (int) (nextLong() >>> 32);
  }

  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  @Override
  public float nextFloat() {
    return (nextInt() >>> 8) * 0x1.0p-24f;
  }

  @Override
  public boolean nextBoolean() {
    return nextInt() < 0;
  }

  /**
   * A uniform integer in [0, bound).
   *
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    int m = bound - 1;
    int r = nextInt();
    if ((bound & m) == 0) {
      return r & m;
    }
    int u = r >>> 1;
    r = u % bound;
    while (u + m - r < 0) { // u fell in the incomplete last block of `bound` values: draw again
      u = nextInt() >>> 1;
      r = u % bound;
    }
    return r;
  }

  /** A standard normal variate: the cosine branch of Box–Muller on two {@link #nextDouble()} draws. */
  @Override
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /** A standard exponential variate by inversion: −log(1 − U). */
  @Override
  public double nextExponential() {
    return -StrictMath.log(1.0 - nextDouble());
  }

  static long murmur64(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  static long stafford13(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long lea64(long z) {
    z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
    z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
    return z ^ (z >>> 32);
  }
}
