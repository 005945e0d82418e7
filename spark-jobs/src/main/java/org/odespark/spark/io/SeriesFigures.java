package org.odespark.spark.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.odespark.latent.LatentOdeSpec;
import org.odespark.latent.PredictionGrid;
import org.odespark.latent.SeriesLayout;
import org.odespark.objective.Batch;
import org.odespark.plot.SeriesFigure;
import org.odespark.spark.config.ModelConfig;
import org.odespark.spark.model.DataShape;
import org.odespark.spark.model.LatentOdeFactory;

/**
 * {@code series.png} beside a trained time-series model: the first {@value #SERIES} series of the first
 * non-empty partition, each with its observed points, the posterior-mean trajectory at {@value #POINTS}
 * times from its first observation to its last plus {@code predict.horizon}, and {@value #SAMPLES}
 * posterior samples (latent ODE only), in model time units.
 */
public final class SeriesFigures {

  static final int SERIES = 4;
  static final int POINTS = 200;
  static final int SAMPLES = 5;

  private SeriesFigures() {}

  /** Draws the figure into {@code dir}/series.png. */
  public static void draw(HadoopStorage storage, TrainingData data, ModelConfig model, DataShape shape,
                          double[] theta, double horizon, long seed, String dir, String title) throws IOException {
    List<Batch> first = data.blocks().filter(b -> b.rows() > 0).take(1);
    if (first.isEmpty()) {
      return;
    }
    Batch block = first.get(0);
    SeriesLayout layout = LatentOdeFactory.layout(shape);
    int n = Math.min(SERIES, block.rows());
    int[] rows = new int[n];
    Arrays.setAll(rows, i -> i);
    PredictionGrid grid = new PredictionGrid(POINTS, horizon);
    LatentOdeSpec spec = LatentOdeFactory.spec(model, grid.layout(layout));
    PredictionGrid.Prediction p = grid.predict(spec.create(), theta, layout, block.gather(rows), SAMPLES, seed);
    List<SeriesFigure.Panel> panels = new ArrayList<>();
    SeriesLayout q = p.layout();
    double[] f = p.queries().features();
    int dim = q.dim();
    int block2 = n * q.maxLength() * dim;
    for (int r = 0; r < n; r++) {
      int count = q.count(f, r * q.cols());
      int observed = 0;
      for (int j = 0; j < count; j++) {
        observed += f[q.slot(r * q.cols(), j) + 1] == SeriesLayout.OBSERVED ? 1 : 0;
      }
      double[] ot = new double[observed];
      double[] ox = new double[observed * dim];
      double[] om = new double[observed * dim];
      double[] t = new double[count];
      double[] mean = new double[count * dim];
      double[] samples = new double[p.samples() * count * dim];
      for (int j = 0, o = 0; j < count; j++) {
        int s = q.slot(r * q.cols(), j);
        t[j] = f[s];
        System.arraycopy(p.mean(), (r * q.maxLength() + j) * dim, mean, j * dim, dim);
        for (int k = 0; k < p.samples(); k++) {
          System.arraycopy(p.draws(), k * block2 + (r * q.maxLength() + j) * dim, samples, (k * count + j) * dim, dim);
        }
        if (f[s + 1] == SeriesLayout.OBSERVED) {
          ot[o] = f[s];
          System.arraycopy(f, s + 2, ox, o * dim, dim);
          System.arraycopy(f, s + 2 + dim, om, o * dim, dim);
          o++;
        }
      }
      panels.add(new SeriesFigure.Panel("series " + r, ot, ox, om, t, mean, samples));
    }
    TrainingFigures.write(storage, SeriesFigure.render(title, dim, panels), dir, "series.png");
  }
}
