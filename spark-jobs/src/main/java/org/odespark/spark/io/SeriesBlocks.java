package org.odespark.spark.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.latent.HeldOutSplit;
import org.odespark.latent.PeriodicSeries;
import org.odespark.latent.SeriesLayout;
import org.odespark.latent.Spirals;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.spark.config.DataConfig;
import org.odespark.spark.config.SeriesConfig;
import org.odespark.text.EditDistance;

/**
 * Time series as blocks: one {@link SeriesLayout} row per series, one {@link Block} per partition, from
 * long-format parquet or csv (one row per observation) or from a generator run on the executors.
 *
 * <p>Long format: the rows are hash-partitioned by series id, so every series lies whole in one partition,
 * and sorted by (id, time) within it; the blocks depend only on the rows' content and the partition count.
 * Per series, checked on the executor before any training (a failure names the series, the file and the
 * column): at most {@code data.series.max_length} observations, finite times with no two equal, within
 * each file in increasing time order, finite values (or a 0 mask), masks 0 or 1. Then the time
 * normalisation t' = (t − t_first) / time_scale ({@code time_origin = series}; t' = t / time_scale for
 * {@code absolute}, where t' must be ≥ 0) and the held-out split ({@link HeldOutSplit}, from {@code
 * SeedSequence(split_seed).random("held-out", h)} with h the 64-bit FNV-1a hash of the id's UTF-8 bytes).
 *
 * <p>Generators: partition p of P makes series first + ⌊n/P⌋·p + min(p, n mod P) onwards (⌊n/P⌋ of them, one
 * more for p &lt; n mod P), each from its own stream ({@link Spirals}, {@link PeriodicSeries}).
 */
public final class SeriesBlocks {

  /** Column names the reader adds. */
  private static final String ID = "__odespark_id";
  private static final String TIME = "__odespark_t";
  private static final String POSITION = "__odespark_pos";

  /**
   * One partition's series: their ids, the time origin t_first subtracted from each (0 for absolute times
   * and generators), and their rows.
   */
  public record Block(String[] ids, double[] origins, Batch rows) implements Serializable {}

  /** The blocks, their layout and the value names (one per feature). */
  public record SeriesData(JavaRDD<Block> blocks, SeriesLayout layout, List<String> valueNames) {}

  private SeriesBlocks() {}

  /**
   * The series of {@code cfg} in {@code partitions} partitions (generators) or the configured / the files'
   * partitioning (long format).
   *
   * @throws DataFormatException for missing columns (on the driver) or bad values (on the executors, when
   *     the blocks are first computed), naming them
   */
  public static SeriesData read(SparkSession spark, DataConfig cfg, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SeriesConfig.Generator g = cfg.series().generator();
    return switch (cfg.format()) {
      case SPIRALS -> {
        Spirals s = new Spirals(g.points(), g.observed(), g.extrapolate(), g.noise());
        yield generated(sc, cfg, partitions, s.layout(), List.of("x", "y"),
            (first, n) -> s.generate(g.seed(), first, n, g.targets()));
      }
      case PERIODIC -> {
        PeriodicSeries d = PeriodicSeries.defaults();
        PeriodicSeries s = new PeriodicSeries(g.observed(), g.heldOut(), g.extrapolate(), d.minFrequency(),
            d.maxFrequency(), d.minAmplitude(), d.maxAmplitude(), g.noise());
        yield generated(sc, cfg, partitions, s.layout(), List.of("x"),
            (first, n) -> s.generate(g.seed(), first, n, g.targets()));
      }
      default -> longFormat(spark, cfg);
    };
  }

  /** What a generator makes from a range of series indices. */
  private interface Generator extends Serializable {
    Batch make(long first, int count);
  }

  private static SeriesData generated(JavaSparkContext sc, DataConfig cfg, int partitions, SeriesLayout layout,
                                      List<String> names, Generator gen) {
    SeriesConfig.Generator g = cfg.series().generator();
    long count = g.count();
    if (count < partitions) {
      throw new DataFormatException("data.generator.count = " + count + " is below the " + partitions
          + " partitions: every partition needs a series (set data.partitions)");
    }
    long per = count / partitions;
    if ((per + 1) * layout.cols() > Integer.MAX_VALUE - 8) {
      throw new DataFormatException("data.generator.count = " + count + " over " + partitions + " partitions gives "
          + (per + 1) + " series of " + layout.cols() + " numbers per partition, above the largest block: set"
          + " data.partitions higher");
    }
    long first = g.first();
    List<Integer> indices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      indices.add(p);
    }
    JavaRDD<Block> blocks = sc.parallelize(indices, partitions).mapPartitionsWithIndex((p, it) -> {
      int n = (int) (per + (p < count % partitions ? 1 : 0));
      long start = first + per * p + Math.min(p, count % partitions);
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        ids[i] = Long.toString(start + i);
      }
      return List.of(new Block(ids, new double[n], gen.make(start, n))).iterator();
    }, true);
    return new SeriesData(blocks, layout, names);
  }

  private static SeriesData longFormat(SparkSession spark, DataConfig cfg) {
    SeriesConfig s = cfg.series();
    Dataset<Row> df = TableBlocks.load(spark, cfg);
    StructType schema = df.schema();
    column(schema, s.idColumn(), "data.series.id_column", cfg, false);
    column(schema, s.timeColumn(), "data.series.time_column", cfg, true);
    List<String> values = new ArrayList<>(s.valueColumns());
    for (String m : s.maskColumns()) {
      column(schema, m, "data.series.mask_columns", cfg, true);
    }
    if (values.isEmpty()) {
      // Columns TableBlocks adds for its own checks (the malformed-record column) are not data.
      values = TableBlocks.numberColumns(schema, cfg.format() == DataConfig.Format.CSV, n -> n.startsWith("__odespark")
          || n.equals(s.idColumn()) || n.equals(s.timeColumn()) || s.maskColumns().contains(n));
      if (values.isEmpty()) {
        throw new DataFormatException(cfg.path() + " has no value columns besides data.series.id_column and"
            + " time_column (columns: " + String.join(", ", schema.fieldNames()) + ")");
      }
      if (!s.maskColumns().isEmpty() && s.maskColumns().size() != values.size()) {
        throw new DataFormatException("data.series.mask_columns names " + s.maskColumns().size() + " columns but "
            + cfg.path() + " has " + values.size() + " value columns " + values + ": list them in"
            + " data.series.value_columns");
      }
    } else {
      for (String v : values) {
        column(schema, v, "data.series.value_columns", cfg, true);
      }
    }
    List<Column> select = new ArrayList<>();
    select.add(col(TableBlocks.quote(s.idColumn())).cast("string").as(ID));
    select.add(col(TableBlocks.quote(s.timeColumn())).cast("double").as(TIME));
    for (String v : values) {
      select.add(col(TableBlocks.quote(v)));
    }
    for (String m : s.maskColumns()) {
      select.add(col(TableBlocks.quote(m)));
    }
    select.add(col(TableBlocks.quote(s.timeColumn())).cast("string").as("__odespark_t_text"));
    select.add(input_file_name().as(TableBlocks.FILE));
    select.add(monotonically_increasing_id().as(POSITION));
    Dataset<Row> rows = df.select(select.toArray(new Column[0]));
    int partitions = cfg.partitions() > 0 ? cfg.partitions() : Math.max(1, df.rdd().getNumPartitions());
    Dataset<Row> canonical = rows.repartition(partitions, col(ID)).sortWithinPartitions(col(ID), col(TIME));
    SeriesLayout layout = new SeriesLayout(s.maxLength(), values.size());
    List<String> columns = new ArrayList<>(values);
    columns.addAll(s.maskColumns());
    JavaRDD<Block> blocks = canonical.javaRDD().mapPartitionsWithIndex(
        new RowsToSeries(s, layout, columns), true);
    return new SeriesData(blocks, layout, Collections.unmodifiableList(values));
  }

  private static void column(StructType schema, String name, String key, DataConfig cfg, boolean numeric) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        if (numeric && !(f.dataType() instanceof NumericType || f.dataType() instanceof StringType)) {
          throw new DataFormatException(key + ": column '" + name + "' of " + cfg.path() + " has type "
              + f.dataType().simpleString() + "; expected a number");
        }
        return;
      }
    }
    throw new DataFormatException(key + " names column '" + name + "', which " + cfg.path() + " does not have"
        + EditDistance.suggestion(name, List.of(schema.fieldNames())) + "; columns: "
        + String.join(", ", schema.fieldNames()));
  }

  /** The 64-bit FNV-1a hash of the UTF-8 bytes of {@code id}: the held-out stream's index. */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /**
   * The executor side: a partition's rows, sorted by (id, time), into one block of series rows.
   *
   * @param cfg the series settings
   * @param layout the layout of a series row
   * @param columns the value columns, then the mask columns
   */
  private record RowsToSeries(SeriesConfig cfg, SeriesLayout layout, List<String> columns)
      implements Function2<Integer, Iterator<Row>, Iterator<Block>> {

    RowsToSeries {
      columns = List.copyOf(columns);
    }

    @Override
    public Iterator<Block> call(Integer partition, Iterator<Row> rows) {
      int dim = layout.dim();
      int max = layout.maxLength();
      boolean masked = columns.size() > dim;
      HeldOutSplit split = new HeldOutSplit(cfg.heldOut(), cfg.forecast());
      BlockBuilder block = new BlockBuilder(layout.cols(), false, false);
      List<String> ids = new ArrayList<>();
      double[] origins = new double[16];
      double[] t = new double[Math.min(max, 1024)];
      double[] x = new double[t.length * dim];
      double[] m = new double[t.length * dim];
      String[] file = new String[t.length];
      long[] pos = new long[t.length];
      int[] roles = new int[t.length];
      String id = null;
      int n = 0;
      Row row = rows.hasNext() ? rows.next() : null;
      while (row != null || id != null) {
        String rowId = row == null ? null : row.getString(0);
        if (row != null && rowId == null) {
          throw new DataFormatException("a row of file " + row.getString(row.length() - 2) + " has no series id"
              + " (column '" + cfg.idColumn() + "' is empty)");
        }
        if (id != null && !id.equals(rowId)) {
          checkOrder(id, t, file, pos, n);
          double origin = cfg.perSeriesOrigin() ? t[0] : 0;
          for (int i = 0; i < n; i++) {
            t[i] = (t[i] - origin) / cfg.timeScale();
            if (t[i] < 0) {
              throw new DataFormatException("series '" + id + "' has the negative time " + (t[i] * cfg.timeScale())
                  + " in file " + file[i] + " (data.series.time_origin = absolute needs times >= 0)");
            }
          }
          split.assign(t, n, SeedSequence.of(cfg.splitSeed()).random("held-out", hash(id)), roles);
          int at = block.startRow();
          double[] f = block.features();
          for (int i = 0; i < n; i++) {
            layout.set(f, at, i, t[i], roles[i], x, i * dim, m, i * dim);
          }
          f[at] = n;
          block.finishRow(0, 1);
          if (ids.size() == origins.length) {
            origins = Arrays.copyOf(origins, 2 * origins.length);
          }
          origins[ids.size()] = origin;
          ids.add(id);
          id = null;
          n = 0;
        }
        if (row == null) {
          break;
        }
        id = rowId;
        if (n == max) {
          throw new DataFormatException("series '" + id + "' has more than data.series.max_length = " + max
              + " observations (file " + row.getString(row.length() - 2) + "); raise data.series.max_length");
        }
        if (n == t.length) {
          int cap = Math.min(max, 2 * n);
          t = Arrays.copyOf(t, cap);
          x = Arrays.copyOf(x, cap * dim);
          m = Arrays.copyOf(m, cap * dim);
          file = Arrays.copyOf(file, cap);
          pos = Arrays.copyOf(pos, cap);
          roles = Arrays.copyOf(roles, cap);
        }
        read(row, id, n, t, x, m, dim, masked);
        file[n] = row.getString(row.length() - 2);
        pos[n] = row.getLong(row.length() - 1);
        if (n > 0 && t[n] == t[n - 1]) {
          throw new DataFormatException("series '" + id + "' has two observations at " + cfg.timeColumn() + " = "
              + t[n] + " (files " + file[n - 1] + (file[n].equals(file[n - 1]) ? "" : ", " + file[n])
              + "): times must be distinct");
        }
        n++;
        row = rows.hasNext() ? rows.next() : null;
      }
      Batch b = block.build();
      if (b == null) {
        return Collections.emptyIterator();
      }
      return List.of(new Block(ids.toArray(new String[0]), Arrays.copyOf(origins, ids.size()), b)).iterator();
    }

    /** Time, values and masks of observation n of series {@code id} from {@code row}. */
    private void read(Row row, String id, int n, double[] t, double[] x, double[] m, int dim, boolean masked) {
      if (row.isNullAt(1)) {
        throw bad(row, id, cfg.timeColumn(), row.isNullAt(2 + columns.size()) ? "has no value"
            : "has the non-numeric value '" + row.get(2 + columns.size()) + "'");
      }
      t[n] = row.getDouble(1);
      if (!Double.isFinite(t[n])) {
        throw bad(row, id, cfg.timeColumn(), "has the non-finite value " + t[n]);
      }
      for (int d = 0; d < dim; d++) {
        double mask = 1;
        if (masked) {
          mask = number(row, id, 2 + dim + d);
          if (mask != 0 && mask != 1) {
            throw bad(row, id, columns.get(dim + d), "is " + mask + ", not a mask (0 or 1)");
          }
        }
        m[n * dim + d] = mask;
        x[n * dim + d] = mask == 0 ? 0 : number(row, id, 2 + d);
      }
    }

    private double number(Row row, String id, int i) {
      String name = columns.get(i - 2);
      if (row.isNullAt(i)) {
        throw bad(row, id, name, "has no value" + (columns.size() > layout.dim() ? ""
            : " (mark missing values with data.series.mask_columns)"));
      }
      Object v = row.get(i);
      double d;
      try {
        d = TableBlocks.toDouble(v);
      } catch (NumberFormatException e) {
        throw bad(row, id, name, "has the non-numeric value '" + v + "'");
      }
      if (!Double.isFinite(d)) {
        throw bad(row, id, name, "has the non-finite value " + v);
      }
      return d;
    }

    private DataFormatException bad(Row row, String id, String column, String what) {
      String time = row.isNullAt(2 + columns.size()) ? "" : ", " + cfg.timeColumn() + " = "
          + row.getString(2 + columns.size());
      return new DataFormatException("series '" + id + "'" + time + ": column '" + column + "' " + what + " (file "
          + row.getString(row.length() - 2) + ")");
    }

    /**
     * Within one file and one input split (the high bits of the position), a series' rows must come in
     * increasing time order: the rows sorted by position must have increasing times.
     */
    private static void checkOrder(String id, double[] t, String[] file, long[] pos, int n) {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> {
        int c = file[a].compareTo(file[b]);
        return c != 0 ? c : Long.compare(pos[a], pos[b]);
      });
      for (int k = 1; k < n; k++) {
        int a = order[k - 1];
        int b = order[k];
        if (file[a].equals(file[b]) && (pos[a] >>> 33) == (pos[b] >>> 33) && t[b] < t[a]) {
          throw new DataFormatException("series '" + id + "' is not in time order in file " + file[b] + ": time "
              + t[b] + " comes after time " + t[a] + " (rows of a series must have increasing times)");
        }
      }
    }
  }
}
