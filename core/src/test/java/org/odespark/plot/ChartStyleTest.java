package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Resampling of lines before XChart strokes them as one path. */
class ChartStyleTest {

  @Test
  void segmentsAreCutIntoPiecesOfAtMostOnePixel() {
    // 1 unit = 10 pixels in x: the 3-4-5 segment is 50 pixels long, so 50 pieces
    double[][] r = ChartStyle.resample(new double[] {0, 3}, new double[] {0, 4}, 10, 10);
    assertEquals(51, r[0].length);
    for (int i = 1; i < r[0].length; i++) {
      double dx = (r[0][i] - r[0][i - 1]) * 10;
      double dy = (r[1][i] - r[1][i - 1]) * 10;
      assertTrue(Math.hypot(dx, dy) <= ChartStyle.MAX_PIECE_PIXELS + 1e-12, "piece " + i);
      // collinear: the resampled points stay on the segment y = 4x/3
      assertEquals(4 * r[0][i] / 3, r[1][i], 1e-12, "point " + i);
    }
    assertEquals(3.0, r[0][50], 0.0, "the end point is kept exactly");
  }

  @Test
  void gapsStayGapsAndShortSegmentsStayAlone() {
    double nan = Double.NaN;
    double[][] r = ChartStyle.resample(new double[] {0, 0.05, 1, 2}, new double[] {0, 0, nan, 0}, 10, 10);
    // 0 → 0.05 is half a pixel (kept), both segments touching NaN are not cut
    assertArrayEquals(new double[] {0, 0.05, 1, 2}, r[0], 0.0);
    assertTrue(Double.isNaN(r[1][2]));
  }

  @Test
  void overlongResultsAreDeclined() {
    assertNull(ChartStyle.resample(new double[] {0, 1}, new double[] {0, 0}, 1e9, 1));
  }
}
