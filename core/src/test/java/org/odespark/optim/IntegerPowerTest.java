package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IntegerPowerTest {

  @Test
  void powersOfTwoAreExactAndTheZerothPowerIsOne() {
    assertEquals(1.0, IntegerPower.of(0.37, 0));
    assertEquals(0.37, IntegerPower.of(0.37, 1));
    assertEquals(0x1p-10, IntegerPower.of(0.5, 10));
    assertEquals(0x1p-63, IntegerPower.of(0.5, 63));
    assertEquals(0.0, IntegerPower.of(0.5, 5000), "underflows to 0 rather than failing");
  }

  @Test
  void agreesWithPowForAdamsBetas() {
    for (double beta : new double[] {0.9, 0.999, 0.99999}) {
      for (long t : new long[] {2, 3, 17, 1000, 123_457}) {
        double expected = Math.pow(beta, t);
        // Each squaring doubles the inherited relative error: the bound is about t ulp (pow is within 1).
        assertEquals(expected, IntegerPower.of(beta, t), t * Math.ulp(expected), "beta " + beta + ", t " + t);
      }
    }
  }
}
