package org.odespark.nn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inputs for the tanh tests and digests of the bits of tanh and of a network's forward and reverse passes, also
 * runnable as a program so that tests can compare JIT states and the Vector API's absence in fresh JVMs
 * ({@link #main} prints the digest on a line of its own).
 */
public final class TanhInputs {

  private TanhInputs() {}

  /**
   * Edge cases (zeros, subnormals, infinities, NaN, the cap, the points where the reduction's k changes,
   * where tanh rounds to 1) followed by random inputs: log-uniform magnitudes over [1e-300, 1e2], uniform over
   * [−25, 25], both signs.
   */
  static double[] edgeCasesAndRandom(int randomCount, long seed) {
    List<Double> edges = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-8, 0.5, 1.0, 19.0, 19.1, 22.0, 22.5,
        Math.nextDown(22.0), Math.nextUp(22.0), 44.0));
    for (int k = 0; k <= 64; k++) {
      // 2|x| = (k + ½) ln 2: the rounding of y/ln 2 switches from k to k + 1 here.
      double x = (k + 0.5) * Math.log(2) / 2;
      for (double v : new double[] {x, Math.nextDown(x), Math.nextUp(x)}) {
        edges.add(v);
        edges.add(-v);
      }
    }
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[edges.size() + randomCount];
    for (int i = 0; i < edges.size(); i++) {
      x[i] = edges.get(i);
    }
    for (int i = edges.size(); i < x.length; i++) {
      double m = i % 2 == 0 ? Math.pow(10, -300 + 302 * r.nextDouble()) : 25 * r.nextDouble();
      x[i] = r.nextBoolean() ? m : -m;
    }
    return x;
  }

  /**
   * Combined hash of the bits of tanh, σ' and σ'' over the inputs as rows of 61 columns plus a bias,
   * through {@link Activation#applyRows} (the network's path: the Vector API kernel when present), repeated.
   */
  static long digest(int randomCount, int rounds) {
    double[] x = edgeCasesAndRandom(randomCount, 7);
    int width = 61;
    int rows = x.length / width;
    double[] bias = new double[width];
    for (int j = 0; j < width; j++) {
      bias[j] = j % 2 == 0 ? -0.0 : 0.01 * j;
    }
    double[][] y = {new double[x.length], new double[x.length], new double[x.length]};
    long h = 0;
    for (int round = 0; round < rounds; round++) {
      Activation.TANH.applyRows(x.clone(), bias, width, rows, y[0], y[1], y[2]);
      h = 0;
      for (double[] values : y) {
        for (int i = 0; i < rows * width; i++) {
          // NaN payloads are unspecified: all NaNs hash alike.
          h = 31 * h + (Double.isNaN(values[i]) ? 1 : Double.doubleToRawLongBits(values[i]));
        }
      }
    }
    return h;
  }

  private static final String DIGEST = "tanh digest ";

  /** What a child JVM printed, and its digest. */
  record ChildRun(long digest, String output) {}

  /** {@link #digest} computed by a fresh JVM started with {@code jvmOptions}. */
  static ChildRun digestInFreshJvm(String[] jvmOptions, int randomCount, int rounds) throws IOException,
      InterruptedException {
    return runInFreshJvm(jvmOptions, Integer.toString(randomCount), Integer.toString(rounds));
  }

  /** The digest {@link #main} prints for {@code arguments} in a fresh JVM started with {@code jvmOptions}. */
  static ChildRun runInFreshJvm(String[] jvmOptions, String... arguments) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TanhInputs.class.getName()));
    cmd.addAll(List.of(arguments));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("child JVM " + cmd + " failed: " + out);
    }
    for (String line : out.split("\n")) {
      // The compilation log may share the line.
      int at = line.indexOf(DIGEST);
      if (at >= 0) {
        return new ChildRun(Long.parseLong(line.substring(at + DIGEST.length()).trim()), out);
      }
    }
    throw new IllegalStateException("child JVM " + cmd + " printed no digest: " + out);
  }

  /**
   * Hash of the bits of a forward pass with two tangents and its reverse pass through FFJORD's toy network
   * (ConcatSquash 2-64-64-64-2, tanh; narrow first and last layers), repeated: everything the Vector API
   * kernels, the narrow products and the JIT touch in a CNF evaluation.
   */
  static long mlpDigest(int rows, int rounds) {
    ParameterLayout.Builder layout = new ParameterLayout.Builder();
    Mlp mlp = new Mlp(2, new int[] {64, 64, 64}, 2, Mlp.LayerType.CONCAT_SQUASH, Activation.TANH, layout, "f");
    double[] theta = new double[layout.size()];
    mlp.initialize(theta, new SplittableRandom(3));
    SplittableRandom r = new SplittableRandom(4);
    double[] x = Check.random(r, rows * 2, 2.0);
    double[] xDot = Check.random(r, 2 * rows * 2, 1.0);
    double[] yBar = Check.random(r, rows * 2, 1.0);
    double[] yDotBar = Check.random(r, 2 * rows * 2, 1.0);
    double[] y = new double[rows * 2];
    double[] yDot = new double[2 * rows * 2];
    double[] xBar = new double[rows * 2];
    double[] thetaBar = new double[theta.length];
    Mlp.Workspace ws = mlp.newWorkspace(rows, 2);
    long h = 0;
    for (int round = 0; round < rounds; round++) {
      java.util.Arrays.fill(thetaBar, 0.0);
      mlp.forward(0.3, theta, x, rows, xDot, 2, y, yDot, ws);
      double tBar = mlp.backward(theta, yBar, yDotBar, xBar, thetaBar, ws);
      h = Double.doubleToRawLongBits(tBar);
      for (double[] values : new double[][] {y, yDot, xBar, thetaBar}) {
        for (double v : values) {
          h = 31 * h + Double.doubleToRawLongBits(v);
        }
      }
    }
    return h;
  }

  /** {@code TanhInputs <count> <rounds>}: the tanh digest; {@code TanhInputs mlp <rows> <rounds>}: the network's. */
  public static void main(String[] args) {
    long d = args[0].equals("mlp") ? mlpDigest(Integer.parseInt(args[1]), Integer.parseInt(args[2]))
        : digest(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    System.out.println(DIGEST + d);
  }
}
