package org.odespark.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Loss and NFE curves: size, layout of the two charts, smoothing, non-finite losses, validation. */
class TrainingCurvesTest {

  private static final long SEED = 7L;
  /** Okabe–Ito vermillion, the backward-NFE colour. */
  private static final int VERMILLION = 0xD55E00;
  /** Anti-aliased thin lines rarely hit the exact colour; 60 RGB units keeps only well covered pixels. */
  private static final double NEAR = 60;

  @TempDir
  Path dir;

  @Test
  void writesAPngOfTheRequestedSize() throws IOException {
    Path out = dir.resolve("curves.png");
    TrainingCurves.of(decayingLoss(300)).write(out);
    BufferedImage image = Pixels.readPng(out);
    assertEquals(900, image.getWidth());
    assertEquals(640, image.getHeight());

    Path custom = dir.resolve("custom.png");
    TrainingCurves.of(decayingLoss(300)).withSize(640, 480).withTitle("run 3").write(custom);
    BufferedImage c = Pixels.readPng(custom);
    assertEquals(640, c.getWidth());
    assertEquals(480, c.getHeight());
  }

  @Test
  void nfeChartSitsBelowTheLossChart() throws IOException {
    int n = 400;
    double[] forward = new double[n];
    double[] backward = new double[n];
    for (int i = 0; i < n; i++) {
      forward[i] = 20 + i / 10.0;
      backward[i] = 30 + i / 8.0;
    }
    Path out = dir.resolve("nfe.png");
    TrainingCurves curves =
        TrainingCurves.of(decayingLoss(n)).withNfe(forward, backward).withTitle("with NFE");
    curves.write(out);
    BufferedImage image = Pixels.readPng(out);
    int strip = 34;
    int lossBottom = strip + (int) Math.round((curves.height() - strip) * 0.6);
    Rectangle upper = new Rectangle(0, 0, image.getWidth(), lossBottom);
    Rectangle lower = new Rectangle(0, lossBottom, image.getWidth(), image.getHeight() - lossBottom);
    assertEquals(0, Pixels.countNear(image, upper, VERMILLION, NEAR), "backward NFE drawn in the loss chart");
    assertTrue(Pixels.countNear(image, lower, VERMILLION, NEAR) > 100, "backward NFE line missing below");

    Path without = dir.resolve("loss-only.png");
    TrainingCurves.of(decayingLoss(n)).write(without);
    BufferedImage lossOnly = Pixels.readPng(without);
    Rectangle all = new Rectangle(0, 0, lossOnly.getWidth(), lossOnly.getHeight());
    assertEquals(0, Pixels.countNear(lossOnly, all, VERMILLION, NEAR), "no NFE, no backward line");
  }

  @Test
  void testLossPointsAreDrawn() throws IOException {
    Path out = dir.resolve("test.png");
    TrainingCurves.of(decayingLoss(200)).withTestLoss(new int[] {0, 100, 200}, new double[] {5, 3, 2.8})
        .write(out);
    BufferedImage image = Pixels.readPng(out);
    Rectangle all = new Rectangle(0, 0, image.getWidth(), image.getHeight());
    // three filled 8-pixel markers plus the legend marker; the train lines are blue
    assertTrue(Pixels.countNear(image, all, VERMILLION, NEAR) > 4 * 20, "test-loss markers missing");
  }

  @Test
  void nonFiniteLossesAreAllowedButAnAllNonFiniteLossIsNot() throws IOException {
    double[] loss = decayingLoss(50);
    loss[10] = Double.NaN;
    loss[11] = Double.POSITIVE_INFINITY;
    Path out = dir.resolve("nan.png");
    TrainingCurves.of(loss).write(out);
    Pixels.readPng(out);
    assertMessage("loss must hold at least one finite value, got 2 non-finite values",
        () -> TrainingCurves.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}));
  }

  @Test
  void theAxisIsTheLoggedIterationNotTheLineNumber() throws IOException {
    // train.log_every = 50 over 9,380 iterations: 187 lines at 50, 100, …, 9350 and the last at 9380.
    long[] iterations = new long[188];
    for (int i = 0; i < 187; i++) {
      iterations[i] = 50L * (i + 1);
    }
    iterations[187] = 9380;
    double[] loss = decayingLoss(188);
    TrainingCurves curves = TrainingCurves.of(iterations, loss).withTestLoss(new long[] {0, 5000, 9380},
        new double[] {5, 3, 2.9});
    assertEquals(9380, curves.lastIteration());
    assertEquals(188, TrainingCurves.of(loss).lastIteration(), "without iterations, value i is iteration i + 1");
    curves.write(dir.resolve("spaced.png"));
    Pixels.readPng(dir.resolve("spaced.png"));
    assertMessage("iterations must be strictly increasing from 1 on, got 100 then 100 at index 2",
        () -> TrainingCurves.of(new long[] {50, 100, 100}, new double[3]));
    assertMessage("iterations must be strictly increasing from 1 on, got 0 at index 0",
        () -> TrainingCurves.of(new long[] {0, 1}, new double[2]));
    assertMessage("iterations and loss must have the same length, got 2 and 3",
        () -> TrainingCurves.of(new long[] {1, 2}, new double[3]));
  }

  @Test
  void movingAverageIsTheTrailingMeanOfFiniteValues() {
    double[] v = {1, 2, 3, Double.NaN, 5, Double.NaN, Double.NaN, Double.NaN};
    double[] m = TrainingCurves.movingAverage(v, 3);
    // windows: {1}, {1,2}, {1,2,3}, {2,3}, {3,5}, {5}, {5}, {}
    assertArrayEquals(new double[] {1, 1.5, 2, 2.5, 4, 5, 5, Double.NaN}, m, 1e-15);
  }

  @Test
  void automaticSmoothingWindowScalesWithTheRunLength() {
    assertEquals(1, TrainingCurves.of(new double[20]).smoothingWindow());
    assertEquals(40, TrainingCurves.of(new double[2000]).smoothingWindow());
    assertEquals(7, TrainingCurves.of(new double[2000]).withSmoothingWindow(7).smoothingWindow());
  }

  @Test
  void badInputsNameTheArgument() {
    TrainingCurves c = TrainingCurves.of(new double[10]);
    assertMessage("loss must hold at least one iteration, got 0 values",
        () -> TrainingCurves.of(new double[0]));
    assertMessage("test iterations and test loss values must have the same length, got 2 and 3",
        () -> c.withTestLoss(new int[] {1, 2}, new double[3]));
    assertMessage("test iterations must be strictly increasing, got 5 then 5 at index 1",
        () -> c.withTestLoss(new int[] {5, 5}, new double[2]));
    assertMessage("test iterations must be in [0, 10] (the training iterations), got 11 at index 0",
        () -> c.withTestLoss(new int[] {11}, new double[1]));
    assertMessage("test loss values must be finite, got NaN at index 0",
        () -> c.withTestLoss(new int[] {1}, new double[] {Double.NaN}));
    assertMessage("forward NFE must have one entry per iteration (10, the loss length), got 9",
        () -> c.withNfe(new double[9], new double[10]));
    assertMessage("backward NFE must be finite and ≥ 0, got -1.0 at index 0",
        () -> c.withNfe(new double[10], new double[] {-1, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    assertMessage("width must be in [200, 8192] pixels, got 20", () -> c.withSize(20, 400));
    assertMessage("smoothing window must be ≥ 0 (0 = automatic), got -1", () -> c.withSmoothingWindow(-1));
    assertMessage("out must be a file path, but " + dir + " is a directory", () -> c.write(dir));
  }

  @Test
  void writingOverAnExistingFileReplacesIt() throws IOException {
    Path out = dir.resolve("curves.png");
    Files.write(out, new byte[2_000_000]);
    TrainingCurves.of(decayingLoss(100)).write(out);
    Pixels.readPng(out);
    assertTrue(Files.size(out) < 2_000_000, "old bytes remain");
    assertArrayEquals(new String[] {"curves.png"}, Pixels.listing(dir));
    assertFalse(Files.exists(dir.resolve("curves.png.tmp")));
  }

  private static double[] decayingLoss(int n) {
    Random random = new Random(SEED);
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      loss[i] = 3 + 2 * Math.exp(-i / (n / 5.0)) + 0.1 * random.nextGaussian();
    }
    return loss;
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
