package org.odespark.data;

import java.util.List;
import java.util.random.RandomGenerator;
import org.odespark.check.Checks;
import org.odespark.objective.Batch;
import org.odespark.random.Normals;
import org.odespark.text.EditDistance;

/**
 * The two-dimensional toy densities of FFJORD (Grathwohl, Chen, Bettencourt, Sutskever, Duvenaud, "FFJORD:
 * Free-form continuous dynamics for scalable reversible generative models", ICLR 2019, the 2-D experiments,
 * and {@code lib/toy_data.py} of the authors' code), three of which FFJORD takes from scikit-learn
 * ({@code make_swiss_roll}, {@code make_circles}, {@code make_moons}). Same distributions and parameters,
 * own implementation; numpy's random streams are not reproduced. All noise below is isotropic Gaussian with
 * the standard deviation σ given in the units of the output.
 *
 * <ul>
 *   <li>{@code 8gaussians}: mixture of 8 equally likely Gaussians, centres 4·(cos kπ/4, sin kπ/4) with
 *       σ = 0.5, then everything divided by 1.414 (FFJORD's rounding of √2): centres at radius 4/1.414 ≈
 *       2.829, σ = 0.5/1.414 ≈ 0.354. The component of each point is drawn independently.
 *   <li>{@code checkerboard}: uniform on the 8 "on" squares of a 4×4 board of side-2 squares covering
 *       [-4, 4)²; square (i, j) = (⌊x/2⌋, ⌊y/2⌋) is on when i + j is even. No noise.
 *   <li>{@code 2spirals}: two arms, the second the point reflection of the first. Arm 1 before scaling is
 *       (−t cos t + a, t sin t + b) with t = 3π·√u (540° of turn), u, a/0.5, b/0.5 uniform on [0, 1); the
 *       points are divided by 3 and get σ = 0.1. FFJORD draws ⌊n/2⌋ points and mirrors each of them; so
 *       does this class, and for odd n the last row is one more independent point on an arm chosen with
 *       probability ½. Unlike FFJORD, which returns arm 1 then arm 2, rows are shuffled, so that every
 *       prefix of a sample is a sample of the mixture.
 *   <li>{@code moons}: scikit-learn {@code make_moons(n, noise=0.1)} mapped by p ↦ 2p + (−1, −0.2): the
 *       upper half circle of radius 2 about (−1, −0.2) carries ⌊n/2⌋ points, the lower half circle of
 *       radius 2 about (1, 0.8) the other ⌈n/2⌉, each at equally spaced angles including both ends
 *       (numpy {@code linspace(0, π, m)}); rows shuffled; σ = 2·0.1 = 0.2.
 *   <li>{@code circles}: scikit-learn {@code make_circles(n, factor=0.5, noise=0.08)} scaled by 3: ⌊n/2⌋
 *       points on the circle of radius 3 and ⌈n/2⌉ on radius 1.5, equally spaced angles 2πk/m starting at
 *       0; rows shuffled; σ = 3·0.08 = 0.24.
 *   <li>{@code pinwheel}: 5 arms at base angles 2πk/5, radial σ 0.3, tangential σ 0.1, rate 0.25: with
 *       f = (1 + 0.3 z₁, 0.1 z₂), z standard normal, and α = 2πk/5 + 0.25·exp(f₁), the point is
 *       2·(f₁ cos α + f₂ sin α, −f₁ sin α + f₂ cos α). FFJORD gives every arm ⌊n/5⌋ points (so 5⌊n/5⌋
 *       rows); here the n mod 5 remaining rows go to distinct arms starting at a uniformly chosen one.
 *       Rows shuffled.
 *   <li>{@code rings}: four concentric circles of radii 3, 2.25, 1.5 and 0.75 (FFJORD's 1, 0.75, 0.5,
 *       0.25 scaled by 3), the outer three with ⌊n/4⌋ points each and the innermost with the rest, equally
 *       spaced angles 2πk/m starting at 0; rows shuffled; σ = 0.08 (added after scaling).
 *   <li>{@code swissroll}: scikit-learn {@code make_swiss_roll(n, noise=1.0)} keeping coordinates x and z,
 *       divided by 5: (t cos t + ε₁, t sin t + ε₂)/5 with t = 1.5π(1 + 2u), u uniform on [0, 1), so t ∈
 *       [1.5π, 4.5π) (1½ turns); σ = 1/5 = 0.2.
 * </ul>
 *
 * <p><b>Determinism.</b> Given the same generator state, {@link #sample} writes the same bits on every
 * platform: it consumes the generator only through {@link RandomGenerator#nextDouble()}, draws normal
 * variates by the Box–Muller transform (G. E. P. Box, M. E. Muller, Ann. Math. Statist. 29, 1958), truncated
 * at about 8.6σ by the 53-bit uniform, and evaluates {@code log}, {@code exp}, {@code sin} and {@code cos}
 * through {@link StrictMath}. The order of draws is part of the reproducibility contract; {@code
 * ToyDistributionsTest} pins a few values.
 *
 * <p>Stateless and thread-safe; the generator is the caller's.
 */
public final class ToyDistributions {

  private static final List<String> NAMES =
      List.of("8gaussians", "checkerboard", "2spirals", "moons", "circles", "pinwheel", "rings", "swissroll");

  private static final double TWO_PI = 2 * Math.PI;

  private static final double GAUSSIANS_SCALE = 4.0;
  private static final double GAUSSIANS_STD = 0.5;
  /** FFJORD divides by the literal 1.414, not by √2. */
  private static final double GAUSSIANS_DIVISOR = 1.414;
  private static final double[] GAUSSIANS_CENTRES = gaussiansCentres();

  private static final double SPIRAL_TURN = 540 * TWO_PI / 360;
  private static final double SPIRAL_OFFSET = 0.5;
  private static final double SPIRAL_DIVISOR = 3.0;
  private static final double SPIRAL_STD = 0.1;

  private static final double MOONS_NOISE = 0.1;
  private static final double MOONS_SCALE = 2.0;
  private static final double MOONS_SHIFT_X = -1.0;
  private static final double MOONS_SHIFT_Y = -0.2;

  private static final double CIRCLES_FACTOR = 0.5;
  private static final double CIRCLES_NOISE = 0.08;
  private static final double CIRCLES_SCALE = 3.0;

  private static final int PINWHEEL_ARMS = 5;
  private static final double PINWHEEL_RADIAL_STD = 0.3;
  private static final double PINWHEEL_TANGENTIAL_STD = 0.1;
  private static final double PINWHEEL_RATE = 0.25;
  private static final double PINWHEEL_SCALE = 2.0;

  private static final double[] RINGS_RADII = {1.0, 0.75, 0.5, 0.25};
  private static final double RINGS_SCALE = 3.0;
  private static final double RINGS_STD = 0.08;

  private static final double SWISSROLL_NOISE = 1.0;
  private static final double SWISSROLL_DIVISOR = 5.0;

  private ToyDistributions() {}

  /**
   * The dataset names, in a fixed order: 8gaussians, checkerboard, 2spirals, moons, circles, pinwheel, rings,
   * swissroll. Unmodifiable.
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Checks that {@code name} is one of {@link #names()}.
   *
   * @return {@code name}
   * @throws IllegalArgumentException naming the valid names and the closest one otherwise
   */
  public static String checkName(String name) {
    if (name == null || !NAMES.contains(name)) {
      String suggestion = name == null ? "" : EditDistance.suggestion(name, NAMES);
      throw new IllegalArgumentException("unknown toy dataset '" + name + "'" + suggestion
          + "; valid names: " + String.join(", ", NAMES));
    }
    return name;
  }

  /**
   * Draws {@code n} points of the named dataset into {@code out}, row-major: point i is {@code (out[offset +
   * 2i], out[offset + 2i + 1])}. Exactly {@code n} rows are written, for every n ≥ 1; nothing outside them.
   *
   * @param name one of {@link #names()}
   * @param n number of points, at least 1
   * @param rng source of randomness; advanced
   * @param out receives n×2 values from {@code offset}; modified
   * @param offset index of the first value written
   * @throws IllegalArgumentException for an unknown name, n &lt; 1, a null generator or array, or when
   *     {@code out} has fewer than {@code offset + 2n} entries
   */
  public static void sample(String name, int n, RandomGenerator rng, double[] out, int offset) {
    checkName(name);
    Checks.atLeast("n", n, 1);
    if (rng == null) {
      throw new IllegalArgumentException("rng must not be null");
    }
    if (out == null) {
      throw new IllegalArgumentException("out must not be null");
    }
    if (offset < 0 || offset + 2L * n > out.length) {
      throw new IllegalArgumentException("out must hold 2*n = " + 2L * n + " values from offset " + offset
          + ", but has length " + out.length);
    }
    switch (name) {
      case "8gaussians" -> eightGaussians(n, rng, out, offset);
      case "checkerboard" -> checkerboard(n, rng, out, offset);
      case "2spirals" -> twoSpirals(n, rng, out, offset);
      case "moons" -> moons(n, rng, out, offset);
      case "circles" -> circles(n, rng, out, offset);
      case "pinwheel" -> pinwheel(n, rng, out, offset);
      case "rings" -> rings(n, rng, out, offset);
      case "swissroll" -> swissRoll(n, rng, out, offset);
      default -> throw new AssertionError(name);
    }
  }

  /**
   * {@link #sample(String, int, RandomGenerator, double[], int)} into a new n×2 array.
   *
   * @throws IllegalArgumentException as the out-parameter form
   */
  public static double[] sample(String name, int n, RandomGenerator rng) {
    checkName(name);
    if (n < 1 || n > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("n must be in [1, " + Integer.MAX_VALUE / 2 + "], got " + n);
    }
    double[] out = new double[2 * n];
    sample(name, n, rng, out, 0);
    return out;
  }

  /**
   * {@code n} points of the named dataset as an unlabelled, unweighted n×2 {@link Batch}.
   *
   * @throws IllegalArgumentException as {@link #sample(String, int, RandomGenerator, double[], int)}
   */
  public static Batch batch(String name, int n, RandomGenerator rng) {
    return new Batch(n, 2, sample(name, n, rng), null, null);
  }

  private static void eightGaussians(int n, RandomGenerator rng, double[] out, int offset) {
    for (int i = 0; i < n; i++) {
      int p = offset + 2 * i;
      int k = uniformIndex(rng, 8);
      standardNormalPair(rng, out, p);
      out[p] = (GAUSSIANS_SCALE * GAUSSIANS_CENTRES[2 * k] + GAUSSIANS_STD * out[p]) / GAUSSIANS_DIVISOR;
      out[p + 1] = (GAUSSIANS_SCALE * GAUSSIANS_CENTRES[2 * k + 1] + GAUSSIANS_STD * out[p + 1])
          / GAUSSIANS_DIVISOR;
    }
  }

  private static void checkerboard(int n, RandomGenerator rng, double[] out, int offset) {
    for (int i = 0; i < n; i++) {
      int p = offset + 2 * i;
      double x1 = 4 * rng.nextDouble() - 2;
      double lowerHalf = rng.nextDouble() < 0.5 ? 0 : 2;
      // Columns with odd ⌊x1⌋ shift the y interval up by one square: the "on" squares alternate.
      double x2 = rng.nextDouble() - lowerHalf + Math.floorMod((int) Math.floor(x1), 2);
      out[p] = 2 * x1;
      out[p + 1] = 2 * x2;
    }
  }

  private static void twoSpirals(int n, RandomGenerator rng, double[] out, int offset) {
    int pairs = n / 2;
    for (int i = 0; i < pairs; i++) {
      spiralPoint(rng, out, offset + 4 * i, 1.0);
      // The mirror image of the same arm-1 point, as FFJORD stacks (x, y) and (-x, -y).
      out[offset + 4 * i + 2] = -out[offset + 4 * i];
      out[offset + 4 * i + 3] = -out[offset + 4 * i + 1];
    }
    for (int i = 0; i < pairs; i++) {
      int p = offset + 4 * i;
      addNoise(rng, SPIRAL_STD, out, p);
      addNoise(rng, SPIRAL_STD, out, p + 2);
    }
    if (n % 2 == 1) {
      int p = offset + 2 * (n - 1);
      spiralPoint(rng, out, p, rng.nextDouble() < 0.5 ? 1.0 : -1.0);
      addNoise(rng, SPIRAL_STD, out, p);
    }
    shuffleRows(rng, n, out, offset);
  }

  /** Writes sign·(−t cos t + a, t sin t + b)/3, a noise-free point of arm 1 (sign 1) or arm 2 (sign −1). */
  private static void spiralPoint(RandomGenerator rng, double[] out, int p, double sign) {
    double t = Math.sqrt(rng.nextDouble()) * SPIRAL_TURN;
    double x = -StrictMath.cos(t) * t + SPIRAL_OFFSET * rng.nextDouble();
    double y = StrictMath.sin(t) * t + SPIRAL_OFFSET * rng.nextDouble();
    out[p] = sign * x / SPIRAL_DIVISOR;
    out[p + 1] = sign * y / SPIRAL_DIVISOR;
  }

  private static void moons(int n, RandomGenerator rng, double[] out, int offset) {
    int outer = n / 2;
    int inner = n - outer;
    for (int i = 0; i < outer; i++) {
      double s = linspaceClosed(Math.PI, outer, i);
      out[offset + 2 * i] = StrictMath.cos(s);
      out[offset + 2 * i + 1] = StrictMath.sin(s);
    }
    for (int j = 0; j < inner; j++) {
      double s = linspaceClosed(Math.PI, inner, j);
      int p = offset + 2 * (outer + j);
      out[p] = 1 - StrictMath.cos(s);
      out[p + 1] = 1 - StrictMath.sin(s) - 0.5;
    }
    shuffleRows(rng, n, out, offset);
    for (int i = 0; i < n; i++) {
      int p = offset + 2 * i;
      addNoise(rng, MOONS_NOISE, out, p);
      out[p] = MOONS_SCALE * out[p] + MOONS_SHIFT_X;
      out[p + 1] = MOONS_SCALE * out[p + 1] + MOONS_SHIFT_Y;
    }
  }

  private static void circles(int n, RandomGenerator rng, double[] out, int offset) {
    int outer = n / 2;
    int inner = n - outer;
    circle(1.0, outer, out, offset);
    circle(CIRCLES_FACTOR, inner, out, offset + 2 * outer);
    shuffleRows(rng, n, out, offset);
    for (int i = 0; i < n; i++) {
      int p = offset + 2 * i;
      addNoise(rng, CIRCLES_NOISE, out, p);
      out[p] *= CIRCLES_SCALE;
      out[p + 1] *= CIRCLES_SCALE;
    }
  }

  private static void pinwheel(int n, RandomGenerator rng, double[] out, int offset) {
    int firstArm = uniformIndex(rng, PINWHEEL_ARMS);
    for (int i = 0; i < n; i++) {
      int p = offset + 2 * i;
      int arm = (firstArm + i) % PINWHEEL_ARMS;
      standardNormalPair(rng, out, p);
      double radial = 1 + PINWHEEL_RADIAL_STD * out[p];
      double tangential = PINWHEEL_TANGENTIAL_STD * out[p + 1];
      double angle = TWO_PI * arm / PINWHEEL_ARMS + PINWHEEL_RATE * StrictMath.exp(radial);
      double c = StrictMath.cos(angle);
      double s = StrictMath.sin(angle);
      out[p] = PINWHEEL_SCALE * (radial * c + tangential * s);
      out[p + 1] = PINWHEEL_SCALE * (-radial * s + tangential * c);
    }
    shuffleRows(rng, n, out, offset);
  }

  private static void rings(int n, RandomGenerator rng, double[] out, int offset) {
    int perOuterRing = n / 4;
    int row = 0;
    for (int r = 0; r < RINGS_RADII.length; r++) {
      int m = r < RINGS_RADII.length - 1 ? perOuterRing : n - 3 * perOuterRing;
      circle(RINGS_SCALE * RINGS_RADII[r], m, out, offset + 2 * row);
      row += m;
    }
    shuffleRows(rng, n, out, offset);
    for (int i = 0; i < n; i++) {
      addNoise(rng, RINGS_STD, out, offset + 2 * i);
    }
  }

  private static void swissRoll(int n, RandomGenerator rng, double[] out, int offset) {
    for (int i = 0; i < n; i++) {
      int p = offset + 2 * i;
      double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
      standardNormalPair(rng, out, p);
      out[p] = (t * StrictMath.cos(t) + SWISSROLL_NOISE * out[p]) / SWISSROLL_DIVISOR;
      out[p + 1] = (t * StrictMath.sin(t) + SWISSROLL_NOISE * out[p + 1]) / SWISSROLL_DIVISOR;
    }
  }

  /** m points at angles 2πk/m, k = 0..m−1, on the circle of radius {@code radius} (numpy endpoint=False). */
  private static void circle(double radius, int m, double[] out, int offset) {
    for (int k = 0; k < m; k++) {
      double angle = TWO_PI * k / m;
      out[offset + 2 * k] = radius * StrictMath.cos(angle);
      out[offset + 2 * k + 1] = radius * StrictMath.sin(angle);
    }
  }

  /** Point k of m equally spaced points on [0, stop], both ends included (numpy linspace, endpoint=True). */
  private static double linspaceClosed(double stop, int m, int k) {
    return m == 1 ? 0.0 : stop * k / (m - 1);
  }

  /** Adds σ·(z₁, z₂) to {@code out[p]}, {@code out[p + 1]}, z standard normal. */
  private static void addNoise(RandomGenerator rng, double sigma, double[] out, int p) {
    double x = out[p];
    double y = out[p + 1];
    standardNormalPair(rng, out, p);
    out[p] = x + sigma * out[p];
    out[p + 1] = y + sigma * out[p + 1];
  }

  /** Two independent standard normal variates into {@code out[p]}, {@code out[p + 1]} (Box–Muller). */
  private static void standardNormalPair(RandomGenerator rng, double[] out, int p) {
    Normals.pair(rng, out, p);
  }

  /** Uniform on {0, …, bound−1}; the bias of scaling a 53-bit uniform is below bound·2⁻⁵³. */
  private static int uniformIndex(RandomGenerator rng, int bound) {
    return Math.min((int) (rng.nextDouble() * bound), bound - 1);
  }

  /** Fisher–Yates shuffle of the n rows of an n×2 block. */
  private static void shuffleRows(RandomGenerator rng, int n, double[] out, int offset) {
    for (int i = n - 1; i > 0; i--) {
      int j = uniformIndex(rng, i + 1);
      int a = offset + 2 * i;
      int b = offset + 2 * j;
      double x = out[a];
      double y = out[a + 1];
      out[a] = out[b];
      out[a + 1] = out[b + 1];
      out[b] = x;
      out[b + 1] = y;
    }
  }

  private static double[] gaussiansCentres() {
    double d = 1.0 / Math.sqrt(2.0);
    // FFJORD's order: east, west, north, south, then the four diagonals.
    return new double[] {1, 0, -1, 0, 0, 1, 0, -1, d, d, d, -d, -d, d, -d, -d};
  }
}
