package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.spark.Main;

/** The pendulum demo (README), end to end: writes a correct CSV and a readable PNG. */
class PendulumDemoTest {

  @Test
  void writesTheTrajectoryAndItsPicture(@TempDir Path dir) throws Exception {
    int code = quietly(() -> Main.execute("pendulum", "--out", dir.toString(), "--rtol", "1e-10", "--atol",
        "1e-12"));
    assertEquals(0, code);
    List<String> lines = Files.readAllLines(dir.resolve("pendulum.csv"));
    assertEquals("t,theta,omega", lines.get(0));
    assertEquals(1002, lines.size(), "header + 1001 times");
    // Reference: scipy 1.10.1 DOP853 at rtol = atol = 1e-12 (src/test/resources/pendulum_reference.py).
    double[][] reference = {{1.0, 2.702109060779990e+00, -9.010611073145559e-01},
        {5.0, 1.166051692077763e+00, -1.643760509044862e+00}, {10.0, 2.001153087581215e-02, 1.567818262658756e+00}};
    for (double[] ref : reference) {
      String[] row = lines.get(1 + (int) Math.round(ref[0] * 100)).split(",");
      assertEquals(ref[0], Double.parseDouble(row[0]), 1e-12);
      // Both solutions are accurate to ~1e-9 at these tolerances over 10 time units.
      assertEquals(ref[1], Double.parseDouble(row[1]), 1e-8, "θ at t=" + ref[0]);
      assertEquals(ref[2], Double.parseDouble(row[2]), 1e-8, "ω at t=" + ref[0]);
    }
    BufferedImage png = ImageIO.read(dir.resolve("pendulum.png").toFile());
    assertNotNull(png, "pendulum.png must be a readable image");
    assertTrue(png.getWidth() > 400 && png.getHeight() > 300, png.getWidth() + "x" + png.getHeight());
  }

  @Test
  void invalidOptionsFailBeforeWritingAnything(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path out = dir.resolve("never");
    int code = quietly(err, () -> Main.execute("pendulum", "--out", out.toString(), "--method", "dopri6"));
    assertEquals(2, code);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("unknown ODE method 'dopri6'") && message.contains("did you mean"), message);
    assertFalse(Files.exists(out), "nothing may be written for invalid input");
    assertEquals(2, quietly(() -> Main.execute("pendulum", "--out", out.toString(), "--rtol", "-1")));
    assertFalse(Files.exists(out));
  }

  @Test
  void launcherJvmOptionsMatchTheBuildsSparkOptions() throws Exception {
    // submit/jvm-options and the POM property spark.java.opens must list the same module flags.
    Path root = Path.of(System.getProperty("odespark.root"));
    List<String> file = Files.readAllLines(root.resolve("submit/jvm-options")).stream()
        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("-Djava.awt")).toList();
    List<String> pom = List.of(System.getProperty("odespark.spark.java.opens").trim().split("\\s+"));
    assertEquals(pom, file);
  }

  private interface Call {
    int run() throws Exception;
  }

  private static int quietly(Call call) throws Exception {
    return quietly(new ByteArrayOutputStream(), call);
  }

  /** Runs the command with stdout and stderr captured (tests must not print). */
  private static int quietly(ByteArrayOutputStream err, Call call) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try (PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8);
         PrintStream capturedOut = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      return call.run();
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
