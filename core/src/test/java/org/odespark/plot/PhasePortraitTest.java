package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Portraits of the damped pendulum θ'' = −0.25 θ' − 5 sin θ: size, panels, start markers, validation. */
class PhasePortraitTest {

  /** Okabe–Ito vermillion: the ω line of a single trajectory's time series. */
  private static final int VERMILLION = 0xD55E00;
  /** Anti-aliased lines rarely hit the exact colour; 60 RGB units keeps only strongly covered pixels. */
  private static final double NEAR = 60;
  private static final int BLACK = 0x000000;

  @TempDir
  Path dir;

  @Test
  void sizesWithAndWithoutTimeSeriesAndTitle() throws IOException {
    double[][] p = pendulum(Math.PI - 0.1, 10, 0.01);
    PhasePortrait portrait = PhasePortrait.of(2).withTrajectory("θ₀ = π − 0.1", p[0], p[1]);
    Path plain = dir.resolve("plain.png");
    portrait.write(plain);
    BufferedImage a = Pixels.readPng(plain);
    assertEquals(560, a.getWidth());
    assertEquals(520, a.getHeight());

    Path both = dir.resolve("both.png");
    portrait.withTimeSeries(true).withTitle("damped pendulum").write(both);
    BufferedImage b = Pixels.readPng(both);
    assertEquals(1120, b.getWidth());
    assertEquals(520 + 34, b.getHeight());
  }

  @Test
  void timeSeriesPanelHoldsTheSecondComponentOnTheRight() throws IOException {
    double[][] p = pendulum(Math.PI - 0.1, 10, 0.01);
    Path out = dir.resolve("pendulum.png");
    PhasePortrait.of(2).withLabels("θ", "ω").withTrajectory("", p[0], p[1]).withTimeSeries(true).write(out);
    BufferedImage image = Pixels.readPng(out);
    Rectangle left = new Rectangle(0, 0, 560, 520);
    Rectangle right = new Rectangle(560, 0, 560, 520);
    assertEquals(0, Pixels.countNear(image, left, VERMILLION, NEAR), "phase plane of one trajectory is blue");
    assertTrue(Pixels.countNear(image, right, VERMILLION, NEAR) > 200, "ω(t) line missing on the right");
  }

  @Test
  void everyTrajectoryGetsAStartMarker() throws IOException {
    double[][] a = pendulum(Math.PI - 0.1, 10, 0.01);
    double[][] b = pendulum(1.0, 10, 0.01);
    Path one = dir.resolve("one.png");
    Path two = dir.resolve("two.png");
    PhasePortrait.of(2).withTrajectory("a", a[0], a[1]).write(one);
    PhasePortrait.of(2).withTrajectory("a", a[0], a[1]).withTrajectory("b", b[0], b[1]).write(two);
    Rectangle all = new Rectangle(0, 0, 560, 520);
    // pure black appears only in start markers: one per trajectory plus one in the legend
    int blackOne = Pixels.count(Pixels.readPng(one), all, BLACK);
    int blackTwo = Pixels.count(Pixels.readPng(two), all, BLACK);
    assertTrue(blackOne > 20, "no start marker: " + blackOne + " black pixels");
    assertEquals(1.5, (double) blackTwo / blackOne, 0.25, "3 markers vs 2: " + blackTwo + " vs " + blackOne);
  }

  @Test
  void reversedTimeAndHigherDimensionsAreAccepted() throws IOException {
    double[] t = {1.0, 0.5, 0.0};
    double[] z = {0, 1, 2, 1, 1, 3, 2, 1, 4};
    Path out = dir.resolve("reverse.png");
    PhasePortrait.of(3).withComponents(0, 2).withTrajectory("backward", t, z).withTimeSeries(true).write(out);
    Pixels.readPng(out);
  }

  @Test
  void badInputsNameTheArgument() {
    PhasePortrait p = PhasePortrait.of(2);
    assertMessage("dimension must be ≥ 2 for a phase plane, got 1", () -> PhasePortrait.of(1));
    assertMessage("states must have times.length × dimension = 3×2 = 6 entries, got 5",
        () -> p.withTrajectory("a", new double[3], new double[5]));
    assertMessage("times must be strictly monotone, got 1.0 then 1.0 at index 2",
        () -> p.withTrajectory("a", new double[] {0, 1, 1}, new double[6]));
    assertMessage("times must be strictly monotone, got 1.0 then 0.5 at index 2",
        () -> p.withTrajectory("a", new double[] {0, 1, 0.5}, new double[6]));
    assertMessage("states must be finite, got NaN at row 1, component 0",
        () -> p.withTrajectory("a", new double[] {0, 1}, new double[] {0, 0, Double.NaN, 0}));
    assertMessage("times must hold at least one time, got 0", () -> p.withTrajectory("a", new double[0],
        new double[0]));
    assertMessage("y component must be in [0, 2), got 2", () -> p.withComponents(0, 2));
    assertMessage("x component and y component must differ, got both 1", () -> p.withComponents(1, 1));
    assertMessage("panel width must be in [200, 8192] pixels, got 50", () -> p.withPanelSize(50, 400));
  }

  @Test
  void writingWithoutTrajectoriesFailsBeforeTouchingTheFile() throws IOException {
    Path out = dir.resolve("none.png");
    assertMessage("a phase portrait needs at least one trajectory (withTrajectory)",
        () -> PhasePortrait.of(2).write(out));
    assertFalse(Files.exists(out));
  }

  /**
   * θ'' = −0.25 θ' − 5 sin θ from (θ₀, 0), classical RK4 with step h up to time T: {times, states (N × 2)}.
   * Accuracy does not matter here, only a realistic spiral.
   */
  private static double[][] pendulum(double theta0, double tEnd, double h) {
    int steps = (int) Math.round(tEnd / h);
    double[] t = new double[steps + 1];
    double[] z = new double[2 * (steps + 1)];
    z[0] = theta0;
    for (int i = 0; i < steps; i++) {
      double th = z[2 * i];
      double om = z[2 * i + 1];
      double k1t = om;
      double k1o = -0.25 * om - 5 * Math.sin(th);
      double k2t = om + h / 2 * k1o;
      double k2o = -0.25 * k2t - 5 * Math.sin(th + h / 2 * k1t);
      double k3t = om + h / 2 * k2o;
      double k3o = -0.25 * k3t - 5 * Math.sin(th + h / 2 * k2t);
      double k4t = om + h * k3o;
      double k4o = -0.25 * k4t - 5 * Math.sin(th + h * k3t);
      z[2 * i + 2] = th + h / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
      z[2 * i + 3] = om + h / 6 * (k1o + 2 * k2o + 2 * k3o + k4o);
      t[i + 1] = (i + 1) * h;
    }
    return new double[][] {t, z};
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
