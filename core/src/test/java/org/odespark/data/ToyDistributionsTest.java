package org.odespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.testing.AllocationMeter;

/**
 * Row counts, determinism and distribution checks of FFJORD's toy datasets. Expected values are derived in
 * the comments from the definitions in the class comment of {@link ToyDistributions}, not from its code.
 *
 * <p>Statistical tolerances are Z standard errors with Z = 5 (a false alarm has probability below 10⁻⁶
 * per check; with the fixed seeds the outcome is deterministic anyway), the standard error taken from the
 * sample itself unless stated.
 */
class ToyDistributionsTest {

  private static final double Z = 5.0;
  /** Large enough that 5 standard errors separate the wrong generators named in each test. */
  private static final int N = 20_000;

  static List<String> names() {
    return ToyDistributions.names();
  }

  private static double[] sample(String name, int n, long seed) {
    return ToyDistributions.sample(name, n, SeedSequence.of(seed).random("toy-test", name.hashCode()));
  }

  @Test
  void namesAreFfjordsEight() {
    assertEquals(List.of("8gaussians", "checkerboard", "2spirals", "moons", "circles", "pinwheel", "rings",
        "swissroll"), ToyDistributions.names());
  }

  @ParameterizedTest
  @MethodSource("names")
  void writesExactlyNRowsAndNothingElse(String name) {
    for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 99, 100, 101, 1001}) {
      int offset = 3;
      double[] out = new double[offset + 2 * n + 3];
      Arrays.fill(out, Double.NaN);
      ToyDistributions.sample(name, n, SeedSequence.of(n).random("rows"), out, offset);
      for (int k = 0; k < out.length; k++) {
        boolean inside = k >= offset && k < offset + 2 * n;
        if (inside != Double.isFinite(out[k])) {
          fail(name + " with n = " + n + ": entry " + k + " is " + out[k] + " but rows occupy ["
              + offset + ", " + (offset + 2 * n) + ")");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void sameGeneratorStateGivesTheSameSample(String name) {
    for (int n : new int[] {1, 7, 500}) {
      assertArrayEquals(sample(name, n, 11), sample(name, n, 11), name + " n = " + n);
      assertFalse(Arrays.equals(sample(name, n, 11), sample(name, n, 12)), name + " ignores the generator");
    }
  }

  /**
   * Regression pin: the first row and the last value of a 3-point sample from a fixed stream. Samples are
   * bit-reproducible across platforms (StrictMath, nextDouble only), so a change means the generator, the
   * order of draws or a parameter changed, which breaks the reproducibility of recorded runs.
   */
  @Test
  void samplesArePinned() {
    double[][] expected = {
        {1.8741941676720042, 2.579280624850178, -2.2532302988674546},
        {0.18541290129584898, -3.4317348133435477, 1.5302019416154315},
        {1.8287540844960213, -1.3385244687738582, 1.1250490750882634},
        {0.9283469316016935, -0.05300794912730089, 1.1287639413090804},
        {2.914016317922032, 0.17639046104723893, 0.39451672957089634},
        {1.811962712598941, 0.8657333306077359, -0.35903146126443564},
        {0.7213387726406774, 0.05879682034907965, 0.7810246293619612},
        {-1.9541405252358792, -0.0904694825633777, -1.837181659425379}};
    for (int d = 0; d < expected.length; d++) {
      String name = ToyDistributions.names().get(d);
      double[] o = ToyDistributions.sample(name, 3, SeedSequence.of(7).random("pin"));
      assertArrayEquals(expected[d], new double[] {o[0], o[1], o[5]}, 0.0, name);
    }
  }

  @Test
  void unknownNameListsTheNamesAndSuggestsTheClosest() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDistributions.sample("8gausians", 10, SeedSequence.of(1).random("x")));
    assertTrue(e.getMessage().contains("unknown toy dataset '8gausians'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean '8gaussians'"), e.getMessage());
    assertTrue(e.getMessage().contains(String.join(", ", ToyDistributions.names())), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ToyDistributions.checkName("Swiss-roll"));
    assertTrue(e.getMessage().contains("did you mean 'swissroll'"), e.getMessage());
  }

  @Test
  void invalidArgumentsAreRejected() {
    RandomGenerator rng = SeedSequence.of(1).random("x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyDistributions.sample("moons", 0, rng, new double[2], 0));
    assertTrue(e.getMessage().contains("n must be >= 1, got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ToyDistributions.sample("moons", 3, rng, new double[7], 2));
    assertTrue(e.getMessage().contains("out must hold 2*n = 6 values from offset 2, but has length 7"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ToyDistributions.sample("moons", 3, rng, new double[6], -1));
    assertThrows(IllegalArgumentException.class,
        () -> ToyDistributions.sample("moons", 3, null, new double[6], 0));
    assertThrows(IllegalArgumentException.class, () -> ToyDistributions.sample("moons", 0, rng));
  }

  @Test
  void batchWrapsTheSample() {
    Batch b = ToyDistributions.batch("rings", 10, SeedSequence.of(3).random("x"));
    assertEquals(10, b.rows());
    assertEquals(2, b.cols());
    assertFalse(b.hasLabels());
    double[] expected = ToyDistributions.sample("rings", 10, SeedSequence.of(3).random("x"));
    assertArrayEquals(expected, b.features(), 0.0);
  }

  @Test
  void samplingIntoAnArrayAllocatesNothing() {
    RandomGenerator rng = SeedSequence.of(5).random("alloc");
    double[] out = new double[2 * 64];
    for (String name : ToyDistributions.names()) {
      long allocated = AllocationMeter.allocatedBytes(() -> ToyDistributions.sample(name, 64, rng, out, 0),
          2000, 1000);
      assertTrue(AllocationMeter.allocatesNothingPerCall(allocated, 1000),
          name + ": 1000 calls allocated " + allocated + " bytes");
    }
  }

  // ---- distributions ---------------------------------------------------------------------------------

  /**
   * Centres 4·(cos kπ/4, sin kπ/4)/1.414, σ = 0.5/1.414. Per centre: share 1/8, sample mean within 5 SE of
   * the centre; mean squared distance to the nearest centre 2σ². A generator without the division by
   * 1.414, with another σ or with unequal weights fails one of these by many standard errors.
   */
  @Test
  void eightGaussiansClusterAroundEightCentres() {
    double[] x = sample("8gaussians", N, 1);
    double radius = 4 / 1.414;
    double sigma = 0.5 / 1.414;
    int[] count = new int[8];
    double[] sum = new double[16];
    double sumSquaredDistance = 0;
    for (int i = 0; i < N; i++) {
      int best = -1;
      double bestD2 = Double.POSITIVE_INFINITY;
      for (int k = 0; k < 8; k++) {
        double dx = x[2 * i] - radius * Math.cos(k * Math.PI / 4);
        double dy = x[2 * i + 1] - radius * Math.sin(k * Math.PI / 4);
        if (dx * dx + dy * dy < bestD2) {
          bestD2 = dx * dx + dy * dy;
          best = k;
        }
      }
      count[best]++;
      sum[2 * best] += x[2 * i];
      sum[2 * best + 1] += x[2 * i + 1];
      sumSquaredDistance += bestD2;
    }
    for (int k = 0; k < 8; k++) {
      assertBinomialCount(count[k], N, 1.0 / 8, "points nearest centre " + k);
      double meanSe = sigma / Math.sqrt(count[k]);
      assertEquals(radius * Math.cos(k * Math.PI / 4), sum[2 * k] / count[k], Z * meanSe,
          "centre " + k + " x");
      assertEquals(radius * Math.sin(k * Math.PI / 4), sum[2 * k + 1] / count[k], Z * meanSe,
          "centre " + k + " y");
    }
    // d²/σ² is χ² with 2 degrees of freedom: mean 2σ², standard deviation 2σ². Points that cross a
    // bisector to a neighbouring centre (distance 2.16 = 6σ apart) are too rare to matter at this tolerance.
    assertEquals(2 * sigma * sigma, sumSquaredDistance / N, Z * 2 * sigma * sigma / Math.sqrt(N),
        "mean squared distance to the nearest centre");
  }

  /**
   * Every point in an "on" square of the 4×4 board on [-4, 4)² (⌊x/2⌋ + ⌊y/2⌋ even), the 8 squares
   * equally likely, positions uniform inside a square (mean offset ½ of the side, variance 1/12).
   */
  @Test
  void checkerboardIsUniformOnTheOnSquares() {
    double[] x = sample("checkerboard", N, 2);
    int[] count = new int[16];
    double sumU = 0;
    double sumV = 0;
    for (int i = 0; i < N; i++) {
      double px = x[2 * i];
      double py = x[2 * i + 1];
      String point = "point " + i + " (" + px + ", " + py + ")";
      assertTrue(px >= -4 && px < 4 && py >= -4 && py < 4, point + " is outside [-4, 4)²");
      int cx = (int) Math.floor(px / 2);
      int cy = (int) Math.floor(py / 2);
      assertEquals(0, Math.floorMod(cx + cy, 2), point + " is on an off square");
      count[4 * (cx + 2) + (cy + 2)]++;
      sumU += px / 2 - cx;
      sumV += py / 2 - cy;
    }
    for (int s = 0; s < 16; s++) {
      if (Math.floorMod(s / 4 + s % 4, 2) == 0) {
        assertBinomialCount(count[s], N, 1.0 / 8, "points in square " + s);
      }
    }
    double uniformSe = Math.sqrt(1.0 / 12 / N);
    assertEquals(0.5, sumU / N, Z * uniformSe, "mean position inside a square, x");
    assertEquals(0.5, sumV / N, Z * uniformSe, "mean position inside a square, y");
  }

  /**
   * Radii 3 and 1.5, ⌊n/2⌋ points outside and ⌈n/2⌉ inside, σ = 0.24. Classified by r &lt; 2.25, a point
   * changes class with probability 2Φ(−0.75/0.24) ≈ 0.2 %, so the counts match within 1 % of n. Per circle
   * E r² = R² + 2σ² exactly (noise independent of the point), standard error ≈ 2Rσ/√m, and the radial
   * spread E(r − R)² = σ² + 3σ⁴/(4R²) + O(σ⁶/R⁴) (see {@link #radialSpread}). The equally spaced angles sum
   * to zero, so the sample mean is the noise mean alone: within 5σ/√n of 0.
   */
  @Test
  void circlesHaveTwoRadii() {
    int n = N + 1;
    double[] x = sample("circles", n, 3);
    double sigma = 0.24;
    int inner = 0;
    double innerR2 = 0;
    double outerR2 = 0;
    double[] innerSpread = new double[n];
    double[] outerSpread = new double[n];
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < n; i++) {
      double r2 = x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
      double r = Math.sqrt(r2);
      if (r < 2.25) {
        innerSpread[inner] = (r - 1.5) * (r - 1.5);
        inner++;
        innerR2 += r2;
      } else {
        outerSpread[i - inner] = (r - 3) * (r - 3);
        outerR2 += r2;
      }
      sumX += x[2 * i];
      sumY += x[2 * i + 1];
    }
    int outer = n - inner;
    assertMean(Arrays.copyOf(innerSpread, inner), radialSpread(1.5, sigma), "inner circle: mean (r − R)²");
    assertMean(Arrays.copyOf(outerSpread, outer), radialSpread(3, sigma), "outer circle: mean (r − R)²");
    assertEquals(n - n / 2, inner, 0.01 * n, "points on the inner circle");
    assertEquals(1.5 * 1.5 + 2 * sigma * sigma, innerR2 / inner, Z * 2 * 1.5 * sigma / Math.sqrt(inner),
        "mean r² of the inner circle");
    assertEquals(3 * 3 + 2 * sigma * sigma, outerR2 / outer, Z * 2 * 3 * sigma / Math.sqrt(outer),
        "mean r² of the outer circle");
    assertEquals(0, sumX / n, Z * sigma / Math.sqrt(n), "mean x");
    assertEquals(0, sumY / n, Z * sigma / Math.sqrt(n), "mean y");
  }

  /**
   * Radii 3, 2.25, 1.5, 0.75 with ⌊n/4⌋, ⌊n/4⌋, ⌊n/4⌋ and the rest, σ = 0.08: rings are 0.75 = 9.4σ apart,
   * so assigning each point to the nearest radius errs with probability 2Φ(−4.7) ≈ 3·10⁻⁶ and the counts
   * must match within 3. Per ring E r² = R² + 2σ² and E(r − R)² = σ² + 3σ⁴/(4R²) ({@link #radialSpread}).
   */
  @Test
  void ringsHaveFourRadii() {
    double[] radii = {3, 2.25, 1.5, 0.75};
    double sigma = 0.08;
    for (int n : new int[] {N + 3, 3, 5}) {
      double[] x = sample("rings", n, 4 + n);
      int[] count = new int[4];
      double[] sumR2 = new double[4];
      double[][] spread = new double[4][n];
      for (int i = 0; i < n; i++) {
        double r2 = x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
        int k = nearest(Math.sqrt(r2), radii);
        spread[k][count[k]] = (Math.sqrt(r2) - radii[k]) * (Math.sqrt(r2) - radii[k]);
        count[k]++;
        sumR2[k] += r2;
      }
      int q = n / 4;
      int[] expected = {q, q, q, n - 3 * q};
      for (int k = 0; k < 4; k++) {
        assertEquals(expected[k], count[k], 3, "n = " + n + ": points on the ring of radius " + radii[k]);
        if (n > 100) {
          assertEquals(radii[k] * radii[k] + 2 * sigma * sigma, sumR2[k] / count[k],
              Z * 2 * radii[k] * sigma / Math.sqrt(count[k]), "mean r² of ring " + radii[k]);
          assertMean(Arrays.copyOf(spread[k], count[k]), radialSpread(radii[k], sigma),
              "ring " + radii[k] + ": mean (r − R)²");
        }
      }
    }
  }

  /**
   * The noise-free moons are recomputed here from scikit-learn's definition (two half circles through
   * equally spaced angles, then p ↦ 2p + (−1, −0.2)); the sample's mean and covariance must equal theirs
   * plus the noise's (σ = 0.2 per coordinate). Standard errors: σ/√n for the means; for the second
   * moments, 2·sd(p)·σ/√n from the cross term dominates (≈ 0.005 at n = 20000), so 0.025 is 5 of them.
   */
  @Test
  void moonsMatchTheirDefinition() {
    for (int n : new int[] {N, N + 1}) {
      double[] x = sample("moons", n, 5 + n);
      double sigma = 0.2;
      double[] clean = new double[2 * n];
      int outer = n / 2;
      int inner = n - outer;
      for (int i = 0; i < outer; i++) {
        double s = Math.PI * i / (outer - 1);
        clean[2 * i] = 2 * Math.cos(s) - 1;
        clean[2 * i + 1] = 2 * Math.sin(s) - 0.2;
      }
      for (int j = 0; j < inner; j++) {
        double s = Math.PI * j / (inner - 1);
        clean[2 * (outer + j)] = 2 * (1 - Math.cos(s)) - 1;
        clean[2 * (outer + j) + 1] = 2 * (0.5 - Math.sin(s)) - 0.2;
      }
      double[] expected = moments(clean);
      double[] actual = moments(x);
      String[] what = {"mean x", "mean y", "var x", "var y", "cov xy"};
      double[] noise = {0, 0, sigma * sigma, sigma * sigma, 0};
      double[] tolerance = {Z * sigma / Math.sqrt(n), Z * sigma / Math.sqrt(n), 0.025, 0.025, 0.025};
      for (int m = 0; m < 5; m++) {
        assertEquals(expected[m] + noise[m], actual[m], tolerance[m], "n = " + n + ": " + what[m]);
      }
    }
  }

  /**
   * A point is p = 2R(−α)f with f = (1 + 0.3z₁, 0.1z₂), z standard normal, α = 2πk/5 + 0.25·e^{f₁} for arm
   * k (R(θ) the rotation by θ). The test inverts this map: for each arm k it solves f = R(α(f₁))·p/2 by
   * fixed-point iteration (a contraction: dα/df₁·|f₂| ≈ 0.25·e·0.1 ≪ 1) and keeps, among solutions with
   * f₁ &gt; 0, the arm with the smallest |f₂| (other arms give |f₂| ≈ |f| sin(2π/5) ≫ 0.1). The recovered
   * f₁ must have mean 1 and variance 0.3², f₂ mean 0 and variance 0.1², arms share 1/5 each; standard
   * errors of the variances s²·√(2/n). A wrong rate, rotation sense or standard deviation distorts the
   * recovered f.
   */
  @Test
  void pinwheelInvertsToItsGaussianFeatures() {
    double[] x = sample("pinwheel", N, 6);
    double[] f1 = new double[N];
    double[] f2 = new double[N];
    int[] count = new int[5];
    double[] f = new double[3];
    for (int i = 0; i < N; i++) {
      invertPinwheel(x[2 * i], x[2 * i + 1], f);
      f1[i] = f[0];
      f2[i] = f[1];
      count[(int) f[2]]++;
    }
    assertMean(f1, 1.0, "mean radial feature");
    assertMean(f2, 0.0, "mean tangential feature");
    assertEquals(0.3 * 0.3, variance(f1), Z * 0.3 * 0.3 * Math.sqrt(2.0 / N),
        "variance of the radial feature");
    assertEquals(0.1 * 0.1, variance(f2), Z * 0.1 * 0.1 * Math.sqrt(2.0 / N),
        "variance of the tangential feature");
    for (int k = 0; k < 5; k++) {
      assertBinomialCount(count[k], N, 0.2, "points on arm " + k);
    }
  }

  /**
   * Pinwheel with n not a multiple of 5: FFJORD would return 5⌊n/5⌋ rows; here every row is used and the
   * arm counts differ by at most one (arms recovered as in {@link #pinwheelInvertsToItsGaussianFeatures}).
   */
  @Test
  void pinwheelSpreadsTheRemainderOverArms() {
    for (int n : new int[] {3, 13, 104}) {
      double[] x = sample("pinwheel", n, 7 + n);
      int[] count = new int[5];
      double[] f = new double[3];
      for (int i = 0; i < n; i++) {
        invertPinwheel(x[2 * i], x[2 * i + 1], f);
        count[(int) f[2]]++;
      }
      int min = Arrays.stream(count).min().getAsInt();
      int max = Arrays.stream(count).max().getAsInt();
      assertTrue(min == n / 5 && max == (n % 5 == 0 ? n / 5 : n / 5 + 1), "n = " + n + ": arm counts "
          + Arrays.toString(count));
    }
  }

  /**
   * Arm 1 before the division by 3 is q = t(−cos t, sin t) + (a, b), t = 3π√u, a, b ~ U[0, ½); arm 2 is −q.
   * E|q|² = E t² + 2E[b t sin t] − 2E[a t cos t] + E[a² + b²] with (density of t: 2t/9π² on [0, 3π])
   * E t² = 4.5π², E[t cos t] = −4/(3π), E[t sin t] = 2(9π² − 4)/(9π²), E a = ¼, E a² = 1/12, so
   * E|p|² = (4.5π² + 2/(3π) + (9π² − 4)/(9π²) + 1/6)/9 + 2·0.1². The noise-free arms satisfy r + φ ≡ π
   * (arm 1) or 0 (arm 2) mod 2π for q = 3p in polar form, so ρ = ½·wrap(2(r + φ)) vanishes up to the
   * offset and the noise: to first order |ρ| ≤ |δ_r| + |δ_t|/r with E δ² ≤ E[a² + b²] + 2·0.3² = 0.347,
   * so for r &gt; 6, E|ρ| ≤ √0.347·(1 + 1/6) ≈ 0.69 (+ 5 SE), against π/4 ≈ 0.785 for points unrelated to
   * the spiral (a mirrored spiral gives ≈ 0.74). Which arm a point lies on is the sign of cos(r + φ): the
   * arms hold ⌊n/2⌋ and ⌈n/2⌉ points (binomial tolerance, generous). Each noise-free point has its mirror
   * image in the sample except the odd one (|p| &lt; 3.5), so the sample mean is the noise mean (σ/√n) up to
   * 3.5/n.
   */
  @Test
  void twoSpiralsFollowTheirArms() {
    int n = N + 1;
    double[] x = sample("2spirals", n, 8);
    double pi2 = Math.PI * Math.PI;
    double expectedR2 = (4.5 * pi2 + 2 / (3 * Math.PI) + (9 * pi2 - 4) / (9 * pi2) + 1.0 / 6) / 9 + 2 * 0.01;
    double[] r2 = new double[n];
    double sumResidual = 0;
    double sumResidualSq = 0;
    int far = 0;
    int farOnArm2 = 0;
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < n; i++) {
      double qx = 3 * x[2 * i];
      double qy = 3 * x[2 * i + 1];
      r2[i] = x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
      sumX += x[2 * i];
      sumY += x[2 * i + 1];
      double r = Math.hypot(qx, qy);
      if (r > 6) {
        double angle = r + Math.atan2(qy, qx);
        double rho = Math.abs(wrap(2 * angle) / 2);
        sumResidual += rho;
        sumResidualSq += rho * rho;
        far++;
        if (Math.cos(angle) > 0) {
          farOnArm2++;
        }
      }
    }
    assertMean(r2, expectedR2, "mean |p|²");
    assertEquals(0, sumX / n, Z * 0.1 / Math.sqrt(n) + 3.5 / n, "mean x");
    assertEquals(0, sumY / n, Z * 0.1 / Math.sqrt(n) + 3.5 / n, "mean y");
    assertBinomialCount(farOnArm2, far, 0.5, "points at r > 6 on arm 2");
    double meanResidual = sumResidual / far;
    double se = Math.sqrt(sumResidualSq / far - meanResidual * meanResidual) / Math.sqrt(far);
    assertTrue(meanResidual <= Math.sqrt(0.347) * (1 + 1.0 / 6) + Z * se,
        "mean distance from the spiral " + meanResidual + " (points at r > 6: " + far + ")");
  }

  /**
   * q = 5p = (t cos t + ε₁, t sin t + ε₂), t ~ U[1.5π, 4.5π), ε ~ N(0, 1). Means: E[t cos t] = 6π/3π = 2,
   * E[t sin t] = 2/(3π); E|q|² = E t² + 2 = 9.75π² + 2. The roll satisfies r ≡ φ (mod 2π) for q in polar
   * form, so ρ = wrap(r − φ) ≈ ε_r − ε_t/r is nearly N(0, 1 + 1/r²) with r ≥ 4.7: E|ρ| between √(2/π) ≈
   * 0.798 and √(2/π)·√(1 + 1/4.7²) ≈ 0.816, against π/2 for points unrelated to the roll.
   */
  @Test
  void swissRollIsARolledSheet() {
    double[] x = sample("swissroll", N, 9);
    double[] px = new double[N];
    double[] py = new double[N];
    double[] r2 = new double[N];
    double[] residual = new double[N];
    for (int i = 0; i < N; i++) {
      px[i] = x[2 * i];
      py[i] = x[2 * i + 1];
      r2[i] = px[i] * px[i] + py[i] * py[i];
      double qx = 5 * px[i];
      double qy = 5 * py[i];
      residual[i] = Math.abs(wrap(Math.hypot(qx, qy) - Math.atan2(qy, qx)));
    }
    assertMean(px, 2.0 / 5, "mean x");
    assertMean(py, 2 / (3 * Math.PI) / 5, "mean y");
    assertMean(r2, (9.75 * Math.PI * Math.PI + 2) / 25, "mean |p|²");
    double meanResidual = mean(residual);
    double se = Math.sqrt(variance(residual) / N);
    assertTrue(meanResidual > Math.sqrt(2 / Math.PI) - Z * se
        && meanResidual < Math.sqrt(2 / Math.PI) * Math.sqrt(1 + 1 / (4.7 * 4.7)) + Z * se,
        "mean distance from the roll " + meanResidual);
  }

  /**
   * Datasets built component by component (circles, rings, pinwheel) are shuffled, so the first half of a
   * sample holds each component in its share: a hypergeometric count, whose standard deviation is below
   * the binomial one used here. Unshuffled rows would put only outer-circle, outer-ring or first-arm
   * points in front.
   */
  @Test
  void componentsAreShuffledThroughTheSample() {
    int n = 4000;
    int half = n / 2;
    double[] circles = sample("circles", n, 21);
    int inner = 0;
    for (int i = 0; i < half; i++) {
      if (Math.hypot(circles[2 * i], circles[2 * i + 1]) < 2.25) {
        inner++;
      }
    }
    assertBinomialCount(inner, half, 0.5, "inner-circle points among the first half of the rows");
    double[] rings = sample("rings", n, 22);
    int[] ringCount = new int[4];
    for (int i = 0; i < half; i++) {
      ringCount[nearest(Math.hypot(rings[2 * i], rings[2 * i + 1]), new double[] {3, 2.25, 1.5, 0.75})]++;
    }
    double[] pinwheel = sample("pinwheel", n, 23);
    int[] armCount = new int[5];
    double[] f = new double[3];
    for (int i = 0; i < half; i++) {
      invertPinwheel(pinwheel[2 * i], pinwheel[2 * i + 1], f);
      armCount[(int) f[2]]++;
    }
    for (int k = 0; k < 4; k++) {
      assertBinomialCount(ringCount[k], half, 0.25, "ring " + k + " points among the first half of the rows");
    }
    for (int k = 0; k < 5; k++) {
      assertBinomialCount(armCount[k], half, 0.2, "arm " + k + " points among the first half of the rows");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  /** Means of x and y, population variances of x and y, covariance. */
  private static double[] moments(double[] xy) {
    int n = xy.length / 2;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += xy[2 * i];
      my += xy[2 * i + 1];
    }
    mx /= n;
    my /= n;
    double vx = 0;
    double vy = 0;
    double cxy = 0;
    for (int i = 0; i < n; i++) {
      double dx = xy[2 * i] - mx;
      double dy = xy[2 * i + 1] - my;
      vx += dx * dx;
      vy += dy * dy;
      cxy += dx * dy;
    }
    return new double[] {mx, my, vx / n, vy / n, cxy / n};
  }

  private static void assertMean(double[] values, double expected, String what) {
    double se = Math.sqrt(variance(values) / values.length);
    assertEquals(expected, mean(values), Z * se, what + " (standard error " + se + ")");
  }

  private static void assertBinomialCount(int count, int n, double p, String what) {
    assertEquals(n * p, count, Z * Math.sqrt(n * p * (1 - p)), what);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  private static double variance(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double d : v) {
      s += (d - m) * (d - m);
    }
    return s / (v.length - 1);
  }

  /**
   * Writes (f₁, f₂, arm) with p = 2R(−α)f, α = 2πk/5 + 0.25·e^{f₁}, choosing among the preimages with
   * f₁ &gt; 0 the arm of smallest |f₂|.
   */
  private static void invertPinwheel(double px, double py, double[] out) {
    double qx = px / 2;
    double qy = py / 2;
    out[1] = Double.POSITIVE_INFINITY;
    for (int k = 0; k < 5; k++) {
      double f1 = Math.hypot(qx, qy);
      double f2 = 0;
      for (int iteration = 0; iteration < 50; iteration++) {
        double alpha = 2 * Math.PI * k / 5 + 0.25 * Math.exp(f1);
        f1 = Math.cos(alpha) * qx - Math.sin(alpha) * qy;
        f2 = Math.sin(alpha) * qx + Math.cos(alpha) * qy;
      }
      // f₁ = 1 + 0.3z₁ > 0 (but for probability 4·10⁻⁴); the other arms may have a fixed point with
      // f₁ ≈ −|p|/2 and small f₂, which is not a preimage.
      if (f1 > 0 && Math.abs(f2) < Math.abs(out[1])) {
        out[0] = f1;
        out[1] = f2;
        out[2] = k;
      }
    }
  }

  /** The angle a reduced to (−π, π]. */
  private static double wrap(double a) {
    double w = a - 2 * Math.PI * Math.floor(a / (2 * Math.PI));
    return w > Math.PI ? w - 2 * Math.PI : w;
  }

  /**
   * E(r − R)² for r = |R·u + ε|, |u| = 1, ε ~ N(0, σ²I): with ε = (a, b) along and across u, r − R = a +
   * b²/(2R) + O(σ³/R²), so E(r − R)² = σ² + 3σ⁴/(4R²) to fourth order (E b⁴ = 3σ⁴).
   */
  private static double radialSpread(double radius, double sigma) {
    return sigma * sigma + 3 * Math.pow(sigma, 4) / (4 * radius * radius);
  }

  private static int nearest(double r, double[] radii) {
    int best = 0;
    for (int k = 1; k < radii.length; k++) {
      if (Math.abs(r - radii[k]) < Math.abs(r - radii[best])) {
        best = k;
      }
    }
    return best;
  }
}
