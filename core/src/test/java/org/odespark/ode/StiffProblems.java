package org.odespark.ode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Two stiff problems with end states from scipy's Radau (stiff_reference.py, stiff-reference.csv beside it):
 * Robertson's chemical kinetics (Hairer &amp; Wanner, Solving ODEs II, §IV.1) and Van der Pol's oscillator at
 * μ = 1000. Both provide their Jacobian-vector products when asked to.
 */
final class StiffProblems {

  private StiffProblems() {}

  /** y₁' = −0.04 y₁ + 10⁴ y₂y₃, y₂' = 0.04 y₁ − 10⁴ y₂y₃ − 3·10⁷ y₂², y₃' = 3·10⁷ y₂², y(0) = (1, 0, 0). */
  static VectorField robertson(boolean withJvp) {
    return new VectorField() {
      @Override
      public int dimension() {
        return 3;
      }

      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
        d[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1];
        d[2] = 3e7 * y[1] * y[1];
      }

      @Override
      public boolean hasJvp() {
        return withJvp;
      }

      @Override
      public void jvp(double t, double[] y, double[] v, double[] out) {
        out[0] = -0.04 * v[0] + 1e4 * (y[2] * v[1] + y[1] * v[2]);
        out[1] = 0.04 * v[0] - 1e4 * (y[2] * v[1] + y[1] * v[2]) - 6e7 * y[1] * v[1];
        out[2] = 6e7 * y[1] * v[1];
      }
    };
  }

  /** x'' = μ(1 − x²)x' − x as (x, x'), from (2, 0). */
  static VectorField vanDerPol(double mu, boolean withJvp) {
    return new VectorField() {
      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = y[1];
        d[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
      }

      @Override
      public boolean hasJvp() {
        return withJvp;
      }

      @Override
      public void jvp(double t, double[] y, double[] v, double[] out) {
        out[0] = v[1];
        out[1] = (-2 * mu * y[0] * y[1] - 1) * v[0] + mu * (1 - y[0] * y[0]) * v[1];
      }
    };
  }

  /** The Radau end state of {@code problem} at {@code tEnd} from stiff-reference.csv. */
  static double[] reference(String problem, double tEnd) {
    List<Double> values = new ArrayList<>();
    try (InputStream in = StiffProblems.class.getResourceAsStream("stiff-reference.csv");
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",");
        if (f[0].equals(problem) && Double.parseDouble(f[1]) == tEnd) {
          values.add(Double.parseDouble(f[3]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no reference for " + problem + " at " + tEnd);
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** max_i |yᵢ − refᵢ| / (atol + rtol |refᵢ|). */
  static double scaledError(double[] y, double[] ref, double rtol, double atol) {
    double worst = 0;
    for (int i = 0; i < y.length; i++) {
      worst = Math.max(worst, Math.abs(y[i] - ref[i]) / (atol + rtol * Math.abs(ref[i])));
    }
    return worst;
  }
}
