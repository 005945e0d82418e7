package org.odespark.spark.config;

import java.io.Serializable;
import java.util.List;

/**
 * The {@code data} section: where the examples come from and how they become blocks (see reference.conf
 * for each key). Immutable.
 */
public record DataConfig(Format format, String path, int partitions, List<String> features, String vectorColumn,
                         String labelColumn, String weightColumn, boolean standardize, boolean contentHash,
                         boolean csvHeader, String csvDelimiter, int libsvmNumFeatures, String fashionMnistSplit,
                         String toyName, long toyRows, long toySeed, SeriesConfig series) implements Serializable {

  /** The input formats ({@code data.format}). */
  public enum Format {
    PARQUET("parquet"), CSV("csv"), LIBSVM("libsvm"), FASHION_MNIST("fashion-mnist"), TOY("toy"),
    SPIRALS("spirals"), PERIODIC("periodic");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether the format is a time-series generator (data.generator). */
    public boolean seriesGenerator() {
      return this == SPIRALS || this == PERIODIC;
    }

    /** Whether the format is read through Spark SQL as a table of rows. */
    public boolean tabular() {
      return this == PARQUET || this == CSV || this == LIBSVM;
    }

    static Format named(String label) {
      for (Format f : values()) {
        if (f.label.equals(label)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown data format '" + label + "'");
    }
  }

  public DataConfig {
    features = List.copyOf(features);
  }

  /** The same input settings read from {@code other} (held-out data: {@code validation.path}). */
  public DataConfig withPath(String other) {
    return new DataConfig(format, other, partitions, features, vectorColumn, labelColumn, weightColumn, standardize,
        contentHash, csvHeader, csvDelimiter, libsvmNumFeatures, fashionMnistSplit, toyName, toyRows, toySeed,
        series);
  }

  /** Whether the data are time series (a generator, or long-format parquet or csv): rows of a SeriesLayout. */
  public boolean isSeries() {
    return format.seriesGenerator() || (series.longFormat() && (format == Format.PARQUET || format == Format.CSV));
  }

  /** A one-line description of the source for fingerprints and logs, e.g. "toy:8gaussians rows=1000 seed=0". */
  public String describeSource() {
    return switch (format) {
      case TOY -> "toy:" + toyName + " rows=" + toyRows + " seed=" + toySeed;
      case FASHION_MNIST -> "fashion-mnist:" + path + " split=" + fashionMnistSplit;
      case SPIRALS, PERIODIC -> format.label() + " count=" + series.generator().count() + " first="
          + series.generator().first() + " seed=" + series.generator().seed();
      default -> format.label() + ":" + path;
    };
  }
}
