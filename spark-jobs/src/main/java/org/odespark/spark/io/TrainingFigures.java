package org.odespark.spark.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.Path;
import org.odespark.objective.Batch;
import org.odespark.plot.DensityFigure;
import org.odespark.plot.ImageGrid;
import org.odespark.plot.PlotRange;
import org.odespark.plot.TrainingCurves;
import org.odespark.spark.exec.IterationMetrics;
import org.odespark.spark.exec.MetricsLog;
import org.odespark.spark.exec.ValidationMetrics;
import org.odespark.spark.model.DensityModel;

/**
 * The pictures written beside a trained model: {@code curves.png} (loss and NFE against the iteration of
 * each line of the metrics file), and for density models {@code density.png} (2-D data: a sample of the training data,
 * the model's density on a grid, model samples; in the space the model was trained in) or {@code
 * samples.png} (784-dimensional data: 64 samples as 28×28 images). Rendered in memory and written through
 * Hadoop's FileSystem API, so {@code hdfs://} output directories work too.
 */
public final class TrainingFigures {

  private static final int POINTS = 20_000;
  private static final int GRID = 120;

  private TrainingFigures() {}

  /** {@code curves.png} from the metrics file at {@code metrics} into {@code dir}. */
  public static void curves(HadoopStorage storage, String metrics, String dir, String title) throws IOException {
    Path file = storage.qualify(metrics);
    if (!storage.exists(file)) {
      return;
    }
    TrainingCurves curves = curves(MetricsLog.read(storage.readAll(file)));
    if (curves != null) {
      write(storage, curves.withTitle(title).render(), dir, "curves.png");
    }
  }

  /**
   * The curves of logged metrics against their iteration field (a run logging every K-th iteration plots
   * over its true length), with the held-out evaluations as "validation" points, or null if no line has a
   * finite loss.
   */
  static TrainingCurves curves(MetricsLog.Lines lines) {
    List<IterationMetrics> training = lines.iterations();
    int n = training.size();
    long[] iterations = new long[n];
    double[] loss = new double[n];
    double[] forward = new double[n];
    double[] backward = new double[n];
    boolean finite = false;
    for (int i = 0; i < n; i++) {
      IterationMetrics m = training.get(i);
      iterations[i] = m.iteration();
      loss[i] = m.loss();
      finite |= Double.isFinite(m.loss());
      forward[i] = Double.isFinite(m.nfeForward()) ? m.nfeForward() : 0;
      backward[i] = Double.isFinite(m.nfeBackward()) ? m.nfeBackward() : 0;
    }
    if (!finite) {
      return null;
    }
    TrainingCurves curves = TrainingCurves.of(iterations, loss).withNfe(forward, backward)
        .withLossLabel("loss per example");
    List<ValidationMetrics> held = lines.validations().stream()
        .filter(v -> Double.isFinite(v.loss()) && v.iteration() <= iterations[n - 1]).toList();
    if (held.isEmpty()) {
      return curves;
    }
    return curves.withTestLoss(held.stream().mapToLong(ValidationMetrics::iteration).toArray(),
        held.stream().mapToDouble(ValidationMetrics::loss).toArray(), "validation");
  }

  /** {@code density.png} (D = 2) or {@code samples.png} (D = 784) for a trained density model. */
  public static void density(HadoopStorage storage, TrainingData data, DensityModel model, double[] theta, long seed,
                             String dir, String title) throws IOException {
    int d = model.dimension();
    if (d == 784) {
      int n = 64;
      double[] samples = new double[n * d];
      model.sample(theta, n, seed, samples);
      write(storage, ImageGrid.render(samples, n, 28, 28, 8, 3), dir, "samples.png");
      return;
    }
    if (d != 2) {
      return;
    }
    double[] points = sample(data, POINTS);
    PlotRange range = range(points);
    double[] grid = range.gridPoints(GRID);
    double[] logp = new double[GRID * GRID];
    model.logDensity(theta, new Batch(GRID * GRID, 2, grid, null, null), seed, logp, 0);
    double[] samples = new double[POINTS * 2];
    model.sample(theta, POINTS, seed, samples);
    BufferedImage image = DensityFigure.defaults().withRange(range).render(title, points, logp, GRID, samples);
    write(storage, image, dir, "density.png");
  }

  /** Up to n rows of the cached blocks, taken evenly from the partitions. */
  private static double[] sample(TrainingData data, int n) {
    long total = Arrays.stream(data.partitionRows()).sum();
    double fraction = Math.min(1.0, (double) n / total);
    List<double[]> parts = data.blocks().map(b -> {
      int take = (int) Math.min(b.rows(), Math.ceil(b.rows() * fraction));
      return Arrays.copyOf(b.features(), take * b.cols());
    }).collect();
    int size = parts.stream().mapToInt(p -> p.length).sum();
    double[] out = new double[Math.min(size, 2 * n)];
    int at = 0;
    for (double[] p : parts) {
      int len = Math.min(p.length, out.length - at);
      System.arraycopy(p, 0, out, at, len);
      at += len;
    }
    return out;
  }

  /** A square range holding the 0.5 % … 99.5 % quantiles of both coordinates, padded by 10 %. */
  private static PlotRange range(double[] points) {
    int n = points.length / 2;
    double[] all = new double[2 * n];
    System.arraycopy(points, 0, all, 0, 2 * n);
    Arrays.sort(all);
    double lo = all[(int) (0.005 * (all.length - 1))];
    double hi = all[(int) (0.995 * (all.length - 1))];
    double pad = 0.1 * Math.max(hi - lo, 1e-9);
    return PlotRange.square(lo - pad, hi + pad);
  }

  /** {@code image} as the PNG file {@code name} in the directory {@code dir}, written atomically. */
  static void write(HadoopStorage storage, BufferedImage image, String dir, String name) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    storage.writeAtomically(storage.qualify(dir.endsWith("/") ? dir + name : dir + "/" + name), png.toByteArray());
  }

  /** A short title: model type, iterations and final loss. */
  public static String title(String type, long iterations, double loss) {
    return String.format(Locale.ROOT, "%s, %d iterations, final minibatch loss %.4f", type, iterations, loss);
  }
}
