package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Viridis against its published values and its defining property, lightness rising with the value. */
class ColormapTest {

  /** 8-bit rounding moves L* by up to ~0.2 per channel step; consecutive exact entries differ by ≥ 0.28. */
  private static final double ROUNDING_SLACK = 0.1;

  private final Colormap viridis = Colormap.viridis();

  @Test
  void endpointsAndMiddleAreThePublishedColours() {
    assertEquals(256, viridis.size());
    assertEquals(0x440154, viridis.rgbAt(0), "viridis[0]");
    assertEquals(0x21918C, viridis.rgbAt(128), "viridis[128]");
    assertEquals(0xFDE725, viridis.rgbAt(255), "viridis[255]");
  }

  @Test
  void lightnessRisesMonotonicallyAcrossTheTable() {
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < viridis.size(); i++) {
      double l = Pixels.lightness(viridis.rgbAt(i));
      assertTrue(l > previous - ROUNDING_SLACK, "L* falls from " + previous + " to " + l + " at entry " + i);
      previous = Math.max(previous, l);
    }
    for (int i = 16; i < viridis.size(); i += 16) {
      double step = Pixels.lightness(viridis.rgbAt(i)) - Pixels.lightness(viridis.rgbAt(i - 16));
      assertTrue(step > 3, "L* rises only " + step + " between entries " + (i - 16) + " and " + i);
    }
    double span = Pixels.lightness(viridis.rgbAt(255)) - Pixels.lightness(viridis.rgbAt(0));
    assertTrue(span > 70, "L* spans only " + span);
  }

  @Test
  void valuesMapToEntriesAndOutOfRangeValuesClamp() {
    assertEquals(viridis.rgbAt(0), viridis.rgb(0.0));
    assertEquals(viridis.rgbAt(0), viridis.rgb(0.999 / 256));
    assertEquals(viridis.rgbAt(1), viridis.rgb(1.0 / 256));
    assertEquals(viridis.rgbAt(128), viridis.rgb(0.5));
    assertEquals(viridis.rgbAt(255), viridis.rgb(1.0));
    assertEquals(viridis.rgbAt(0), viridis.rgb(-3.0));
    assertEquals(viridis.rgbAt(255), viridis.rgb(7.0));
    assertEquals(viridis.rgbAt(0), viridis.rgb(Double.NaN));
  }

  @Test
  void badIndexNamesTheRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> viridis.rgbAt(256));
    assertEquals("index must be in [0, 256), got 256", e.getMessage());
  }
}
