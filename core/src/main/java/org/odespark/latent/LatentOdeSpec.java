package org.odespark.latent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.check.Checks;
import org.odespark.nn.Activation;
import org.odespark.objective.Objective;

/**
 * The serializable description of a model of irregularly sampled time series in {@link SeriesLayout} rows,
 * one of three trained by the same loop so that every comparison is side by side:
 * <ul>
 *   <li>{@link Kind#LATENT_ODE}: the latent ODE VAE (Chen et al., NeurIPS 2018, §5; Rubanova, Chen,
 *       Duvenaud, NeurIPS 2019, §3): q(z₀ | x) from an {@link Encoder} run backwards in time, z(tᵢ) =
 *       ODESolve(z₀, f_θ, t₀, tᵢ) with f an MLP of {@code latentDim} inputs and outputs and hidden widths
 *       {@code fieldHidden}, x(tᵢ) ~ N(decoder(z(tᵢ)), σ²) with the decoder an MLP {@code latentDim →
 *       decoderHidden → dim}; loss −ELBO = −Σ masked log-likelihood + klWeight · KL(q ‖ N(0, I));</li>
 *   <li>{@link Kind#RNN}: Chen et al.'s baseline, a GRU of {@code hidden} units whose input at each
 *       observation is [x ⊙ m, m, Δt to the next time] and whose read-out (an MLP {@code hidden →
 *       decoderHidden → dim}) predicts the next observation; loss the Gaussian negative log-likelihood of
 *       every observation given the ones before it;</li>
 *   <li>{@link Kind#ODE_RNN}: Rubanova et al.'s ODE-RNN without the VAE, run forward: the hidden state
 *       evolves by an ODE (MLP {@code hidden → fieldHidden → hidden}) between times and is updated by a GRU
 *       on [x ⊙ m, m] at each observation; the read-out of the state just before an observation predicts
 *       it; same loss as the RNN.</li>
 * </ul>
 * Defaults ({@link #builder}): the latent ODE with the RNN encoder, latent dimension 4, GRU of 25 units,
 * fieldHidden [20, 20], decoderHidden [20], ELU, t₀ = 0, fixed σ = 0.1, KL weight 1, adjoint gradients,
 * dopri5 at rtol = atol = 1e-5 (the sizes of Chen et al. §5.1). Immutable.
 *
 * @param series the row layout (maximum observations per series, features)
 * @param kind which model
 * @param encoder the latent ODE's recognition network (ignored by the baselines)
 * @param latentDim latent dimension, ≥ 1 (latent ODE only)
 * @param hidden GRU units of the encoder or baseline, ≥ 1
 * @param fieldHidden hidden widths of the ODE vector fields (latent dynamics; ODE-RNN hidden dynamics)
 * @param decoderHidden hidden widths of the decoder / read-out MLP
 * @param activation activation of every MLP
 * @param startTime t₀: where z₀ lives and the baselines start; every time must be ≥ t₀
 * @param noiseStd the observation noise σ &gt; 0 (the initial value when learned)
 * @param learnNoise whether σ (one per feature, as log σ in θ) is trained
 * @param klWeight weight of the KL term, ≥ 0 (1 is the ELBO)
 * @param gradient how the ODE solves are differentiated
 * @param solver the ODE solver of every solve
 */
public record LatentOdeSpec(SeriesLayout series, Kind kind, Encoder encoder, int latentDim, int hidden,
                            int[] fieldHidden, int[] decoderHidden, Activation activation, double startTime,
                            double noiseStd, boolean learnNoise, double klWeight, GradientMethod gradient,
                            SolverSpec solver) implements Objective.Spec {

  private static final long serialVersionUID = 1L;

  /** The model family. */
  public enum Kind {
    LATENT_ODE("latent-ode"), RNN("rnn"), ODE_RNN("ode-rnn");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The kind called {@code name} (case-insensitive). */
    public static Kind named(String name) {
      return byLabel(values(), name, "model kind");
    }
  }

  /** The latent ODE's recognition network, both run from the last observation back to t₀. */
  public enum Encoder {
    /** A GRU over [x ⊙ m, m, Δt] (Chen et al. 2018). */
    RNN("rnn"),
    /** The ODE-RNN: GRU updates at observations, an ODE in between (Rubanova et al. 2019). */
    ODE_RNN("ode-rnn");

    private final String label;

    Encoder(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Encoder named(String name) {
      return byLabel(values(), name, "encoder");
    }
  }

  public LatentOdeSpec {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(encoder, "encoder");
    Checks.atLeast("latentDim", latentDim, 1);
    Checks.atLeast("hidden", hidden, 1);
    fieldHidden = Checks.widths("fieldHidden", fieldHidden);
    decoderHidden = Checks.widths("decoderHidden", decoderHidden);
    Objects.requireNonNull(activation, "activation");
    if (!Double.isFinite(startTime)) {
      throw new IllegalArgumentException("startTime must be finite, got " + startTime);
    }
    Checks.positiveFinite("noiseStd", noiseStd);
    Checks.nonNegativeFinite("klWeight", klWeight);
    Objects.requireNonNull(gradient, "gradient");
    Objects.requireNonNull(solver, "solver");
  }

  /** A builder with the documented defaults for series of at most {@code maxLength} observations of {@code dim}. */
  public static Builder builder(int maxLength, int dim) {
    return new Builder(new SeriesLayout(maxLength, dim));
  }

  /** A builder starting from this spec. */
  public Builder toBuilder() {
    Builder b = new Builder(series);
    b.kind = kind;
    b.encoder = encoder;
    b.latentDim = latentDim;
    b.hidden = hidden;
    b.fieldHidden = fieldHidden;
    b.decoderHidden = decoderHidden;
    b.activation = activation;
    b.startTime = startTime;
    b.noiseStd = noiseStd;
    b.learnNoise = learnNoise;
    b.klWeight = klWeight;
    b.gradient = gradient;
    b.solver = solver;
    return b;
  }

  /**
   * The gradient method with the solver, both ways: the one path by which every model gets its solvers
   * ({@link GradientSpec#create}).
   */
  public GradientSpec gradientSpec() {
    return GradientSpec.of(gradient, solver);
  }

  @Override
  public SeriesObjective create() {
    return switch (kind) {
      case LATENT_ODE -> new LatentOde(this);
      case RNN -> new RnnForecaster(this);
      case ODE_RNN -> new OdeRnnForecaster(this);
    };
  }

  @Override
  public int[] fieldHidden() {
    return fieldHidden.clone();
  }

  @Override
  public int[] decoderHidden() {
    return decoderHidden.clone();
  }

  /** Builder of a {@link LatentOdeSpec}; every setter returns this. */
  public static final class Builder {
    private final SeriesLayout series;
    private Kind kind = Kind.LATENT_ODE;
    private Encoder encoder = Encoder.RNN;
    private int latentDim = 4;
    private int hidden = 25;
    private int[] fieldHidden = {20, 20};
    private int[] decoderHidden = {20};
    private Activation activation = Activation.ELU;
    private double startTime = 0;
    private double noiseStd = 0.1;
    private boolean learnNoise;
    private double klWeight = 1;
    private GradientMethod gradient = GradientMethod.ADJOINT;
    private SolverSpec solver = SolverSpec.adaptive("dopri5", 1e-5, 1e-5);

    private Builder(SeriesLayout series) {
      this.series = series;
    }

    public Builder kind(Kind k) {
      this.kind = k;
      return this;
    }

    public Builder encoder(Encoder e) {
      this.encoder = e;
      return this;
    }

    public Builder latentDim(int d) {
      this.latentDim = d;
      return this;
    }

    public Builder hidden(int h) {
      this.hidden = h;
      return this;
    }

    public Builder fieldHidden(int... widths) {
      this.fieldHidden = widths.clone();
      return this;
    }

    public Builder decoderHidden(int... widths) {
      this.decoderHidden = widths.clone();
      return this;
    }

    public Builder activation(Activation a) {
      this.activation = a;
      return this;
    }

    public Builder startTime(double t) {
      this.startTime = t;
      return this;
    }

    public Builder noiseStd(double s) {
      this.noiseStd = s;
      return this;
    }

    public Builder learnNoise(boolean learn) {
      this.learnNoise = learn;
      return this;
    }

    public Builder klWeight(double w) {
      this.klWeight = w;
      return this;
    }

    public Builder gradient(GradientMethod g) {
      this.gradient = g;
      return this;
    }

    public Builder solver(SolverSpec s) {
      this.solver = s;
      return this;
    }

    public LatentOdeSpec build() {
      return new LatentOdeSpec(series, kind, encoder, latentDim, hidden, fieldHidden, decoderHidden, activation,
          startTime, noiseStd, learnNoise, klWeight, gradient, solver);
    }
  }

  private static <E extends Enum<E>> E byLabel(E[] values, String name, String what) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    StringBuilder valid = new StringBuilder();
    for (E e : values) {
      String label = e instanceof Kind k ? k.label() : ((Encoder) e).label();
      if (label.equals(key)) {
        return e;
      }
      valid.append(valid.length() == 0 ? "" : ", ").append(label);
    }
    throw new IllegalArgumentException("unknown " + what + " '" + name + "'; valid: " + valid);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatentOdeSpec s && series.equals(s.series) && kind == s.kind && encoder == s.encoder
        && latentDim == s.latentDim && hidden == s.hidden && Arrays.equals(fieldHidden, s.fieldHidden)
        && Arrays.equals(decoderHidden, s.decoderHidden) && activation == s.activation
        && Double.compare(startTime, s.startTime) == 0 && Double.compare(noiseStd, s.noiseStd) == 0
        && learnNoise == s.learnNoise && Double.compare(klWeight, s.klWeight) == 0 && gradient == s.gradient
        && solver.equals(s.solver);
  }

  @Override
  public int hashCode() {
    return Objects.hash(series, kind, encoder, latentDim, hidden, Arrays.hashCode(fieldHidden),
        Arrays.hashCode(decoderHidden), activation, startTime, noiseStd, learnNoise, klWeight, gradient, solver);
  }

  @Override
  public String toString() {
    return "LatentOdeSpec[" + kind.label() + (kind == Kind.LATENT_ODE ? " (" + encoder.label() + " encoder, latent "
        + latentDim + ")" : "") + ", hidden " + hidden + ", field " + Arrays.toString(fieldHidden) + ", decoder "
        + Arrays.toString(decoderHidden) + " " + activation.label() + ", t0 " + startTime + ", σ " + noiseStd
        + (learnNoise ? " (learned)" : "") + ", kl " + klWeight + ", " + gradient.label() + ", " + solver + ", "
        + series.maxLength() + " × " + series.dim() + "]";
  }
}
