package org.odespark.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odespark.adjoint.SolverSpec;
import org.odespark.objective.Batch;

/** The held-out split of a recorded series and the query rows and answers of the predict job. */
class PredictionGridTest {

  @Test
  void heldOutSplitKeepsTheFirstObservationAndForecastsTheEnd() {
    int n = 2001;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 0.005 * i;
    }
    int[] roles = new int[n];
    new HeldOutSplit(0.3, 0.25).assign(t, n, new SplittableRandom(4), roles);
    assertEquals(SeriesLayout.OBSERVED, roles[0]);
    int lastObserved = 0;
    int interpolated = 0;
    for (int i = 0; i < n; i++) {
      lastObserved = roles[i] == SeriesLayout.OBSERVED ? i : lastObserved;
      interpolated += roles[i] == SeriesLayout.INTERPOLATE ? 1 : 0;
      if (t[i] > 7.5) {
        assertEquals(SeriesLayout.EXTRAPOLATE, roles[i], "after the cut 10 − 0.25 · 10, t = " + t[i]);
      }
    }
    for (int i = lastObserved + 1; i < n; i++) {
      assertEquals(SeriesLayout.EXTRAPOLATE, roles[i], "after the last observation, t = " + t[i]);
    }
    // 1499 draws with p = 0.3: mean 450, standard deviation 18; 5 of them either side.
    assertEquals(450, interpolated, 90);
    int[] none = new int[3];
    HeldOutSplit.none().assign(new double[] {0, 1, 2}, 3, new SplittableRandom(1), none);
    assertArrayEquals(new int[3], none);
  }

  @Test
  void queriesDropTargetsAndMergeTheRequestedTimesInOrder() {
    SeriesLayout data = new SeriesLayout(4, 1);
    double[] f = new double[data.cols()];
    data.set(f, 0, 0, 0.0, SeriesLayout.OBSERVED, new double[] {1}, 0, null, 0);
    data.set(f, 0, 1, 0.4, SeriesLayout.OBSERVED, new double[] {2}, 0, null, 0);
    data.set(f, 0, 2, 0.5, SeriesLayout.INTERPOLATE, new double[] {9}, 0, null, 0);
    data.set(f, 0, 3, 1.0, SeriesLayout.OBSERVED, new double[] {3}, 0, new double[] {0}, 0);
    f[0] = 4;
    PredictionGrid grid = new PredictionGrid(4, 0.5);
    Batch q = grid.queries(data, new Batch(1, data.cols(), f, null, null));
    SeriesLayout out = grid.layout(data);
    out.check(q);
    // Requested: 0, 0.5, 1, 1.5 (the first three inside [0, 1], the last a forecast), merged after the
    // observation at the same time; the held-out target at 0.5 is gone.
    double[][] expected = {{0.0, 0, 1, 1}, {0.0, 1, 0, 1}, {0.4, 0, 2, 1}, {0.5, 1, 0, 1}, {1.0, 0, 0, 0},
        {1.0, 1, 0, 1}, {1.5, 2, 0, 1}};
    double[] g = q.features();
    assertEquals(expected.length, out.count(g, 0));
    for (int j = 0; j < expected.length; j++) {
      int s = out.slot(0, j);
      assertArrayEquals(expected[j], new double[] {g[s], g[s + 1], g[s + 2], g[s + 3]}, "slot " + j);
    }
  }

  @Test
  void answersReconstructTheObservationsAsThePlainPredictionDoes() {
    Spirals spirals = new Spirals(16, 6, 0, 0.1);
    Batch rows = spirals.generate(2, 0, 3, false);
    PredictionGrid grid = new PredictionGrid(7, 0.3);
    LatentOdeSpec.Builder b = LatentOdeSpec.builder(spirals.layout().maxLength(), 2).latentDim(3).hidden(6)
        .fieldHidden(8).decoderHidden(8).solver(SolverSpec.adaptive("dopri5", 1e-10, 1e-10));
    SeriesObjective plain = b.build().create();
    double[] theta = new double[plain.parameterCount()];
    plain.initialize(theta, 5);
    double[] direct = new double[3 * spirals.layout().maxLength() * 2];
    plain.predict(theta, rows, direct);
    SeriesLayout qLayout = grid.layout(spirals.layout());
    SeriesObjective queried = LatentOdeSpec.builder(qLayout.maxLength(), 2).latentDim(3).hidden(6).fieldHidden(8)
        .decoderHidden(8).solver(SolverSpec.adaptive("dopri5", 1e-10, 1e-10)).build().create();
    PredictionGrid.Prediction p = grid.predict(queried, theta, spirals.layout(), rows, 4, 9);
    assertEquals(4, p.samples());
    double[] q = p.queries().features();
    double spread = 0;
    for (int r = 0; r < 3; r++) {
      int o = 0;
      for (int j = 0; j < qLayout.count(q, r * qLayout.cols()); j++) {
        int s = qLayout.slot(r * qLayout.cols(), j);
        for (int d = 0; d < 2; d++) {
          double mean = p.mean()[(r * qLayout.maxLength() + j) * 2 + d];
          assertTrue(Double.isFinite(mean));
          if (q[s + 1] == SeriesLayout.OBSERVED) {
            // The encoder reads the same observations, so the posterior mean trajectory is the same; the
            // extra output times change the solver's steps, so equal to the tolerance 1e-10, not bitwise.
            assertEquals(direct[(r * spirals.layout().maxLength() + o) * 2 + d], mean, 1e-7, "row " + r + " slot " + j);
          }
          for (int k = 0; k < 4; k++) {
            double draw = p.draws()[k * 3 * qLayout.maxLength() * 2 + (r * qLayout.maxLength() + j) * 2 + d];
            spread = Math.max(spread, Math.abs(draw - mean));
          }
        }
        o += q[s + 1] == SeriesLayout.OBSERVED ? 1 : 0;
      }
      assertEquals(6, o, "every observation of row " + r + " is reconstructed");
    }
    // Untrained, q(z0 | x) is wide (log s ≈ 0): draws differ from the mean trajectory.
    assertTrue(spread > 1e-3, "posterior draws must differ from the mean: " + spread);
  }
}
