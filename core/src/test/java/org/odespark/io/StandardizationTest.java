package org.odespark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizationTest {

  @Test
  void appliesInvertsAndKnowsItsJacobian() {
    Standardization s = Standardization.fromMoments(new double[] {1, -2}, new double[] {4, 0});
    assertArrayEquals(new double[] {4, 1}, s.scale(), "a zero deviation becomes scale 1");
    double[] x = {5, -2, 1, 0};
    s.apply(x, 2);
    assertArrayEquals(new double[] {1, 0, 0, 2}, x);
    s.invert(x, 2);
    assertArrayEquals(new double[] {5, -2, 1, 0}, x);
    // z = (x − μ)/s has Jacobian diag(1/4, 1): log|det| = −log 4.
    assertEquals(-Math.log(4), s.logAbsDetJacobian(), 1e-15);
  }

  @Test
  void rejectsInvalidScales() {
    assertThrows(IllegalArgumentException.class, () -> new Standardization(new double[] {0}, new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> new Standardization(new double[] {Double.NaN},
        new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new Standardization(new double[] {0, 1}, new double[] {1}));
  }
}
