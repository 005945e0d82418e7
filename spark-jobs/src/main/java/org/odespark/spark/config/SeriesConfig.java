package org.odespark.spark.config;

import java.io.Serializable;
import java.util.List;

/**
 * {@code data.series.*} and {@code data.generator.*}: how time series become rows of a
 * {@link org.odespark.latent.SeriesLayout} (see reference.conf for each key). Immutable.
 *
 * @param idColumn column naming each row's series; empty when the input is not long-format series
 * @param timeColumn column of the observation time
 * @param valueColumns value columns in order (empty: every numeric column but id, time and masks)
 * @param maskColumns one mask column per value column, or empty for all measured
 * @param maxLength most observations per series (the row's slot count), ≥ 1
 * @param perSeriesOrigin whether times are measured from each series' first observation
 * @param timeScale divisor of the times, &gt; 0
 * @param heldOut probability that an observation after the first becomes an interpolation target
 * @param forecast fraction of each series' time span, at its end, held out as extrapolation targets
 * @param splitSeed seed of the held-out choice
 * @param generator {@code data.generator.*}
 */
public record SeriesConfig(String idColumn, String timeColumn, List<String> valueColumns, List<String> maskColumns,
                           int maxLength, boolean perSeriesOrigin, double timeScale, double heldOut, double forecast,
                           long splitSeed, Generator generator) implements Serializable {

  /** {@code data.generator.*}: the spirals and periodic generators' settings. */
  public record Generator(long count, long seed, long first, int observed, int points, int heldOut, int extrapolate,
                          double noise, boolean targets) implements Serializable {}

  public SeriesConfig {
    valueColumns = List.copyOf(valueColumns);
    maskColumns = List.copyOf(maskColumns);
  }

  /** Whether parquet or csv input is read as long-format series. */
  public boolean longFormat() {
    return !idColumn.isEmpty();
  }
}
