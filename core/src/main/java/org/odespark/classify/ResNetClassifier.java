package org.odespark.classify;

import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.odespark.nn.Linear;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;

/**
 * The residual-network baseline of the ODE-Net (see {@link ResNetSpec} for the model), trained by plain
 * reverse-mode backpropagation: the forward pass keeps every step's input and activations (one MLP workspace
 * per step, memory O(blocks)), the reverse pass runs z̄_l = z̄_{l+1} + z̄_{l+1} ∂g_l/∂z_l from the last step
 * to the first. θ = [input linear | g_0 | … | g_{L−1} (or one shared g) | output linear].
 *
 * <p>No ODE is solved, so no solves are added to the aggregator. Row buffers and workspaces grow to the
 * largest batch seen and are reused. Mutable, one thread; build one per thread from the spec.
 */
public final class ResNetClassifier extends AbstractClassifier {

  private final ResNetSpec spec;
  /** g_l for each step (the same object in every position when weights are shared). */
  private final Mlp[] steps;
  private final double[] times;
  private Mlp.Workspace[] workspaces = new Mlp.Workspace[0];
  private int capacity;
  private double[] residual = new double[0];
  private double[] stepBar = new double[0];

  /** Built from its spec ({@link ResNetSpec#create()}). */
  ResNetClassifier(ResNetSpec spec) {
    this(spec, Parts.of(spec));
  }

  private ResNetClassifier(ResNetSpec spec, Parts parts) {
    super(parts.input, parts.output, parts.layout);
    this.spec = spec;
    this.steps = parts.steps;
    this.times = IntStream.range(0, spec.blocks()).mapToDouble(l -> (double) l / spec.blocks()).toArray();
  }

  /** The layers in layout order; built before the classifier because the frame needs the finished layout. */
  private record Parts(Linear input, Mlp[] steps, Linear output, ParameterLayout layout) {
    static Parts of(ResNetSpec s) {
      ParameterLayout.Builder b = new ParameterLayout.Builder();
      Linear input = new Linear(s.inputDim(), s.width(), b, "input");
      Mlp[] steps = new Mlp[s.blocks()];
      for (int l = 0; l < steps.length; l++) {
        steps[l] = s.sharedWeights() && l > 0 ? steps[0]
            : new Mlp(s.width(), s.blockHidden(), s.width(), s.layerType(), s.activation(), b,
                s.sharedWeights() ? "block" : "block" + l);
      }
      Linear output = new Linear(s.width(), s.classes(), b, "output");
      return new Parts(input, steps, output, b.build());
    }
  }

  public ResNetSpec spec() {
    return spec;
  }

  @Override
  long forwardBody(double[] h0, int rows, double[] z, boolean forGradient) {
    ensureCapacity(rows);
    int n = rows * width;
    System.arraycopy(h0, 0, z, 0, n);
    for (int l = 0; l < steps.length; l++) {
      // The step's workspace keeps its input z_l, which the reverse pass differentiates at.
      steps[l].forward(times[l], params, z, rows, residual, workspaces[l]);
      for (int i = 0; i < n; i++) {
        z[i] += residual[i];
      }
    }
    return 0;
  }

  @Override
  long backwardBody(double[] zBar, int rows, double[] h0Bar, double[] thetaBar) {
    int n = rows * width;
    System.arraycopy(zBar, 0, h0Bar, 0, n);
    for (int l = steps.length - 1; l >= 0; l--) {
      steps[l].backward(params, h0Bar, null, stepBar, thetaBar, workspaces[l]);
      for (int i = 0; i < n; i++) {
        h0Bar[i] += stepBar[i];
      }
    }
    return 0;
  }

  @Override
  boolean solvesOde() {
    return false;
  }

  @Override
  void initializeBody(double[] theta, RandomGenerator rng) {
    for (int l = 0; l < steps.length; l++) {
      if (l == 0 || steps[l] != steps[l - 1]) {
        steps[l].initialize(theta, rng);
      }
    }
  }

  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    workspaces = new Mlp.Workspace[steps.length];
    for (int l = 0; l < steps.length; l++) {
      workspaces[l] = steps[l].newWorkspace(rows, 0);
    }
    residual = new double[rows * width];
    stepBar = new double[rows * width];
    capacity = rows;
  }
}
