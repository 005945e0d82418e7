package org.odespark.random;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * One user seed turned into many independent, reproducible random streams, one per purpose and index
 * tuple: {@code derive("minibatch", iteration, partition)}, {@code derive("toy-data", partition)},
 * {@code derive("init")}. A stream depends only on the user seed, the purpose and the indices, never on
 * the wall clock, the thread, the task attempt or the order in which streams are requested, so a Spark task
 * retried on another executor draws the same numbers.
 *
 * <p><b>Derivation.</b> The inputs are encoded as a sequence of 64-bit words
 * <pre>
 *   L, b₀, b₁, …, b_{⌈L/8⌉-1}, k, i₀, i₁, …, i_{k-1}
 * </pre>
 * where L is the length in bytes of the purpose encoded as UTF-8, bⱼ are those bytes packed eight to a word
 * little-endian (the last word zero-padded) and k is the number of indices. Lengths precede contents, so
 * different inputs give different word sequences. Starting from h = mix(seed ⊕ D), each word w is absorbed
 * as h ← mix((h ⊕ w) + γ), and the result is mix(h + γ). Here mix is the 64-bit finalizer of SplitMix64
 * (Stafford's "Mix13" variant of the MurmurHash3 finalizer), γ = 0x9e3779b97f4a7c15 (the golden-ratio
 * increment of SplitMix64) and D = 0x6a09e667f3bcc908 (a domain constant: the first 64 fractional bits of
 * √2). Only integer arithmetic modulo 2⁶⁴ and the UTF-8 encoding are involved, so a derived seed is the
 * same on every JVM, platform and version of odespark; {@code SeedSequenceTest} pins values to keep it so.
 *
 * <p><b>Generator.</b> {@link #random} seeds odespark's own {@link L64X128Mix} (an LXM generator: a 64-bit
 * LCG plus a 128-bit xoroshiro, combined and mixed; Steele and Vigna, "LXM: better splittable pseudorandom
 * number generators (and almost as fast)", OOPSLA 2021), which draws the same numbers as the JDK's
 * {@code L64X128MixRandom} seeded the same way. Nothing is looked up through a service loader, so a stream
 * is the same on any thread and class loader (a Spark task thread cannot see the JDK's generator registry),
 * and every derived draw is defined by odespark, not by the JDK version.
 *
 * <p>References: G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014 (SplitMix64); D. Stafford, "Better bit mixing", 2011 (Mix13 constants).
 *
 * <p>Immutable and thread-safe; each {@link RandomGenerator} returned by {@link #random} is new and owned by
 * its caller.
 *
 * @param seed the user seed; every value, including 0, is a valid seed
 */
public record SeedSequence(long seed) implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final long GAMMA = 0x9e3779b97f4a7c15L;
  private static final long DOMAIN = 0x6a09e667f3bcc908L;

  /** The sequence rooted at the user seed {@code seed}. */
  public static SeedSequence of(long seed) {
    return new SeedSequence(seed);
  }

  /**
   * The seed of the stream named by {@code purpose} and {@code indices} (see the class comment for the
   * exact function).
   *
   * @param purpose what the stream is for, for example "minibatch"; non-empty
   * @param indices for example iteration and partition; order matters; not modified
   * @throws IllegalArgumentException if {@code purpose} is null or empty, or {@code indices} is null
   */
  public long derive(String purpose, long... indices) {
    if (purpose == null || purpose.isEmpty()) {
      throw new IllegalArgumentException("purpose must be a non-empty name, got "
          + (purpose == null ? "null" : "\"\""));
    }
    if (indices == null) {
      throw new IllegalArgumentException("indices must not be null (pass none for a stream without indices)");
    }
    byte[] bytes = purpose.getBytes(StandardCharsets.UTF_8);
    long h = mix(seed ^ DOMAIN);
    h = absorb(h, bytes.length);
    for (int start = 0; start < bytes.length; start += 8) {
      long word = 0;
      int end = Math.min(start + 8, bytes.length);
      for (int j = end - 1; j >= start; j--) {
        word = (word << 8) | (bytes[j] & 0xffL);
      }
      h = absorb(h, word);
    }
    h = absorb(h, indices.length);
    for (long index : indices) {
      h = absorb(h, index);
    }
    return mix(h + GAMMA);
  }

  /**
   * A new generator for the stream named by {@code purpose} and {@code indices}: {@link L64X128Mix} seeded
   * with {@link #derive derive(purpose, indices)}.
   *
   * @throws IllegalArgumentException as {@link #derive}
   */
  public RandomGenerator random(String purpose, long... indices) {
    return new L64X128Mix(derive(purpose, indices));
  }

  private static long absorb(long h, long word) {
    return mix((h ^ word) + GAMMA);
  }

  /** SplitMix64's finalizer (Stafford Mix13): a bijection of the 64-bit words with full avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
