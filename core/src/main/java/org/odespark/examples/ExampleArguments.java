package org.odespark.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.classify.OdeNetSpec;
import org.odespark.classify.ResNetSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Objective;
import org.odespark.text.EditDistance;

/**
 * The examples' command line: {@code key=value} arguments over documented defaults. An unknown key is an
 * error naming the closest known one. The model keys build an {@link OdeNetSpec} or a {@link ResNetSpec}.
 */
final class ExampleArguments {

  /** Every key with its default and a one-line description, in help order. */
  private static final String[][] KEYS = {
      {"model", "odenet", "odenet | resnet"},
      {"width", "64", "width of the input projection (and of the ResNet state)"},
      {"augment", "0", "ODE-Net: zero dimensions appended to the state (ANODE)"},
      {"hidden", "64", "hidden widths of the vector field / residual block, comma-separated"},
      {"layer", "concat", "layer type: linear | concat | concatsquash"},
      {"activation", "tanh", "tanh | softplus | sigmoid | elu | swish"},
      {"gradient", "adjoint", "ODE-Net: adjoint | backprop | checkpoint"},
      {"method", "dopri5", "ODE-Net: Runge-Kutta method"},
      {"rtol", "1e-3", "ODE-Net: forward relative tolerance"},
      {"atol", "1e-3", "ODE-Net: forward absolute tolerance"},
      {"backward-rtol", "", "ODE-Net: adjoint backward rtol (default: rtol)"},
      {"backward-atol", "", "ODE-Net: adjoint backward atol (default: atol)"},
      {"steps", "0", "ODE-Net: fixed steps (0 = adaptive)"},
      {"end-time", "1", "ODE-Net: integrate over [0, end-time]"},
      {"blocks", "6", "ResNet: residual steps"},
      {"shared", "false", "ResNet: one block shared by all steps"},
      {"epochs", "10", "passes over the training rows"},
      {"batch", "128", "examples per iteration"},
      {"lr", "1e-3", "Adam base learning rate"},
      {"schedule", "cosine", "cosine (to 1% over the run, 1 epoch of warmup from 10%) | constant"},
      {"clip", "0", "clip the gradient norm (0 = off)"},
      {"seed", "0", "the run's seed"},
      {"data", "/usr/share/datasets/fashion-mnist", "directory of the four IDX files"},
      {"train-rows", "60000", "use the first N training rows"},
      {"test-rows", "10000", "use the first N test rows"},
      {"params", "", "file to write (training) or read (trade-off) θ"},
      {"tolerances", "1e-1,3e-2,1e-2,3e-3,1e-3,1e-4,1e-5,1e-6", "trade-off: forward tolerances to evaluate"},
      {"gradient-batches", "20", "trade-off: test batches to take gradients on per tolerance"},
  };

  private final Map<String, String> values = new LinkedHashMap<>();

  ExampleArguments(String[] args) {
    for (String[] k : KEYS) {
      values.put(k[0], k[1]);
    }
    List<String> known = List.copyOf(values.keySet());
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'\n" + help());
      }
      String key = arg.substring(0, eq).toLowerCase(Locale.ROOT);
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException("unknown argument '" + key + "'" + EditDistance.suggestion(key, known)
            + "\n" + help());
      }
      values.put(key, arg.substring(eq + 1));
    }
  }

  static String help() {
    StringBuilder s = new StringBuilder("arguments (key=value, default in brackets):\n");
    for (String[] k : KEYS) {
      s.append(String.format(Locale.ROOT, "  %-17s [%s] %s%n", k[0], k[1], k[2]));
    }
    return s.toString();
  }

  String get(String key) {
    return values.get(key);
  }

  int integer(String key) {
    try {
      return Integer.parseInt(values.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + values.get(key) + "'", e);
    }
  }

  double real(String key) {
    try {
      return Double.parseDouble(values.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + values.get(key) + "'", e);
    }
  }

  double[] reals(String key) {
    String[] parts = values.get(key).split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i].trim());
    }
    return out;
  }

  int[] integers(String key) {
    String v = values.get(key).trim();
    if (v.isEmpty()) {
      return new int[0];
    }
    String[] parts = v.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i].trim());
    }
    return out;
  }

  boolean isOdeNet() {
    String m = values.get("model");
    if (!m.equals("odenet") && !m.equals("resnet")) {
      throw new IllegalArgumentException("model must be odenet or resnet, got '" + m + "'");
    }
    return m.equals("odenet");
  }

  /** The forward solver at the given tolerances (fixed steps when steps &gt; 0). */
  SolverSpec solver(double rtol, double atol) {
    int steps = integer("steps");
    return steps > 0 ? SolverSpec.fixed(get("method"), steps) : SolverSpec.adaptive(get("method"), rtol, atol);
  }

  OdeNetSpec odeNet(int inputDim, int classes) {
    double rtol = real("rtol");
    double atol = real("atol");
    double backwardRtol = get("backward-rtol").isEmpty() ? rtol : real("backward-rtol");
    double backwardAtol = get("backward-atol").isEmpty() ? atol : real("backward-atol");
    return OdeNetSpec.defaults(inputDim, classes).withWidth(integer("width")).withAugment(integer("augment"))
        .withFieldHidden(integers("hidden")).withLayerType(Mlp.LayerType.named(get("layer")))
        .withActivation(Activation.named(get("activation"))).withEndTime(real("end-time"))
        .withGradient(new GradientSpec(GradientMethod.named(get("gradient")), solver(rtol, atol),
            solver(backwardRtol, backwardAtol), false));
  }

  ResNetSpec resNet(int inputDim, int classes) {
    return ResNetSpec.defaults(inputDim, classes).withWidth(integer("width")).withBlocks(integer("blocks"))
        .withBlockHidden(integers("hidden")).withLayerType(Mlp.LayerType.named(get("layer")))
        .withActivation(Activation.named(get("activation"))).withSharedWeights(Boolean.parseBoolean(get("shared")));
  }

  Objective.Spec spec(int inputDim, int classes) {
    return isOdeNet() ? odeNet(inputDim, classes) : resNet(inputDim, classes);
  }

  /** All values, for the log. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    values.forEach((k, v) -> s.append(k).append('=').append(v).append(' '));
    return s.toString().trim();
  }
}
