package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The evaluation grid: cell centres, x fastest, bottom row first. */
class PlotRangeTest {

  @Test
  void gridPointsAreCellCentresWithXFastestAndBottomRowFirst() {
    double[] p = new PlotRange(-4, 4, 0, 8).gridPoints(4);
    assertEquals(32, p.length);
    // cells are 2 wide and 2 high; k = j·4 + i
    assertArrayEquals(new double[] {-3, 1}, new double[] {p[0], p[1]}, 0.0, "k = 0 (i = 0, j = 0)");
    assertArrayEquals(new double[] {3, 1}, new double[] {p[6], p[7]}, 0.0, "k = 3 (i = 3, j = 0)");
    assertArrayEquals(new double[] {-3, 3}, new double[] {p[8], p[9]}, 0.0, "k = 4 (i = 0, j = 1)");
    assertArrayEquals(new double[] {3, 7}, new double[] {p[30], p[31]}, 0.0, "k = 15 (i = 3, j = 3)");
  }

  @Test
  void squareAndContains() {
    PlotRange r = PlotRange.square(-4, 4);
    assertEquals(new PlotRange(-4, 4, -4, 4), r);
    assertTrue(r.contains(4, -4));
    assertTrue(!r.contains(4.001, 0) && !r.contains(0, Double.NaN));
  }

  @Test
  void invalidRangesAndGridSizesAreRejectedByName() {
    assertEquals("xMin must be < xMax, got [1.0, 1.0]",
        assertThrows(IllegalArgumentException.class, () -> new PlotRange(1, 1, 0, 1)).getMessage());
    assertEquals("yMin and yMax must be finite, got [NaN, 1.0]",
        assertThrows(IllegalArgumentException.class, () -> new PlotRange(0, 1, Double.NaN, 1)).getMessage());
    PlotRange unit = PlotRange.square(0, 1);
    assertEquals("grid size g must be in [1, 30000], got 0",
        assertThrows(IllegalArgumentException.class, () -> unit.gridPoints(0)).getMessage());
  }
}
