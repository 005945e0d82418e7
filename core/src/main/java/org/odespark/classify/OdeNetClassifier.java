package org.odespark.classify;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSolver;
import org.odespark.adjoint.GradientWorkspace;
import org.odespark.adjoint.NeuralVectorField;
import org.odespark.nn.Linear;
import org.odespark.nn.Mlp;
import org.odespark.nn.ParameterLayout;
import org.odespark.ode.OdeSolver;
import org.odespark.ode.SolveStats;
import org.odespark.ode.SolverWorkspace;
import org.odespark.ode.TimeGrid;

/**
 * The ODE-Net classifier (Chen, Rubanova, Bettencourt, Duvenaud, "Neural Ordinary Differential Equations",
 * NeurIPS 2018, §7.1), optionally augmented (Dupont et al., NeurIPS 2019): see {@link OdeNetSpec} for the
 * model. θ = [input linear | vector field MLP | output linear] in one {@link ParameterLayout}.
 *
 * <p>Gradient of Σ wᵢ CEᵢ: the read-out's vector-Jacobian product gives a(T) = ∂L/∂z(T); the ODE block's
 * {@link GradientSolver} (adjoint, backprop or checkpointed, {@link OdeNetSpec#gradient()}) carries it back to a(0) and
 * adds ∂L/∂θ_f; the first {@code width} columns of a(0) are ∂L/∂h₀ (the augmented zeros are constants) and
 * go through the input linear's vector-Jacobian product.
 *
 * <p>The batch is one ODE state of rows × (width + augment) (a {@link NeuralVectorField} per row count, so
 * step sizes are shared by the batch, as in torchdiffeq). Vector fields, solver workspaces and state arrays
 * are created once per distinct row count and cached, so a training loop with a fixed batch size (and an
 * evaluation with a fixed chunk size plus one remainder) allocates no row-sized arrays after its first
 * iterations. Mutable, one thread; build one per thread from the spec.
 */
public final class OdeNetClassifier extends AbstractClassifier {

  private final OdeNetSpec spec;
  private final Mlp field;
  private final TimeGrid grid;
  private final OdeSolver forwardSolver;
  private final GradientSolver gradientSolver;
  private RowBlock[] blocks = new RowBlock[0];
  /** The block of the last forward pass, which its backward pass reuses. */
  private RowBlock last;

  /** Built from its spec ({@link OdeNetSpec#create()}). */
  OdeNetClassifier(OdeNetSpec spec) {
    this(spec, Parts.of(spec));
  }

  private OdeNetClassifier(OdeNetSpec spec, Parts parts) {
    super(parts.input, parts.output, parts.layout);
    this.spec = spec;
    this.field = parts.field;
    this.grid = TimeGrid.of(0.0, spec.endTime());
    this.forwardSolver = spec.gradient().forwardSolver();
    this.gradientSolver = spec.gradient().create();
  }

  /** The layers in layout order; built before the classifier because the frame needs the finished layout. */
  private record Parts(Linear input, Mlp field, Linear output, ParameterLayout layout) {
    static Parts of(OdeNetSpec s) {
      ParameterLayout.Builder b = new ParameterLayout.Builder();
      Linear input = new Linear(s.inputDim(), s.width(), b, "input");
      Mlp field = new Mlp(s.stateDim(), s.fieldHidden(), s.stateDim(), s.layerType(), s.activation(), b, "field");
      Linear output = new Linear(s.stateDim(), s.classes(), b, "output");
      return new Parts(input, field, output, b.build());
    }
  }

  public OdeNetSpec spec() {
    return spec;
  }

  /** The vector field's MLP (its parameters are the layout's {@code field.*} blocks). */
  public Mlp field() {
    return field;
  }

  /**
   * Doubles the backprop tape of the last gradient computation holds for {@code rows}-row batches (0 with
   * the adjoint, or before any such batch): the O(steps) memory of {@link GradientMethod#BACKPROP}.
   */
  public long recordedDoubles(int rows) {
    for (RowBlock b : blocks) {
      if (b.rows == rows) {
        return b.forwardWorkspace.recordedDoubles();
      }
    }
    return 0;
  }

  @Override
  long forwardBody(double[] h0, int rows, double[] z, boolean forGradient) {
    RowBlock b = block(rows);
    int d = stateDim;
    int n = rows * d;
    for (int r = 0; r < rows; r++) {
      // z(0) = [h₀, 0]: the augmented tail stays zero from the block's creation.
      System.arraycopy(h0, r * width, b.y0, r * d, width);
    }
    SolveStats stats = forGradient
        ? gradientSolver.forward(b.field, grid, b.y0, b.states, b.forwardWorkspace)
        : forwardSolver.solve(b.field, grid, b.y0, b.states, b.solverWorkspace, null);
    System.arraycopy(b.states, n, z, 0, n);
    last = forGradient ? b : null;
    return stats.functionEvaluations();
  }

  @Override
  long backwardBody(double[] zBar, int rows, double[] h0Bar, double[] thetaBar) {
    RowBlock b = last;
    if (b == null || b.rows != rows) {
      throw new IllegalStateException("backward pass without a matching forward pass for " + rows + " rows");
    }
    int d = stateDim;
    int n = rows * d;
    // ∂L/∂z(0) has no direct term; ∂L/∂z(T) is the read-out's cotangent.
    System.arraycopy(zBar, 0, b.dLdY, n, n);
    SolveStats stats = gradientSolver.backward(b.field, grid, b.states, b.dLdY, b.y0Bar, thetaBar, null,
        b.backwardWorkspace);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(b.y0Bar, r * d, h0Bar, r * width, width);
    }
    last = null;
    return stats.functionEvaluations();
  }

  @Override
  boolean solvesOde() {
    return true;
  }

  @Override
  void initializeBody(double[] theta, RandomGenerator rng) {
    field.initialize(theta, rng);
  }

  private RowBlock block(int rows) {
    for (RowBlock b : blocks) {
      if (b.rows == rows) {
        return b;
      }
    }
    RowBlock b = new RowBlock(rows);
    blocks = Arrays.copyOf(blocks, blocks.length + 1);
    blocks[blocks.length - 1] = b;
    return b;
  }

  /**
   * Everything a solve over a batch of {@code rows} rows needs; the field reads the classifier's θ copy.
   *
   * <p>The adjoint's forward solve has dimension rows·d and its backward solve 2·rows·d + |θ_f| + 1, and a
   * {@link GradientWorkspace} keeps one solver workspace, which would be resized (reallocated) twice per
   * iteration. So the adjoint's forward pass gets a workspace of its own: its backward pass reads only the
   * forward states, which are passed explicitly. Backprop's backward pass needs the tape its forward pass
   * recorded, so there both are the same workspace (and its backward pass runs no solver).
   */
  private final class RowBlock {
    final int rows;
    final NeuralVectorField field;
    final GradientWorkspace backwardWorkspace = new GradientWorkspace();
    final GradientWorkspace forwardWorkspace = spec.gradient().method() == GradientMethod.ADJOINT
        ? new GradientWorkspace() : backwardWorkspace;
    final SolverWorkspace solverWorkspace = new SolverWorkspace();
    final double[] y0;
    final double[] states;
    final double[] dLdY;
    final double[] y0Bar;

    RowBlock(int rows) {
      int n = rows * stateDim;
      this.rows = rows;
      this.field = new NeuralVectorField(OdeNetClassifier.this.field, params, rows);
      this.y0 = new double[n];
      this.states = new double[2 * n];
      this.dLdY = new double[2 * n];
      this.y0Bar = new double[n];
    }
  }
}
