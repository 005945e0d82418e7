package org.odespark.spark.io;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.odespark.data.FashionMnist;
import org.odespark.data.RunningMoments;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Standardization;
import org.odespark.objective.Batch;
import org.odespark.spark.config.DataConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configured input into cached blocks, one packed row-major {@link Batch} per partition, then makes
 * one distributed pass for the data fingerprint (rows per partition, content hash) and, when asked, the
 * per-column moments of the standardization, merged in partition order so that the result does not depend
 * on which task finished first. Standardized blocks replace the raw ones in the cache.
 */
public final class BlockReader {

  private static final Logger LOG = LoggerFactory.getLogger(BlockReader.class);

  private BlockReader() {}

  /**
   * Reads, caches and fingerprints the data of {@code cfg}.
   *
   * @param given the standardization of a trained model to apply (evaluate, score), or null to fit one when
   *     {@code data.standardize} is on (train)
   * @param classes labels must lie in [0, classes) (a classifier's {@code model.classifier.classes}); 0 for no
   *     upper bound
   * @throws DataFormatException for missing files or columns, bad values (naming file, line, column and row),
   *     no rows, or weights that are all zero
   * @throws IOException when a file cannot be read
   */
  public static TrainingData read(SparkSession spark, DataConfig cfg, Standardization given, StorageLevel level,
                                  int classes) throws IOException {
    Stream source = source(spark, cfg, classes, true);
    JavaRDD<Batch> blocks = source.blocks();
    TableBlocks.Table table = source.table();
    boolean weighted = table != null && table.weighted();
    blocks.setName("odespark blocks: " + cfg.describeSource()).persist(level);

    boolean fit = cfg.standardize() && given == null;
    List<PartitionSummary> summaries = new ArrayList<>(blocks.mapPartitionsWithIndex(
        new Summarize(fit, cfg.contentHash()), true).collect());
    if (table != null) {
      try {
        source.check();
      } catch (DataFormatException e) {
        blocks.unpersist(false);
        throw e;
      }
    }
    summaries.sort((a, b) -> Integer.compare(a.partition, b.partition));
    int p = blocks.getNumPartitions();
    long[] rows = new long[p];
    int cols = -1;
    long hash = 0x6a09e667f3bcc908L;
    RunningMoments moments = null;
    double weightSum = 0;
    for (PartitionSummary s : summaries) {
      weightSum += s.weightSum;
      rows[s.partition] = s.rows;
      if (s.rows > 0) {
        cols = s.cols;
      }
      hash = mix(mix(hash ^ s.rows) ^ s.hash);
      if (s.moments != null) {
        moments = moments == null ? s.moments : moments.merge(s.moments);
      }
    }
    if (cols < 0) {
      blocks.unpersist(false);
      throw new DataFormatException(cfg.describeSource() + " holds no rows");
    }
    if (weighted && !(weightSum > 0)) {
      blocks.unpersist(false);
      throw new DataFormatException("data.weight_column = '" + cfg.weightColumn() + "': every weight in "
          + cfg.describeSource() + " is 0, so there is nothing to fit");
    }
    DataFingerprint fingerprint = new DataFingerprint(cfg.describeSource(), cols, rows,
        cfg.contentHash() ? String.format("%016x", hash) : "none", source.labelled(), weighted, source.names());

    Standardization std = given;
    if (fit) {
      std = Standardization.fromMoments(moments.mean(), moments.stddev());
    }
    if (std != null) {
      requireWidth(std, cols, cfg);
      JavaRDD<Batch> standardized = standardized(blocks, std);
      standardized.setName("odespark standardized blocks: " + cfg.describeSource()).persist(level);
      standardized.count();
      blocks.unpersist(false);
      blocks = standardized;
    }
    LOG.info("data: {} rows x {} columns in {} partitions from {}{}", fingerprint.rows(), cols, p,
        cfg.describeSource(), std == null ? "" : fit ? ", standardized (fitted)" : ", standardized (model's map)");
    return new TrainingData(blocks, fingerprint, std);
  }

  /**
   * The uncached blocks of the configured input and what the driver knows of them: a one-pass read
   * ({@link #stream}), and the source that {@link #read} caches. Bad rows of a table are reported by the tasks,
   * not thrown: {@link #check} must run after the action that read them.
   *
   * @param blocks the blocks
   * @param cols the columns of a row
   * @param labelled whether the rows have labels
   * @param names the feature names, empty if unknown
   * @param table the table read, or null for other formats
   * @param storage the storage the files were read from
   */
  public record Stream(JavaRDD<Batch> blocks, int cols, boolean labelled, List<String> names, TableBlocks.Table table,
                       HadoopStorage storage) {
    /**
     * Throws the bad row the read found (of the lowest partition, naming file, line, column and value).
     *
     * @throws DataFormatException for that row
     */
    public void check() {
      if (table != null) {
        table.check(storage);
      }
    }
  }

  /**
   * The configured input as blocks read in one pass, without caching, fingerprinting or (for tables) the
   * content-defined shuffle and sort that training needs: for jobs that visit every row once and add up the
   * results (evaluate). Tables keep the files' partitioning; {@code std}, if not null, is applied on the fly.
   *
   * @param classes labels must lie in [0, classes) (a classifier's {@code model.classifier.classes}); 0 for no
   *     upper bound
   * @throws DataFormatException for missing files or columns (bad values: {@link Stream#check})
   * @throws IOException when the IDX files cannot be read
   */
  public static Stream stream(SparkSession spark, DataConfig cfg, Standardization std, int classes)
      throws IOException {
    Stream raw = source(spark, cfg, classes, false);
    if (std == null) {
      return raw;
    }
    requireWidth(std, raw.cols(), cfg);
    return new Stream(standardized(raw.blocks(), std), raw.cols(), raw.labelled(), raw.names(), raw.table(),
        raw.storage());
  }

  /**
   * The configured input as uncached blocks, tables placed and ordered by content if {@code canonical} (see
   * {@link TableBlocks#read(SparkSession, DataConfig, int, boolean)}).
   */
  private static Stream source(SparkSession spark, DataConfig cfg, int classes, boolean canonical)
      throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopStorage storage = new HadoopStorage(sc.hadoopConfiguration());
    int partitions = cfg.partitions() > 0 ? cfg.partitions() : sc.defaultParallelism();
    return switch (cfg.format()) {
      case TOY -> new Stream(ToyBlocks.generate(sc, cfg.toyName(), cfg.toyRows(), cfg.toySeed(), partitions), 2,
          false, List.of(), null, storage);
      case FASHION_MNIST -> new Stream(IdxBlocks.read(sc, storage, cfg.path(), cfg.fashionMnistSplit(), partitions),
          FashionMnist.PIXELS, true, List.of(), null, storage);
      default -> {
        if (cfg.isSeries()) {
          SeriesBlocks.SeriesData series = SeriesBlocks.read(spark, cfg, partitions);
          yield new Stream(series.blocks().map(SeriesBlocks.Block::rows), series.layout().cols(), false,
              series.layout().columnNames(series.valueNames()), null, storage);
        }
        TableBlocks.Table t = TableBlocks.read(spark, cfg, classes, canonical);
        yield new Stream(t.blocks(), t.cols(), t.labelled(), t.featureNames(), t, storage);
      }
    };
  }

  /** Throws unless {@code std} maps rows of {@code cols} columns. */
  private static void requireWidth(Standardization std, int cols, DataConfig cfg) {
    if (std.cols() != cols) {
      throw new DataFormatException("the model's standardization has " + std.cols() + " columns but "
          + cfg.describeSource() + " has " + cols);
    }
  }

  /** The blocks with {@code std} applied to their features (labels and weights kept); lazy. */
  public static JavaRDD<Batch> standardized(JavaRDD<Batch> blocks, Standardization std) {
    return blocks.map(b -> {
      double[] f = b.features().clone();
      std.apply(f, b.rows());
      return new Batch(b.rows(), b.cols(), f, b.hasLabels() ? b.labels() : null, b.hasWeights() ? b.weights() : null);
    });
  }

  /** SplitMix64's finalizer: a bijection with full avalanche, for the content hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Rows, columns, content hash and (optionally) moments of one partition. */
  static final class PartitionSummary implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final long rows;
    final int cols;
    final long hash;
    final RunningMoments moments;
    final double weightSum;

    PartitionSummary(int partition, long rows, int cols, long hash, RunningMoments moments, double weightSum) {
      this.partition = partition;
      this.rows = rows;
      this.cols = cols;
      this.hash = hash;
      this.moments = moments;
      this.weightSum = weightSum;
    }
  }

  private record Summarize(boolean moments, boolean hash) implements
      org.apache.spark.api.java.function.Function2<Integer, Iterator<Batch>, Iterator<PartitionSummary>> {
    @Override
    public Iterator<PartitionSummary> call(Integer partition, Iterator<Batch> blocks) {
      long rows = 0;
      int cols = 0;
      long h = 0;
      RunningMoments m = null;
      double weights = 0;
      while (blocks.hasNext()) {
        Batch b = blocks.next();
        rows += b.rows();
        cols = b.cols();
        if (b.hasWeights()) {
          for (double w : b.weights()) {
            weights += w;
          }
        }
        if (hash) {
          for (double x : b.features()) {
            h = mix(h ^ Double.doubleToRawLongBits(x));
          }
          if (b.hasLabels()) {
            for (int l : b.labels()) {
              h = mix(h ^ l);
            }
          }
          if (b.hasWeights()) {
            for (double w : b.weights()) {
              h = mix(h ^ Double.doubleToRawLongBits(w));
            }
          }
        }
        if (moments) {
          m = m == null ? new RunningMoments(b.cols()) : m;
          m.add(b.features(), 0, b.rows(), b.cols());
        }
      }
      return Collections.singletonList(new PartitionSummary(partition, rows, cols, h, m, weights)).iterator();
    }
  }
}
