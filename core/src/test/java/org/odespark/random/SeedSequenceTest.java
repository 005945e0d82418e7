package org.odespark.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Reproducibility, separation and mixing quality of derived seeds. */
class SeedSequenceTest {

  private static final long GAMMA = 0x9e3779b97f4a7c15L;
  private static final long DOMAIN = 0x6a09e667f3bcc908L;

  @Test
  void mixIsTheSplitMix64Finalizer() {
    // The published SplitMix64 generator seeded with 0 outputs mix(k·γ) for k = 1, 2, 3; its first three
    // outputs are the well-known 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f.
    assertEquals(0xe220a8397b1dcdafL, SeedSequence.mix(GAMMA));
    assertEquals(0x6e789e6aa1b965f4L, SeedSequence.mix(2 * GAMMA));
    assertEquals(0x06c45d188009454fL, SeedSequence.mix(3 * GAMMA));
  }

  @Test
  void derivationFollowsTheDocumentedEncoding() {
    // Recomputed here from the class comment: words L, packed UTF-8 bytes, k, indices.
    long seed = 42;
    long h = SeedSequence.mix(seed ^ DOMAIN);
    h = absorb(h, 1); // purpose length in bytes
    h = absorb(h, 'x'); // the one packed word of "x"
    h = absorb(h, 2); // number of indices
    h = absorb(h, 1);
    h = absorb(h, 2);
    assertEquals(SeedSequence.mix(h + GAMMA), SeedSequence.of(seed).derive("x", 1, 2));

    // Nine bytes: one full little-endian word and one padded word.
    byte[] b = "abcdefghi".getBytes(StandardCharsets.US_ASCII);
    long word0 = 0;
    for (int j = 7; j >= 0; j--) {
      word0 = (word0 << 8) | b[j];
    }
    h = SeedSequence.mix(seed ^ DOMAIN);
    h = absorb(h, 9);
    h = absorb(h, word0);
    h = absorb(h, 'i');
    h = absorb(h, 0);
    assertEquals(SeedSequence.mix(h + GAMMA), SeedSequence.of(seed).derive("abcdefghi"));
  }

  /**
   * Stored experiments are reproduced from (seed, purpose, indices): if one of these values changes, every
   * recorded run changes. Change them only together with a documented break of reproducibility.
   */
  @Test
  void derivedSeedsArePinned() {
    assertEquals(0x1f73e7550458ad85L, SeedSequence.of(42).derive("x", 1, 2));
    assertEquals(0xca0e69b240173828L, SeedSequence.of(0).derive("minibatch", 0, 0));
    assertEquals(0x101210c32f851478L, SeedSequence.of(-1).derive("a purpose longer than eight bytes", 7));
    assertEquals(0x07865bbdd7fcc9c9L, SeedSequence.of(2019).derive("größe"));
  }

  /** Pins the generator's seeding and first output (L64X128Mix, the same as the JDK's L64X128MixRandom). */
  @Test
  void generatorIsPinned() {
    assertEquals(0x5ebebf0c528555b5L, SeedSequence.of(42).random("x", 1, 2).nextLong());
  }

  @Test
  void sameInputsGiveTheSameStream() {
    RandomGenerator a = SeedSequence.of(123).random("minibatch", 5, 3);
    RandomGenerator b = SeedSequence.of(123).random("minibatch", 5, 3);
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.nextLong(), b.nextLong(), "draw " + i);
    }
    assertEquals(SeedSequence.of(123).derive("init"), new SeedSequence(123).derive("init"));
  }

  @Test
  void typicalUsesGiveDistinctSeeds() {
    String[] purposes = {"minibatch", "toy-data", "init", "probe", "dropout"};
    Map<Long, String> seen = new HashMap<>();
    for (long userSeed : new long[] {0, 1, -1, 42}) {
      SeedSequence s = SeedSequence.of(userSeed);
      for (String purpose : purposes) {
        for (long iteration = 0; iteration < 200; iteration++) {
          for (long partition = 0; partition < 4; partition++) {
            String what = userSeed + "/" + purpose + "/" + iteration + "/" + partition;
            String previous = seen.put(s.derive(purpose, iteration, partition), what);
            assertEquals(null, previous, "collision between " + previous + " and " + what);
          }
        }
        String previous = seen.put(s.derive(purpose), userSeed + "/" + purpose);
        assertEquals(null, previous, "collision with " + previous);
      }
    }
    assertEquals(4 * 5 * (200 * 4 + 1), seen.size());
  }

  @Test
  void encodingSeparatesLookAlikeInputs() {
    SeedSequence s = SeedSequence.of(7);
    assertNotEquals(s.derive("a", 1, 2), s.derive("a", 2, 1), "index order");
    assertNotEquals(s.derive("a"), s.derive("a", 0), "absent vs zero index");
    assertNotEquals(s.derive("a", 0), s.derive("a", 0, 0), "number of indices");
    assertNotEquals(s.derive("a"), s.derive("a\0"), "zero padding of the last word");
    assertNotEquals(s.derive("ab"), s.derive("a", 'b'), "purpose bytes vs an index");
    assertNotEquals(s.derive("init"), SeedSequence.of(8).derive("init"), "user seed");
  }

  /**
   * Strict avalanche: flipping one input bit flips each output bit with probability ½. Over 64 bits × 50
   * base seeds (3200 trials) the mean number of flipped bits has standard error 4/√3200 ≈ 0.07, so ±0.5 is
   * 7 standard errors; each single output bit's flip rate has standard error ≈ 0.009, so ±0.06 is about 7.
   */
  @Test
  void flippingOneInputBitFlipsHalfTheOutputBits() {
    RandomGenerator base = SeedSequence.of(99).random("test-bases");
    int trials = 0;
    long flippedBits = 0;
    int[] perBit = new int[64];
    for (int t = 0; t < 50; t++) {
      long seed = base.nextLong();
      long index = base.nextLong();
      long reference = SeedSequence.of(seed).derive("minibatch", index);
      for (int bit = 0; bit < 64; bit++) {
        long flippedSeed = SeedSequence.of(seed ^ (1L << bit)).derive("minibatch", index);
        long flippedIndex = SeedSequence.of(seed).derive("minibatch", index ^ (1L << bit));
        for (long diff : new long[] {reference ^ flippedSeed, reference ^ flippedIndex}) {
          trials++;
          flippedBits += Long.bitCount(diff);
          for (int o = 0; o < 64; o++) {
            perBit[o] += (int) ((diff >>> o) & 1);
          }
        }
      }
    }
    double mean = (double) flippedBits / trials;
    assertEquals(32.0, mean, 0.5, "mean number of output bits flipped by one input bit");
    for (int o = 0; o < 64; o++) {
      double rate = (double) perBit[o] / trials;
      assertEquals(0.5, rate, 0.06, "flip rate of output bit " + o);
    }
  }

  @Test
  void invalidArgumentsAreRejected() {
    SeedSequence s = SeedSequence.of(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.derive(""));
    assertTrue(e.getMessage().contains("purpose must be a non-empty name"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.derive(null, 1));
    assertThrows(IllegalArgumentException.class, () -> s.derive("x", (long[]) null));
    assertThrows(IllegalArgumentException.class, () -> s.random(""));
  }

  private static long absorb(long h, long word) {
    return SeedSequence.mix((h ^ word) + GAMMA);
  }
}
