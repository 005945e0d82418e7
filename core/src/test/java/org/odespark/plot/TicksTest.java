package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TicksTest {

  @Test
  void niceTicksOnTheDefaultRange() {
    assertArrayEquals(new double[] {-4, -2, 0, 2, 4}, Ticks.nice(-4, 4, 300), 1e-12);
    assertEquals(0, Ticks.decimals(Ticks.nice(-4, 4, 300)));
  }

  @Test
  void smallAxesStillGetAtLeastThreeTicks() {
    assertTrue(Ticks.nice(-4, 4, 64).length >= 3);
    assertTrue(Ticks.nice(0.31, 0.35, 100).length >= 3);
  }

  @Test
  void fractionalStepsGetDecimalsAndNoNegativeZero() {
    double[] t = Ticks.nice(-0.5, 0.5, 300);
    int d = Ticks.decimals(t);
    assertEquals(1, d);
    assertEquals("0.0", Ticks.label(-1e-17, d));
    assertEquals("-0.2", Ticks.label(t[1], d));
  }
}
