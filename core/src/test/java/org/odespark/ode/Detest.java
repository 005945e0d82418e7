package org.odespark.ode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 25 non-stiff DETEST problems A1–E5 of T. E. Hull, W. H. Enright, B. M. Fellen, A. E. Sedgwick,
 * "Comparing numerical methods for ordinary differential equations", SIAM J. Numer. Anal. 9(4), 1972,
 * written from the equations, all on [0, 20]. Class A: single equations; B: small systems; C: moderate
 * systems (C5 is the five outer planets around the sun); D: the two-body orbit with eccentricity 0.1 … 0.9;
 * E: second-order equations. Their end states are in {@code detest-reference.csv}, computed independently
 * by {@code detest_reference.py} (scipy's DOP853) beside it.
 */
final class Detest {

  static final double T_END = 20;

  private Detest() {}

  /** One problem: its name, initial state at t = 0 and right-hand side. */
  abstract static class Problem implements VectorField {
    final String name;
    private final double[] y0;

    Problem(String name, double... y0) {
      this.name = name;
      this.y0 = y0;
    }

    double[] initial() {
      return y0.clone();
    }

    @Override
    public int dimension() {
      return y0.length;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The reference end state of every problem (scipy DOP853 at 1e-13), read from detest-reference.csv. */
  static Map<String, double[]> references() {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    try (InputStream in = Detest.class.getResourceAsStream("detest-reference.csv");
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.startsWith("problem,")) {
          continue;
        }
        String[] f = line.split(",");
        values.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
    return out;
  }

  /** The mixed error max_i |yᵢ − refᵢ| / (1 + |refᵢ|): absolute for small components, relative for large. */
  static double error(double[] y, double[] reference) {
    double worst = 0;
    for (int i = 0; i < y.length; i++) {
      worst = Math.max(worst, Math.abs(y[i] - reference[i]) / (1 + Math.abs(reference[i])));
    }
    return worst;
  }

  static List<Problem> all() {
    return List.of(a1(), a2(), a3(), a4(), a5(), b1(), b2(), b3(), b4(), b5(), c1(), c2(), c3(), c4(), c5(),
        orbit("D1", 0.1), orbit("D2", 0.3), orbit("D3", 0.5), orbit("D4", 0.7), orbit("D5", 0.9),
        e1(), e2(), e3(), e4(), e5());
  }

  /** y' = −y, y(0) = 1. */
  static Problem a1() {
    return new Problem("A1", 1) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = -y[0];
      }
    };
  }

  /** y' = −y³/2, y(0) = 1 (y = 1/√(t+1)). */
  static Problem a2() {
    return new Problem("A2", 1) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = -0.5 * y[0] * y[0] * y[0];
      }
    };
  }

  /** y' = y cos t, y(0) = 1 (y = e^{sin t}). */
  static Problem a3() {
    return new Problem("A3", 1) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = y[0] * Math.cos(t);
      }
    };
  }

  /** y' = (y/4)(1 − y/20), y(0) = 1 (logistic). */
  static Problem a4() {
    return new Problem("A4", 1) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = 0.25 * y[0] * (1 - y[0] / 20);
      }
    };
  }

  /** y' = (y − t)/(y + t), y(0) = 4. */
  static Problem a5() {
    return new Problem("A5", 4) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = (y[0] - t) / (y[0] + t);
      }
    };
  }

  /** Growth of two conflicting populations: y₁' = 2(y₁ − y₁y₂), y₂' = −(y₂ − y₁y₂), y(0) = (1, 3). */
  static Problem b1() {
    return new Problem("B1", 1, 3) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = 2 * (y[0] - y[0] * y[1]);
        d[1] = -(y[1] - y[0] * y[1]);
      }
    };
  }

  /** A linear chemical reaction: y₁' = −y₁ + y₂, y₂' = y₁ − 2y₂ + y₃, y₃' = y₂ − y₃, y(0) = (2, 0, 1). */
  static Problem b2() {
    return new Problem("B2", 2, 0, 1) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = -y[0] + y[1];
        d[1] = y[0] - 2 * y[1] + y[2];
        d[2] = y[1] - y[2];
      }
    };
  }

  /** A nonlinear chemical reaction: y₁' = −y₁, y₂' = y₁ − y₂², y₃' = y₂², y(0) = (1, 0, 0). */
  static Problem b3() {
    return new Problem("B3", 1, 0, 0) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = -y[0];
        d[1] = y[0] - y[1] * y[1];
        d[2] = y[1] * y[1];
      }
    };
  }

  /**
   * y₁' = −y₂ − y₁y₃/r, y₂' = y₁ − y₂y₃/r, y₃' = y₁/r with r = √(y₁² + y₂²), y(0) = (3, 0, 0).
   */
  static Problem b4() {
    return new Problem("B4", 3, 0, 0) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        double r = Math.sqrt(y[0] * y[0] + y[1] * y[1]);
        d[0] = -y[1] - y[0] * y[2] / r;
        d[1] = y[0] - y[1] * y[2] / r;
        d[2] = y[0] / r;
      }
    };
  }

  /** Euler's equations of a rigid body without external forces: y' = (y₂y₃, −y₁y₃, −0.51 y₁y₂), y(0) = (0, 1, 1). */
  static Problem b5() {
    return new Problem("B5", 0, 1, 1) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = y[1] * y[2];
        d[1] = -y[0] * y[2];
        d[2] = -0.51 * y[0] * y[1];
      }
    };
  }

  private static double[] unit(int n) {
    double[] y = new double[n];
    y[0] = 1;
    return y;
  }

  /** Radioactive decay chain: y₁' = −y₁, yᵢ' = yᵢ₋₁ − yᵢ (i = 2 … 9), y₁₀' = y₉, y(0) = e₁. */
  static Problem c1() {
    return new Problem("C1", unit(10)) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = -y[0];
        for (int i = 1; i < 9; i++) {
          d[i] = y[i - 1] - y[i];
        }
        d[9] = y[8];
      }
    };
  }

  /** y₁' = −y₁, yᵢ' = (i−1) yᵢ₋₁ − i yᵢ (i = 2 … 9), y₁₀' = 9 y₉, y(0) = e₁. */
  static Problem c2() {
    return new Problem("C2", unit(10)) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = -y[0];
        for (int i = 1; i < 9; i++) {
          d[i] = i * y[i - 1] - (i + 1) * y[i];
        }
        d[9] = 9 * y[8];
      }
    };
  }

  /** The tridiagonal system y' = T y, T = tridiag(1, −2, 1) of dimension n, y(0) = e₁ (C3: n = 10, C4: 51). */
  static Problem tridiagonal(String name, int n) {
    return new Problem(name, unit(n)) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        for (int i = 0; i < n; i++) {
          double v = -2 * y[i];
          if (i > 0) {
            v += y[i - 1];
          }
          if (i < n - 1) {
            v += y[i + 1];
          }
          d[i] = v;
        }
      }
    };
  }

  static Problem c3() {
    return tridiagonal("C3", 10);
  }

  static Problem c4() {
    return tridiagonal("C4", 51);
  }

  /**
   * The five outer planets (Jupiter … Pluto) around the sun, heliocentric: for body j with position
   * yⱼ ∈ ℝ³, rⱼ = |yⱼ|, dⱼₖ = |yⱼ − yₖ|,
   * <pre>
   *   yⱼ'' = k₂ ( −(m₀ + mⱼ) yⱼ / rⱼ³ + Σ_{k≠j} mₖ ( (yₖ − yⱼ)/dⱼₖ³ − yₖ/rₖ³ ) ),
   * </pre>
   * k₂ = 2.95912208286, m₀ = 1.00000597682 (the sun with the inner planets). State: the 15 positions (body
   * by body), then the 15 velocities.
   */
  static Problem c5() {
    double k2 = 2.95912208286;
    double m0 = 1.00000597682;
    double[] m = {0.000954786104043, 0.000285583733151, 0.0000437273164546, 0.0000517759138449,
        0.00000277777777778};
    double[] y0 = {
        3.42947415189, 3.35386959711, 1.35494901715,
        6.64145542550, 5.97156957878, 2.18231499728,
        11.2630437207, 14.6952576794, 6.27960525067,
        -30.1552268759, 1.65699966404, 1.43785752721,
        -21.1238353380, 28.4465098142, 15.3882659679,
        -0.557160570446, 0.505696783289, 0.230578543901,
        -0.415570776342, 0.365682722812, 0.169143213293,
        -0.325325669158, 0.189706021964, 0.0877265322780,
        -0.0240476254170, -0.287659532608, -0.117219543175,
        -0.176860753121, -0.216393453025, -0.0148647893090};
    return new Problem("C5", y0) {
      private final double[] inverseR3 = new double[5];
      private final double[] inverseD3 = new double[25];

      @Override
      public void evaluate(double t, double[] y, double[] d) {
        for (int j = 0; j < 5; j++) {
          double r2 = y[3 * j] * y[3 * j] + y[3 * j + 1] * y[3 * j + 1] + y[3 * j + 2] * y[3 * j + 2];
          inverseR3[j] = 1 / (r2 * Math.sqrt(r2));
          for (int k = 0; k < j; k++) {
            double dx = y[3 * j] - y[3 * k];
            double dy = y[3 * j + 1] - y[3 * k + 1];
            double dz = y[3 * j + 2] - y[3 * k + 2];
            double d2 = dx * dx + dy * dy + dz * dz;
            inverseD3[5 * j + k] = 1 / (d2 * Math.sqrt(d2));
            inverseD3[5 * k + j] = inverseD3[5 * j + k];
          }
        }
        for (int j = 0; j < 5; j++) {
          for (int i = 0; i < 3; i++) {
            double sum = 0;
            for (int k = 0; k < 5; k++) {
              if (k != j) {
                sum += m[k] * ((y[3 * k + i] - y[3 * j + i]) * inverseD3[5 * j + k] - y[3 * k + i] * inverseR3[k]);
              }
            }
            d[3 * j + i] = y[15 + 3 * j + i];
            d[15 + 3 * j + i] = k2 * (-(m0 + m[j]) * y[3 * j + i] * inverseR3[j] + sum);
          }
        }
      }
    };
  }

  /**
   * The two-body orbit y₁'' = −y₁/r³, y₂'' = −y₂/r³, r = √(y₁² + y₂²), from pericentre with eccentricity ε:
   * y(0) = (1 − ε, 0), y'(0) = (0, √((1 + ε)/(1 − ε))). State (y₁, y₂, y₁', y₂').
   */
  static Problem orbit(String name, double eps) {
    return new Problem(name, 1 - eps, 0, 0, Math.sqrt((1 + eps) / (1 - eps))) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        double r2 = y[0] * y[0] + y[1] * y[1];
        double r3 = r2 * Math.sqrt(r2);
        d[0] = y[2];
        d[1] = y[3];
        d[2] = -y[0] / r3;
        d[3] = -y[1] / r3;
      }
    };
  }

  /**
   * Bessel's equation of order ½ shifted by one: y'' + y'/(t+1) + (1 − 1/(4(t+1)²)) y = 0 with
   * y = J_{1/2}(t+1) = √(2/(π(t+1))) sin(t+1).
   */
  static Problem e1() {
    return new Problem("E1", 0.6713967071418030, 0.09540051444747446) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        double s = t + 1;
        d[0] = y[1];
        d[1] = -(y[1] / s + (1 - 0.25 / (s * s)) * y[0]);
      }
    };
  }

  /** Van der Pol's equation y'' = (1 − y²) y' − y, y(0) = 2, y'(0) = 0. */
  static Problem e2() {
    return new Problem("E2", 2, 0) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = y[1];
        d[1] = (1 - y[0] * y[0]) * y[1] - y[0];
      }
    };
  }

  /** Duffing's equation y'' = y³/6 − y + 2 sin(2.78535 t), y(0) = y'(0) = 0. */
  static Problem e3() {
    return new Problem("E3", 0, 0) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = y[1];
        d[1] = y[0] * y[0] * y[0] / 6 - y[0] + 2 * Math.sin(2.78535 * t);
      }
    };
  }

  /** y'' = 0.032 − 0.4 (y')², y(0) = 30, y'(0) = 0. */
  static Problem e4() {
    return new Problem("E4", 30, 0) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = y[1];
        d[1] = 0.032 - 0.4 * y[1] * y[1];
      }
    };
  }

  /** y'' = √(1 + (y')²) / (25 − t), y(0) = y'(0) = 0. */
  static Problem e5() {
    return new Problem("E5", 0, 0) {
      @Override
      public void evaluate(double t, double[] y, double[] d) {
        d[0] = y[1];
        d[1] = Math.sqrt(1 + y[1] * y[1]) / (25 - t);
      }
    };
  }
}
