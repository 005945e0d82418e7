package org.odespark.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.SolverSpec;
import org.odespark.nn.Check;
import org.odespark.objective.Batch;

/**
 * Solving a minibatch once on the union of its times gives each series what it gets alone; the row layout
 * and the generators.
 */
class SeriesBatchingTest {

  static Stream<Arguments> models() {
    return LatentGradientTest.models();
  }

  @ParameterizedTest
  @MethodSource("models")
  void predictionsInABatchEqualEachSeriesAlone(LatentOdeSpec.Kind kind, LatentOdeSpec.Encoder encoder) {
    PeriodicSeries data = new PeriodicSeries(6, 3, 2, 0.5, 2, 0.5, 1.5, 0.05);
    SeriesObjective o = LatentOdeSpec.builder(data.layout().maxLength(), 1).latentDim(3).hidden(5).fieldHidden(6)
        .decoderHidden(4).kind(kind).encoder(encoder).solver(SolverSpec.adaptive("dopri5", 1e-10, 1e-10))
        .gradient(GradientMethod.ADJOINT).build().create();
    double[] theta = new double[o.parameterCount()];
    o.initialize(theta, 3);
    Batch batch = data.generate(9, 0, 4, true);
    int per = data.layout().maxLength();
    double[] together = new double[4 * per];
    o.predict(theta, batch, together);
    for (int r = 0; r < 4; r++) {
      double[] alone = new double[per];
      o.predict(theta, batch.gather(new int[] {r}), alone);
      int count = (int) batch.features()[r * batch.cols()];
      double[] expected = java.util.Arrays.copyOf(alone, count);
      double[] actual = java.util.Arrays.copyOfRange(together, r * per, r * per + count);
      // Only the shared adaptive steps differ (the union grid's steps serve all rows): ~tolerance, 1e-7.
      Check.assertClose(kind + " series " + r, expected, actual, 1e-7);
    }
  }

  @Test
  void generatorsAreDeterministicPerSeriesWhateverTheSplit() {
    Spirals s = Spirals.of(30);
    Batch whole = s.generate(42, 0, 6, true);
    Batch tail = s.generate(42, 4, 2, true);
    assertArrayEquals(java.util.Arrays.copyOfRange(whole.features(), 4 * whole.cols(), 6 * whole.cols()),
        tail.features());
    PeriodicSeries p = PeriodicSeries.defaults();
    Batch pw = p.generate(1, 0, 3, true);
    Batch pt = p.generate(1, 2, 1, true);
    assertArrayEquals(java.util.Arrays.copyOfRange(pw.features(), 2 * pw.cols(), 3 * pw.cols()), pt.features());
    s.layout().check(whole);
    p.layout().check(pw);
  }

  @Test
  void spiralsFollowTheirClosedFormWithTheStatedNoise() {
    Spirals s = new Spirals(100, 50, 100, 0.1);
    Batch b = s.generate(7, 0, 200, true);
    SeriesLayout l = s.layout();
    double[] f = b.features();
    double sumSq = 0;
    int n = 0;
    int clockwise = 0;
    for (int r = 0; r < b.rows(); r++) {
      int off = r * l.cols();
      int count = l.count(f, off);
      assertEquals(50 + 100 + 100, count);
      double truthX = 0;
      double truthY = 0;
      double firstAngle = Double.NaN;
      double secondAngle = Double.NaN;
      for (int j = 0; j < count; j++) {
        int at = l.slot(off, j);
        if (f[at + 1] != SeriesLayout.OBSERVED) {
          truthX = f[at + 2];
          truthY = f[at + 3];
          double radius = Math.hypot(truthX, truthY);
          // On r = 0.3 φ with φ ∈ [3π − π·t_max, 6π + π·t_max], t_max = 1 + 100/99 the last target time:
          double tMax = 1 + 100.0 / 99;
          assertTrue(radius >= 0.3 * Math.PI * (3 - tMax) - 1e-9 && radius <= 0.3 * Math.PI * (4 + tMax) + 1e-9, "radius " + radius);
          if (Double.isNaN(firstAngle)) {
            firstAngle = Math.atan2(truthY, truthX);
          } else if (Double.isNaN(secondAngle)) {
            secondAngle = Math.atan2(truthY, truthX);
          }
        } else {
          // The noise-free target at the same time follows the observation.
          int next = l.slot(off, j + 1);
          assertEquals(f[at], f[next], 0.0);
          double dx = f[at + 2] - f[next + 2];
          double dy = f[at + 3] - f[next + 3];
          sumSq += dx * dx + dy * dy;
          n += 2;
        }
      }
      double turn = Math.IEEEremainder(secondAngle - firstAngle, 2 * Math.PI);
      if (turn < 0) {
        clockwise++;
      }
    }
    double std = Math.sqrt(sumSq / n);
    // 20 000 noise draws: the sample standard deviation is within 2 % of 0.1 with overwhelming probability.
    assertEquals(0.1, std, 0.002);
    // 200 fair coin flips: within 5 standard deviations of 100.
    assertTrue(Math.abs(clockwise - 100) < 36, "clockwise " + clockwise);
  }

  @Test
  void layoutRejectsUnsortedRepeatedAndMalformedSlotsByName() {
    SeriesLayout l = new SeriesLayout(3, 1);
    double[] f = new double[l.cols()];
    f[0] = 2;
    l.set(f, 0, 0, 0.5, SeriesLayout.OBSERVED, new double[] {1}, 0, null, 0);
    l.set(f, 0, 1, 0.5, SeriesLayout.OBSERVED, new double[] {2}, 0, null, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> l.check(new Batch(1, l.cols(), f, null, null)));
    assertTrue(e.getMessage().contains("series 0, slot 1") && e.getMessage().contains("strictly increasing"),
        e.getMessage());
    l.set(f, 0, 1, 0.2, SeriesLayout.OBSERVED, new double[] {2}, 0, null, 0);
    e = assertThrows(IllegalArgumentException.class, () -> l.check(new Batch(1, l.cols(), f, null, null)));
    assertTrue(e.getMessage().contains("time order"), e.getMessage());
    f[0] = 4;
    e = assertThrows(IllegalArgumentException.class, () -> l.check(new Batch(1, l.cols(), f, null, null)));
    assertTrue(e.getMessage().contains("slot count"), e.getMessage());
  }

  @Test
  void posteriorSamplesAreReproducibleAndScatterAroundTheMeanTrajectory() {
    PeriodicSeries data = new PeriodicSeries(6, 3, 2, 0.5, 2, 0.5, 1.5, 0.05);
    LatentOde o = (LatentOde) LatentOdeSpec.builder(data.layout().maxLength(), 1).latentDim(3).hidden(5)
        .fieldHidden(6).decoderHidden(4).solver(SolverSpec.adaptive("dopri5", 1e-8, 1e-8)).build().create();
    double[] theta = new double[o.parameterCount()];
    o.initialize(theta, 3);
    Batch batch = data.generate(9, 0, 2, true);
    int block = 2 * data.layout().maxLength();
    double[] mean = new double[block];
    o.predict(theta, batch, mean);
    int samples = 400;
    double[] draws = new double[samples * block];
    o.samplePosterior(theta, batch, 17, samples, draws);
    double[] again = new double[2 * block];
    o.samplePosterior(theta, batch, 17, 2, again);
    assertArrayEquals(java.util.Arrays.copyOf(draws, 2 * block), again);
    double[] average = new double[block];
    double spread = 0;
    for (int k = 0; k < samples; k++) {
      for (int i = 0; i < block; i++) {
        average[i] += draws[k * block + i] / samples;
        spread += Math.pow(draws[k * block + i] - mean[i], 2) / samples;
      }
    }
    double bias = 0;
    for (int i = 0; i < block; i++) {
      bias += Math.pow(average[i] - mean[i], 2);
    }
    assertTrue(spread > 0, "samples differ from the mean trajectory");
    // The decoder is smooth and the posterior's scale is O(1): the sample average sits much closer to the
    // mean trajectory than a typical sample (a curvature bias, plus Monte Carlo error ~ spread / 400).
    assertTrue(bias < 0.25 * spread, "bias " + bias + " vs spread " + spread);
  }

  @Test
  void columnNamesGiveTheLayoutAndTheValueNamesBack() {
    // "t" as a value name and a one-slot layout: the names must still decide the dimension.
    for (SeriesLayout layout : new SeriesLayout[] {new SeriesLayout(5, 2), new SeriesLayout(1, 3), new SeriesLayout(7, 1)}) {
      java.util.List<String> values = new java.util.ArrayList<>();
      for (int d = 0; d < layout.dim(); d++) {
        values.add(d == 0 ? "t" : "v" + d);
      }
      java.util.List<String> names = layout.columnNames(values);
      assertEquals(layout.cols(), names.size());
      assertEquals(layout, SeriesLayout.ofColumnNames(names));
      assertEquals(values, layout.valueNames(names));
    }
    assertThrows(IllegalArgumentException.class, () -> SeriesLayout.ofColumnNames(java.util.List.of("a", "b", "c",
        "d", "e")));
  }
}
