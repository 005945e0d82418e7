package org.odespark.spark.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.objective.Batch;
import org.odespark.spark.config.DataConfig;
import org.odespark.text.EditDistance;

/**
 * Parquet, CSV and LIBSVM input through Spark SQL, as one block per partition. The rows are partitioned by a
 * hash of their values and sorted by their values within each partition, so the blocks are a function of
 * the rows' content and the partition count alone: the same files give the same blocks in local[1],
 * local[2] and on a cluster, however Spark splits the files.
 *
 * <p>Columns are checked on the driver against the schema, before any data are read: a missing column is
 * named with the closest existing one, a Parquet column that is not numeric is refused. Values are checked
 * on the executors: a CSV row with more or fewer fields than the header, a missing, non-numeric or non-finite
 * value, a label that is not an integer in [0, classes), a negative weight. A task that meets one reports it
 * ({@link TaskProblems}) instead of failing, and the driver throws one {@link DataFormatException} naming the
 * file, the line (CSV, looked up in the file), the column and the row's values.
 */
final class TableBlocks {

  /**
   * The blocks and what the driver knows about them; {@link #check} must run after the first action on
   * {@code blocks}, which leaves a partition with a bad row empty.
   */
  record Table(JavaRDD<Batch> blocks, List<String> featureNames, int cols, boolean labelled, boolean weighted,
               TaskProblems<RowProblem> problems, DataConfig cfg) {
    /** Throws the problem found in the lowest partition, if any. */
    void check(HadoopStorage storage) {
      throwFirst(problems, storage, cfg);
    }
  }

  private static void throwFirst(TaskProblems<RowProblem> problems, HadoopStorage storage, DataConfig cfg) {
    problems.first().ifPresent(r -> {
      throw r.detail().toException(storage, cfg);
    });
  }

  static final String FILE = "__odespark_file";
  /** Spark's CSV reader puts the raw line of a row with too many or too few fields here. */
  private static final String MALFORMED = "__odespark_malformed";

  private TableBlocks() {}

  /**
   * The blocks of a table.
   *
   * @param classes labels must lie in [0, classes); 0 for no upper bound
   * @param canonical place and order the rows by content (see the class comment; a shuffle and a sort), or
   *     keep the files' own partitioning and order and read them in one pass (for jobs that visit every row
   *     once and add up the results: evaluate)
   * @throws DataFormatException for a missing path or column, a column of the wrong type, or no rows
   */
  static Table read(SparkSession spark, DataConfig cfg, int classes, boolean canonical) {
    Selection s = select(spark, cfg);
    Dataset<Row> selected = s.df.select(s.columns().toArray(new Column[0]));
    int partitions = cfg.partitions() > 0 ? cfg.partitions() : spark.sparkContext().defaultParallelism();
    Column[] keys = new Column[s.values.size()];
    for (int i = 0; i < s.values.size(); i++) {
      StructField f = selected.schema().fields()[i];
      // Keys are the values as numbers, so that "1.5" in a CSV file and 1.5 in Parquet land alike; a value
      // that is no number becomes null here and is reported by RowsToBlock with its file and row.
      keys[i] = f.dataType() instanceof ArrayType ? col(quote(f.name())) : col(quote(f.name())).try_cast("double");
    }
    // Content-defined placement and order: independent of how Spark split the files.
    Dataset<Row> placed = canonical ? selected.repartition(partitions, keys).sortWithinPartitions(keys) : selected;
    TaskProblems<RowProblem> problems = TaskProblems.register(spark.sparkContext(), "odespark bad rows");
    RowsToBlock convert = s.converter(classes, problems);
    JavaRDD<Batch> blocks = placed.javaRDD().mapPartitionsWithIndex(convert, true);
    return new Table(blocks, Collections.unmodifiableList(s.featureNames), s.cols, s.labelled, s.weighted, problems,
        cfg);
  }

  /**
   * Checks every row of the table as {@link #read} does, in one pass without shuffling or caching: for jobs
   * that keep the rows as they are (score), so that a bad row stops the job before it writes anything.
   *
   * @return the number of feature columns
   * @throws DataFormatException naming the first bad row (of the lowest partition), or when there are no rows
   */
  static int check(SparkSession spark, DataConfig cfg, HadoopStorage storage) {
    Selection s = select(spark, cfg);
    TaskProblems<RowProblem> problems = TaskProblems.register(spark.sparkContext(), "odespark bad rows");
    long rows = 0;
    for (long n : s.df.select(s.columns().toArray(new Column[0])).javaRDD()
        .mapPartitionsWithIndex(new RowCheck(s.converter(0, problems)), true).collect()) {
      rows += n;
    }
    throwFirst(problems, storage, cfg);
    if (rows == 0) {
      throw new DataFormatException(cfg.describeSource() + " holds no rows");
    }
    return s.cols;
  }

  /** The columns a table contributes, checked against its schema on the driver. */
  private record Selection(Dataset<Row> df, List<Column> values, List<String> names, List<String> featureNames,
                           int cols, boolean vector, boolean labelled, boolean weighted, boolean csv, int headerFields,
                           char delimiter) {
    List<Column> columns() {
      List<Column> all = new ArrayList<>(values);
      if (csv) {
        all.add(col(MALFORMED));
      }
      all.add(input_file_name().as(FILE));
      return all;
    }

    RowsToBlock converter(int classes, TaskProblems<RowProblem> problems) {
      return new RowsToBlock(vector, cols, labelled, weighted, classes, List.copyOf(names), csv, headerFields,
          delimiter, problems);
    }
  }

  private static Selection select(SparkSession spark, DataConfig cfg) {
    Dataset<Row> df = load(spark, cfg);
    StructType schema = df.schema();
    boolean libsvm = cfg.format() == DataConfig.Format.LIBSVM;
    boolean csv = cfg.format() == DataConfig.Format.CSV;
    String label = libsvm ? "label" : cfg.labelColumn();
    String weight = cfg.weightColumn();
    String vector = libsvm ? "features" : cfg.vectorColumn();

    List<Column> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> featureNames = new ArrayList<>();
    int cols;
    if (!vector.isEmpty()) {
      StructField f = field(schema, vector, "data.vector_column", cfg);
      DataType t = f.dataType();
      if (t instanceof VectorUDT) {
        values.add(org.apache.spark.ml.functions.vector_to_array(col(quote(vector)), "float64").as(vector));
      } else if (t instanceof ArrayType a && (a.elementType() instanceof NumericType)) {
        values.add(col(quote(vector)).cast("array<double>").as(vector));
      } else {
        throw new DataFormatException("data.vector_column = '" + vector + "' in " + cfg.path() + " has type "
            + t.simpleString() + "; expected an ML vector or an array of numbers");
      }
      names.add(vector);
      cols = vectorLength(df, vector, cfg);
    } else {
      List<String> features = cfg.features();
      if (features.isEmpty()) {
        features = numberColumns(schema, csv, n -> n.equals(label) || n.equals(weight) || n.equals(MALFORMED));
        if (features.isEmpty()) {
          throw new DataFormatException(cfg.path() + " has no numeric columns to use as features (columns: "
              + columnList(schema) + ")");
        }
      }
      Set<String> seen = new HashSet<>();
      for (String n : features) {
        if (!seen.add(n)) {
          throw new DataFormatException("data.features = " + cfg.features() + " names column '" + n + "' twice");
        }
        scalarField(schema, n, "data.features", cfg);
        values.add(col(quote(n)));
        names.add(n);
        featureNames.add(n);
      }
      cols = features.size();
    }
    boolean labelled = !label.isEmpty();
    boolean weighted = !weight.isEmpty();
    if (labelled) {
      scalarField(schema, label, libsvm ? "the libsvm label" : "data.label_column", cfg);
      values.add(col(quote(label)));
      names.add(label);
    }
    if (weighted) {
      scalarField(schema, weight, "data.weight_column", cfg);
      values.add(col(quote(weight)));
      names.add(weight);
    }
    int headerFields = csv ? schema.fields().length - 1 : schema.fields().length;
    return new Selection(df, values, names, featureNames, cols, !vector.isEmpty(), labelled, weighted, csv,
        headerFields, cfg.csvDelimiter().charAt(0));
  }

  /**
   * The table of {@code cfg} with one more column, {@code name}, holding each row's features as an
   * array&lt;double&gt; (null where a value is missing or not a number): for jobs that keep the rows (score),
   * after {@link #check}.
   *
   * @throws DataFormatException for a missing path or column (naming it and the closest column)
   */
  static Dataset<Row> withFeatureArray(SparkSession spark, DataConfig cfg, String name) {
    Selection s = select(spark, cfg);
    Column features;
    if (s.vector) {
      features = s.values.get(0);
    } else {
      List<Column> cols = new ArrayList<>();
      for (int j = 0; j < s.cols; j++) {
        cols.add(s.values.get(j).try_cast("double"));
      }
      features = org.apache.spark.sql.functions.array(cols.toArray(new Column[0]));
    }
    Dataset<Row> df = s.df;
    if (s.csv) {
      df = df.drop(MALFORMED);
    }
    return df.withColumn(name, features);
  }

  /**
   * The input as a DataFrame. CSV is read with every column as a string and one more column that Spark fills
   * with the raw line of a row whose field count differs from the header's; CSV column pruning is turned off
   * in the session, since with it Spark parses only the selected fields and cannot see extra or missing ones.
   */
  static Dataset<Row> load(SparkSession spark, DataConfig cfg) {
    requireExists(spark, cfg);
    try {
      return switch (cfg.format()) {
        case PARQUET -> spark.read().parquet(cfg.path());
        case CSV -> {
          StructType header = csvReader(spark, cfg).csv(cfg.path()).schema();
          for (StructField f : header.fields()) {
            if (f.name().equals(MALFORMED)) {
              throw new DataFormatException(cfg.path() + " has a column named " + MALFORMED + ", which odespark uses");
            }
          }
          spark.conf().set("spark.sql.csv.parser.columnPruning.enabled", "false");
          yield csvReader(spark, cfg).schema(header.add(MALFORMED, DataTypes.StringType, true))
              .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", MALFORMED)
              .option("enforceSchema", false).csv(cfg.path());
        }
        case LIBSVM -> {
          var reader = spark.read().format("libsvm");
          if (cfg.libsvmNumFeatures() > 0) {
            reader = reader.option("numFeatures", cfg.libsvmNumFeatures());
          }
          yield reader.load(cfg.path());
        }
        default -> throw new IllegalArgumentException("not a tabular format: " + cfg.format());
      };
    } catch (Exception e) {
      // Spark's AnalysisException (a directory without data files, say) is checked, but Scala does not
      // declare it.
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        throw new DataFormatException("cannot read data.path = " + cfg.path() + " as " + cfg.format().label() + ": "
            + oneLine(e.getMessage()));
      }
      throw readFailure(cfg, e);
    }
  }

  /**
   * A Spark job of the reader itself that failed on the driver's request (libsvm's pass for the feature count,
   * the first row's vector length): a malformed value in the files, named by Spark's parser, is bad input.
   */
  private static RuntimeException readFailure(DataConfig cfg, Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e instanceof org.apache.spark.SparkException && root instanceof IllegalArgumentException) {
      return new DataFormatException("cannot read data.path = " + cfg.path() + " as " + cfg.format().label()
          + ": a malformed value (" + oneLine(root.getMessage()) + ")");
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  private static org.apache.spark.sql.DataFrameReader csvReader(SparkSession spark, DataConfig cfg) {
    return spark.read().option("header", cfg.csvHeader()).option("sep", cfg.csvDelimiter())
        .option("inferSchema", false);
  }

  /** data.path must name something (a glob must match something) before Spark reads it. */
  private static void requireExists(SparkSession spark, DataConfig cfg) {
    HadoopStorage storage = new HadoopStorage(spark.sparkContext().hadoopConfiguration());
    FileStatus[] found;
    try {
      Path p = new Path(cfg.path());
      found = storage.fileSystem(p).globStatus(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new DataFormatException("cannot read data.path = " + cfg.path() + ": " + oneLine(e.getMessage()));
    }
    if (found == null || found.length == 0) {
      throw new DataFormatException("data.path = " + cfg.path() + " does not exist (data.format = "
          + cfg.format().label() + ")");
    }
    for (FileStatus f : found) {
      Path p = f.getPath();
      try {
        // Local files by the operating system's own check (root reads files whose mode says otherwise); other
        // file systems by their permission check.
        if ("file".equals(p.toUri().getScheme())) {
          if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(p.toUri()))) {
            throw new java.nio.file.AccessDeniedException(p.toString());
          }
        } else {
          storage.fileSystem(p).access(p, f.isDirectory() ? FsAction.READ_EXECUTE : FsAction.READ);
        }
      } catch (IOException e) {
        throw new DataFormatException("data.path = " + cfg.path() + ": cannot read " + p + " (" + e + ")");
      }
    }
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static int vectorLength(Dataset<Row> df, String vector, DataConfig cfg) {
    Dataset<Row> lengths = df.select(org.apache.spark.sql.functions.size(
        org.apache.spark.ml.functions.vector_to_array(col(quote(vector)), "float64")));
    if (!(df.schema().apply(vector).dataType() instanceof VectorUDT)) {
      lengths = df.select(org.apache.spark.sql.functions.size(col(quote(vector))));
    }
    List<Row> first;
    try {
      first = lengths.limit(1).collectAsList();
    } catch (Exception e) { // Spark's SparkException is checked, but Scala does not declare it
      throw readFailure(cfg, e);
    }
    if (first.isEmpty()) {
      throw new DataFormatException(cfg.path() + " holds no rows");
    }
    int n = first.get(0).getInt(0);
    if (n < 1) {
      throw new DataFormatException("the first row of " + cfg.path() + " has an empty or missing vector in column '"
          + vector + "'");
    }
    return n;
  }

  private static StructField field(StructType schema, String name, String key, DataConfig cfg) {
    List<String> names = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
      if (!f.name().equals(MALFORMED)) {
        names.add(f.name());
      }
    }
    throw new DataFormatException(key + " names column '" + name + "', which " + cfg.path() + " does not have"
        + EditDistance.suggestion(name, names) + "; columns: " + columnList(schema));
  }

  /** A column of numbers: numeric in Parquet, any column in CSV (where every column is text). */
  private static void scalarField(StructType schema, String name, String key, DataConfig cfg) {
    StructField f = field(schema, name, key, cfg);
    boolean text = cfg.format() == DataConfig.Format.CSV && f.dataType() instanceof StringType;
    if (!(f.dataType() instanceof NumericType || text)) {
      throw new DataFormatException(key + ": column '" + name + "' of " + cfg.path() + " has type "
          + f.dataType().simpleString() + "; expected a number (cast the column to a numeric type when writing the "
          + cfg.format().label() + " files)");
    }
  }

  private static String columnList(StructType schema) {
    StringBuilder s = new StringBuilder();
    for (StructField f : schema.fields()) {
      if (!f.name().equals(MALFORMED)) {
        s.append(s.length() == 0 ? "" : ", ").append(f.name()).append(':').append(f.dataType().simpleString());
      }
    }
    return s.toString();
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** The columns that can hold numbers (numeric ones; in CSV any), in schema order, but those {@code skip} names. */
  static List<String> numberColumns(StructType schema, boolean csv, Predicate<String> skip) {
    return Arrays.stream(schema.fields()).filter(f -> f.dataType() instanceof NumericType
        || (csv && f.dataType() instanceof StringType)).map(StructField::name).filter(skip.negate()).toList();
  }

  /** A number's value, or a text's (trimmed) as a double; NumberFormatException for text that is no number. */
  static double toDouble(Object x) {
    return x instanceof Number n ? n.doubleValue() : Double.parseDouble(x.toString().trim());
  }

  /**
   * A bad row, as an executor saw it: its file, what is wrong, the names and values of its selected columns,
   * and for a CSV row with a wrong field count its raw line; the driver looks the line up for its number.
   */
  record RowProblem(String file, String what, List<String> columns, List<String> cells, String rawLine)
      implements Serializable {

    DataFormatException toException(HadoopStorage storage, DataConfig cfg) {
      long line = cfg.format() == DataConfig.Format.CSV
          ? CsvLines.find(storage, file, cfg, rawLine, columns, cells) : -1;
      StringBuilder values = new StringBuilder();
      for (int k = 0; k < columns.size(); k++) {
        values.append(k == 0 ? "" : ", ").append(columns.get(k)).append('=').append(cells.get(k));
      }
      String where = file == null ? "data.path = " + cfg.path() : line > 0 ? file + " line " + line : file;
      return new DataFormatException(where + ": " + what + (rawLine != null ? ": '" + rawLine + "'"
          : values.length() == 0 ? "" : "; row: " + values));
    }
  }

  /**
   * The executor side: one partition's rows (values, [malformed line,] file name) into one block.
   *
   * @param vector whether the features are one vector column
   * @param cols the number of features
   * @param labelled whether a label column follows the features
   * @param weighted whether a weight column follows
   * @param classes labels must lie in [0, classes); 0 for no upper bound
   * @param columns the names of the selected columns
   * @param csv whether the malformed-line column precedes the file name
   * @param headerFields the CSV header's field count
   * @param delimiter the CSV delimiter
   * @param problems where bad rows are reported
   */
  private record RowsToBlock(boolean vector, int cols, boolean labelled, boolean weighted, int classes,
                             List<String> columns, boolean csv, int headerFields, char delimiter,
                             TaskProblems<RowProblem> problems)
      implements Function2<Integer, Iterator<Row>, Iterator<Batch>> {

    /** Thrown within the task only: ends the partition with its report. */
    private static final class Bad extends RuntimeException {
      private static final long serialVersionUID = 1L;
      final RowProblem problem;

      Bad(RowProblem problem) {
        super(problem.what(), null, false, false);
        this.problem = problem;
      }
    }

    @Override
    public Iterator<Batch> call(Integer partition, Iterator<Row> rows) {
      BlockBuilder block = new BlockBuilder(cols, labelled, weighted);
      if (consume(partition, rows, block) < 0) {
        return Collections.emptyIterator();
      }
      Batch b = block.build();
      return b == null ? Collections.emptyIterator() : List.of(b).iterator();
    }

    /**
     * Converts (into {@code block}, or only checks when it is null) every row; returns the number of rows, or
     * -1 after reporting the partition's first bad row.
     */
    long consume(int partition, Iterator<Row> rows, BlockBuilder block) {
      long n = 0;
      try {
        while (next(rows)) {
          convert(rows.next(), block);
          n++;
        }
        return n;
      } catch (Bad e) {
        problems.report(partition, e.problem);
        return -1;
      }
    }

    /**
     * {@code rows.hasNext()}, with Spark's own reader refusing a file (a CSV header that differs from the
     * first file's, a malformed libsvm line) reported as a bad row of the file being read.
     */
    private static boolean next(Iterator<Row> rows) {
      try {
        return rows.hasNext();
      } catch (IllegalArgumentException | org.apache.spark.SparkRuntimeException e) {
        String file = org.apache.spark.rdd.InputFileBlockHolder.getInputFilePath().toString();
        throw new Bad(new RowProblem(file.isEmpty() ? null : file, oneLine(e.getMessage()), List.of(), List.of(),
            null));
      }
    }

    private void convert(Row row, BlockBuilder block) {
      int fileIndex = row.length() - 1;
      if (csv && !row.isNullAt(fileIndex - 1)) {
        String raw = row.getString(fileIndex - 1);
        int n = CsvLines.split(raw, delimiter).size();
        throw new Bad(new RowProblem(row.getString(fileIndex), "the row has " + n + (n == 1 ? " field" : " fields")
            + " where the header has " + headerFields, List.of(), List.of(), raw));
      }
      int at = block == null ? 0 : block.startRow();
      double[] f = block == null ? null : block.features();
      int c;
      if (vector) {
        readVector(row, f, at, fileIndex);
        c = 1;
      } else {
        for (int j = 0; j < cols; j++) {
          double x = number(row, j, fileIndex);
          if (f != null) {
            f[at + j] = x;
          }
        }
        c = cols;
      }
      int label = 0;
      if (labelled) {
        label = label(row, c, fileIndex);
        c++;
      }
      double weight = weighted ? weight(row, c, fileIndex) : 1;
      if (block != null) {
        block.finishRow(label, weight);
      }
    }

    private void readVector(Row row, double[] f, int at, int fileIndex) {
      if (row.isNullAt(0)) {
        throw bad(row, 0, "has no value", fileIndex);
      }
      List<Object> v = row.getList(0);
      if (v.size() != cols) {
        throw bad(row, 0, "holds " + v.size() + " values where the first row held " + cols, fileIndex);
      }
      for (int j = 0; j < cols; j++) {
        Object x = v.get(j);
        double d = x == null ? Double.NaN : ((Number) x).doubleValue();
        if (!Double.isFinite(d)) {
          throw bad(row, 0, "has the non-finite value " + x + " at position " + j, fileIndex);
        }
        if (f != null) {
          f[at + j] = d;
        }
      }
    }

    private int label(Row row, int c, int fileIndex) {
      double l = number(row, c, fileIndex);
      if (l != Math.rint(l) || l < 0 || l > Integer.MAX_VALUE) {
        throw bad(row, c, "is " + row.get(c) + ", not a class label (an integer >= 0)", fileIndex);
      }
      if (classes > 0 && l >= classes) {
        throw bad(row, c, "is " + row.get(c) + ", not a class of model.classifier.classes = " + classes
            + " (labels are 0.." + (classes - 1) + ")", fileIndex);
      }
      return (int) l;
    }

    private double weight(Row row, int c, int fileIndex) {
      double w = number(row, c, fileIndex);
      if (w < 0) {
        throw bad(row, c, "is " + row.get(c) + ", a negative weight (weights must be >= 0)", fileIndex);
      }
      return w;
    }

    private double number(Row row, int i, int fileIndex) {
      if (row.isNullAt(i)) {
        throw bad(row, i, "has no value", fileIndex);
      }
      Object x = row.get(i);
      double d;
      try {
        d = toDouble(x);
      } catch (NumberFormatException e) {
        throw bad(row, i, "has the non-numeric value '" + x + "'", fileIndex);
      }
      if (!Double.isFinite(d)) {
        throw bad(row, i, "has the non-finite value " + x, fileIndex);
      }
      return d;
    }

    private Bad bad(Row row, int i, String what, int fileIndex) {
      List<String> cells = new ArrayList<>();
      for (int k = 0; k < columns.size(); k++) {
        cells.add(row.isNullAt(k) ? null
            : row.get(k) instanceof scala.collection.Seq<?> s ? "[" + s.size() + " values]" : String.valueOf(row.get(k)));
      }
      // A vector column's values cannot locate a CSV line; scalar columns can.
      return new Bad(new RowProblem(row.getString(fileIndex), "column '" + columns.get(i) + "' " + what,
          vector ? List.of() : columns, vector ? List.of() : cells, null));
    }
  }

  /**
   * The check-only pass of {@link #check}: the rows of a partition are converted, not kept.
   *
   * @param rows the conversion, run without a block
   */
  private record RowCheck(RowsToBlock rows) implements Function2<Integer, Iterator<Row>, Iterator<Long>> {
    @Override
    public Iterator<Long> call(Integer partition, Iterator<Row> it) {
      return List.of(Math.max(0, rows.consume(partition, it, null))).iterator();
    }
  }
}
