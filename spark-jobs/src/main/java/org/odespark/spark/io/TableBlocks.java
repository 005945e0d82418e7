package org.odespark.spark.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
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
 * local[2] and on a cluster, however Spark splits the files. Columns are checked on the driver against the
 * schema; values on the executors, where a bad one fails the job with the file, column and row.
 */
final class TableBlocks {

  /** The blocks and what the driver knows about them. */
  record Table(JavaRDD<Batch> blocks, List<String> featureNames, int cols, boolean labelled, boolean weighted) {}

  private static final String FILE = "__odespark_file";

  private TableBlocks() {}

  static Table read(SparkSession spark, DataConfig cfg) {
    return read(spark, cfg, true);
  }

  /**
   * The blocks of {@code cfg}'s table.
   *
   * @param canonical place and order the rows by content (see the class comment; a shuffle and a sort), or
   *     keep the files' own partitioning and order and read them in one pass (for jobs that visit every row
   *     once and add up the results: evaluate)
   */
  static Table read(SparkSession spark, DataConfig cfg, boolean canonical) {
    Dataset<Row> df = load(spark, cfg);
    StructType schema = df.schema();
    boolean libsvm = cfg.format() == DataConfig.Format.LIBSVM;
    String label = libsvm ? "label" : cfg.labelColumn();
    String weight = cfg.weightColumn();
    String vector = libsvm ? "features" : cfg.vectorColumn();

    List<Column> values = new ArrayList<>();
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
      cols = vectorLength(df, vector, cfg);
    } else {
      List<String> names = cfg.features();
      if (names.isEmpty()) {
        names = new ArrayList<>();
        for (StructField f : schema.fields()) {
          boolean usable = f.dataType() instanceof NumericType
              || (cfg.format() == DataConfig.Format.CSV && f.dataType() instanceof StringType);
          if (usable && !f.name().equals(label) && !f.name().equals(weight)) {
            names.add(f.name());
          }
        }
        if (names.isEmpty()) {
          throw new DataFormatException(cfg.path() + " has no numeric columns to use as features (columns: "
              + columnList(schema) + ")");
        }
      }
      for (String n : names) {
        scalarField(schema, n, "data.features", cfg);
        values.add(col(quote(n)));
        featureNames.add(n);
      }
      cols = names.size();
    }
    boolean labelled = !label.isEmpty();
    boolean weighted = !weight.isEmpty();
    if (labelled) {
      scalarField(schema, label, libsvm ? "the libsvm label" : "data.label_column", cfg);
      values.add(col(quote(label)));
    }
    if (weighted) {
      scalarField(schema, weight, "data.weight_column", cfg);
      values.add(col(quote(weight)));
    }
    List<Column> all = new ArrayList<>(values);
    all.add(input_file_name().as(FILE));
    Dataset<Row> selected = df.select(all.toArray(new Column[0]));
    int partitions = cfg.partitions() > 0 ? cfg.partitions() : Math.max(1, df.rdd().getNumPartitions());
    List<String> columnNames = new ArrayList<>();
    Column[] keys = new Column[values.size()];
    for (int i = 0; i < values.size(); i++) {
      StructField f = selected.schema().fields()[i];
      columnNames.add(f.name());
      // Keys are the values as numbers, so that "1.5" in a CSV file and 1.5 in Parquet land alike.
      keys[i] = f.dataType() instanceof ArrayType ? col(quote(f.name())) : col(quote(f.name())).cast("double");
    }
    // Content-defined placement and order: independent of how Spark split the files.
    Dataset<Row> placed = canonical ? selected.repartition(partitions, keys).sortWithinPartitions(keys) : selected;
    RowsToBlock convert = new RowsToBlock(!vector.isEmpty(), cols, labelled, weighted, columnNames);
    JavaRDD<Batch> blocks = placed.javaRDD().mapPartitionsWithIndex(convert, true);
    return new Table(blocks, Collections.unmodifiableList(featureNames), cols, labelled, weighted);
  }

  /**
   * The table of {@code cfg} with one more column, {@code name}, holding each row's features as an
   * array&lt;double&gt; (null where a value is missing or not a number): for jobs that keep the rows (score).
   *
   * @throws DataFormatException for a missing path or column (naming it and the closest column)
   */
  static Dataset<Row> withFeatureArray(SparkSession spark, DataConfig cfg, String name) {
    Dataset<Row> df = load(spark, cfg);
    StructType schema = df.schema();
    boolean libsvm = cfg.format() == DataConfig.Format.LIBSVM;
    String vector = libsvm ? "features" : cfg.vectorColumn();
    Column features;
    if (!vector.isEmpty()) {
      StructField f = field(schema, vector, "data.vector_column", cfg);
      features = f.dataType() instanceof VectorUDT
          ? org.apache.spark.ml.functions.vector_to_array(col(quote(vector)), "float64")
          : col(quote(vector)).cast("array<double>");
    } else {
      List<String> names = cfg.features();
      if (names.isEmpty()) {
        names = new ArrayList<>();
        for (StructField f : schema.fields()) {
          boolean usable = f.dataType() instanceof NumericType
              || (cfg.format() == DataConfig.Format.CSV && f.dataType() instanceof StringType);
          if (usable && !f.name().equals(cfg.labelColumn()) && !f.name().equals(cfg.weightColumn())) {
            names.add(f.name());
          }
        }
      }
      List<Column> cols = new ArrayList<>();
      for (String n : names) {
        scalarField(schema, n, "data.features", cfg);
        cols.add(col(quote(n)).cast("double"));
      }
      features = org.apache.spark.sql.functions.array(cols.toArray(new Column[0]));
    }
    return df.withColumn(name, features);
  }

  static Dataset<Row> load(SparkSession spark, DataConfig cfg) {
    try {
      return switch (cfg.format()) {
        case PARQUET -> spark.read().parquet(cfg.path());
        case CSV -> spark.read().option("header", cfg.csvHeader()).option("sep", cfg.csvDelimiter())
            .option("inferSchema", false).csv(cfg.path());
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
      // Spark's AnalysisException (a missing path, say) is checked, but Scala does not declare it.
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        throw new DataFormatException("cannot read data.path = " + cfg.path() + " as " + cfg.format().label() + ": "
            + e.getMessage());
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  private static int vectorLength(Dataset<Row> df, String vector, DataConfig cfg) {
    Dataset<Row> lengths = df.select(org.apache.spark.sql.functions.size(
        org.apache.spark.ml.functions.vector_to_array(col(quote(vector)), "float64")));
    if (!(df.schema().apply(vector).dataType() instanceof VectorUDT)) {
      lengths = df.select(org.apache.spark.sql.functions.size(col(quote(vector))));
    }
    List<Row> first = lengths.limit(1).collectAsList();
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
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    List<String> names = List.of(schema.fieldNames());
    throw new DataFormatException(key + " names column '" + name + "', which " + cfg.path() + " does not have"
        + EditDistance.suggestion(name, names) + "; columns: " + columnList(schema));
  }

  private static void scalarField(StructType schema, String name, String key, DataConfig cfg) {
    StructField f = field(schema, name, key, cfg);
    if (!(f.dataType() instanceof NumericType || f.dataType() instanceof StringType)) {
      throw new DataFormatException(key + ": column '" + name + "' of " + cfg.path() + " has type "
          + f.dataType().simpleString() + "; expected a number");
    }
  }

  private static String columnList(StructType schema) {
    StringBuilder s = new StringBuilder();
    for (StructField f : schema.fields()) {
      s.append(s.length() == 0 ? "" : ", ").append(f.name()).append(':').append(f.dataType().simpleString());
    }
    return s.toString();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** The executor side: one partition's rows (values, then the file name) into one block. */
  private static final class RowsToBlock implements Function2<Integer, Iterator<Row>, Iterator<Batch>>, Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean vector;
    private final int cols;
    private final boolean labelled;
    private final boolean weighted;
    private final List<String> columns;

    RowsToBlock(boolean vector, int cols, boolean labelled, boolean weighted, List<String> columns) {
      this.vector = vector;
      this.cols = cols;
      this.labelled = labelled;
      this.weighted = weighted;
      this.columns = List.copyOf(columns);
    }

    @Override
    public Iterator<Batch> call(Integer partition, Iterator<Row> rows) {
      BlockBuilder block = new BlockBuilder(cols, labelled, weighted);
      int fileIndex = columns.size();
      while (rows.hasNext()) {
        Row row = rows.next();
        int at = block.startRow();
        double[] f = block.features();
        int c = 0;
        if (vector) {
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
            f[at + j] = d;
          }
          c = 1;
        } else {
          for (int j = 0; j < cols; j++) {
            f[at + j] = number(row, j, fileIndex);
          }
          c = cols;
        }
        int label = 0;
        if (labelled) {
          double l = number(row, c, fileIndex);
          if (l != Math.rint(l) || l < 0 || l > Integer.MAX_VALUE) {
            throw bad(row, c, "is " + l + ", not a class label (an integer >= 0)", fileIndex);
          }
          label = (int) l;
          c++;
        }
        double weight = 1;
        if (weighted) {
          weight = number(row, c, fileIndex);
          if (weight < 0) {
            throw bad(row, c, "is " + weight + ", a negative weight", fileIndex);
          }
        }
        block.finishRow(label, weight);
      }
      Batch b = block.build();
      return b == null ? Collections.emptyIterator() : List.of(b).iterator();
    }

    private double number(Row row, int i, int fileIndex) {
      if (row.isNullAt(i)) {
        throw bad(row, i, "has no value", fileIndex);
      }
      Object x = row.get(i);
      double d;
      if (x instanceof Number n) {
        d = n.doubleValue();
      } else {
        try {
          d = Double.parseDouble(x.toString().trim());
        } catch (NumberFormatException e) {
          throw bad(row, i, "has the non-numeric value '" + x + "'", fileIndex);
        }
      }
      if (!Double.isFinite(d)) {
        throw bad(row, i, "has the non-finite value " + x, fileIndex);
      }
      return d;
    }

    private DataFormatException bad(Row row, int i, String what, int fileIndex) {
      StringBuilder values = new StringBuilder();
      for (int k = 0; k < fileIndex; k++) {
        values.append(k == 0 ? "" : ", ").append(columns.get(k)).append('=').append(row.isNullAt(k) ? "null"
            : row.get(k) instanceof scala.collection.Seq<?> s ? "[" + s.size() + " values]" : String.valueOf(row.get(k)));
      }
      return new DataFormatException("column '" + columns.get(i) + "' " + what + " in file " + row.getString(fileIndex)
          + ", row {" + values + "}");
    }
  }
}
