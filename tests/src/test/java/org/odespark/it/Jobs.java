package org.odespark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.odespark.random.SeedSequence;
import org.odespark.data.ToyDistributions;

/**
 * The command lines of the end-to-end tests, as a user would type them: a worked example of conf/ with a few
 * {@code --set} overrides that make it small (a 16-16 flow at solver tolerance 1e-3 on 2,000 rows in three
 * partitions; a 16-wide ODE-Net on 600 labelled rows; a small latent ODE on 60 spirals), and the data files a
 * user would bring.
 */
final class Jobs {

  /** Rows of the toy data of {@link #cnf}. */
  static final int CNF_ROWS = 2000;
  static final int CLASSIFIER_ROWS = 600;

  private Jobs() {}

  /** {@code conf/8gaussians.conf}, made small; writes into {@code out}. */
  static List<String> cnf(Path out, int iterations) {
    return new ArrayList<>(List.of("--conf", "conf/8gaussians.conf",
        "--set", "data.toy.rows=" + CNF_ROWS, "--set", "data.partitions=3", "--set", "data.standardize=true",
        "--set", "model.cnf.hidden=16,16",
        "--set", "solver.rtol=1e-3", "--set", "solver.atol=1e-3",
        "--set", "solver.backward.rtol=1e-3", "--set", "solver.backward.atol=1e-3",
        "--set", "train.iterations=" + iterations, "--set", "train.batch_size=64",
        "--set", "optimizer.learning_rate=1e-2", "--set", "checkpoint.every=5",
        "--set", "output.dir=" + out));
  }

  /** Spirals of {@link #latentOde}: window times, observed of them, extrapolation times. */
  static final int SPIRAL_POINTS = 20;
  static final int SPIRAL_OBSERVED = 10;
  static final int SPIRAL_EXTRAPOLATE = 10;

  /**
   * {@code conf/spirals-latent.conf}, made small: 60 spirals of {@value #SPIRAL_OBSERVED} observations in two
   * partitions, latent dimension 3, a GRU of 8 units, 12-wide MLPs, dopri5 at 1e-3; writes into {@code out}.
   */
  static List<String> latentOde(Path out, int iterations) {
    return new ArrayList<>(List.of("--conf", "conf/spirals-latent.conf",
        "--set", "data.generator.count=60", "--set", "data.partitions=2",
        "--set", "data.generator.points=" + SPIRAL_POINTS, "--set", "data.generator.observed=" + SPIRAL_OBSERVED,
        "--set", "data.generator.extrapolate=" + SPIRAL_EXTRAPOLATE,
        "--set", "model.latent.latent_dim=3", "--set", "model.latent.hidden=8",
        "--set", "model.latent.field_hidden=12", "--set", "model.latent.decoder_hidden=12",
        "--set", "solver.rtol=1e-3", "--set", "solver.atol=1e-3",
        "--set", "solver.backward.rtol=1e-3", "--set", "solver.backward.atol=1e-3",
        "--set", "train.iterations=" + iterations, "--set", "train.batch_size=20", "--set", "train.log_every=1",
        "--set", "checkpoint.every=5", "--set", "output.dir=" + out));
  }

  /** The classifier on {@code csv} (columns x0, x1, label; {@link #writeBlobs}); writes into {@code out}. */
  static List<String> classifier(Path out, Path csv, int iterations) {
    return new ArrayList<>(List.of("--set", "model.type=odenet-classifier",
        "--set", "data.format=csv", "--set", "data.path=" + csv, "--set", "data.features=x0,x1",
        "--set", "data.label_column=label", "--set", "data.partitions=3", "--set", "data.standardize=true",
        "--set", "model.classifier.hidden=16", "--set", "model.classifier.classes=2",
        "--set", "solver.rtol=1e-3", "--set", "solver.atol=1e-3",
        "--set", "solver.backward.rtol=1e-3", "--set", "solver.backward.atol=1e-3",
        "--set", "train.iterations=" + iterations, "--set", "train.batch_size=64",
        "--set", "optimizer.learning_rate=5e-2", "--set", "checkpoint.every=5",
        "--set", "output.dir=" + out));
  }

  /**
   * Two classes as a user's CSV: label 0 around (−1.5, 0), label 1 around (1.5, 0), unit variance; the
   * Bayes classifier (x0 > 0) is right 93 % of the time.
   */
  static void writeBlobs(Path csv, int n, long seed) throws IOException {
    RandomGenerator rng = SeedSequence.of(seed).random("blobs");
    StringBuilder sb = new StringBuilder("x0,x1,label\n");
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      sb.append(String.format(Locale.ROOT, "%.17g,%.17g,%d%n", (label == 0 ? -1.5 : 1.5) + rng.nextGaussian(),
          rng.nextGaussian(), label));
    }
    Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
  }

  /**
   * 8-Gaussians points as a user's CSV with an id column ({@code p<i>} for row i): the table that {@code score}
   * annotates and {@code evaluate} averages over. Returns the points, row-major.
   */
  static double[] writePoints(Path csv, int n, long seed) throws IOException {
    double[] xy = ToyDistributions.sample("8gaussians", n, SeedSequence.of(seed).random("points"));
    StringBuilder sb = new StringBuilder("id,x0,x1\n");
    for (int i = 0; i < n; i++) {
      sb.append(String.format(Locale.ROOT, "p%d,%.17g,%.17g%n", i, xy[2 * i], xy[2 * i + 1]));
    }
    Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
    return xy;
  }
}
