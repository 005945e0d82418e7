package org.odespark.spark.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odespark.data.Batch;
import org.odespark.data.SeedSequence;
import org.odespark.flow.Cnf;
import org.odespark.flow.CnfSpec;
import scala.Option;

/**
 * A fitted continuous normalizing flow: {@link #transform} adds a column with log p(x) (nats) of every row's
 * features, {@link #sample} draws points from the model. Rows are scored in chunks of 1024 per partition (one
 * ODE solve per chunk); with Hutchinson's estimator the probes depend on the seed, the partition and the
 * chunk, so score with the exact trace (the default) for values that do not depend on the partitioning.
 *
 * <p>Persistence ({@link #write()}, {@link #load}): Spark's standard parameter metadata in
 * {@code <path>/metadata}, and the parameters θ in {@code <path>/data/odespark-cnf.bin}: magic
 * {@code ODSPCNF1}, format version (int, 1), dimension D (int), |θ| (int), θ (doubles), then the CRC-32 of
 * all preceding bytes (long); big-endian (Java's DataOutputStream). Not Java serialization; models saved by
 * format version 1 load in later versions.
 */
public final class CnfDensityModel extends Model<CnfDensityModel> implements CnfParams, MLWritable {

  private static final long serialVersionUID = 1L;
  private static final String MAGIC = "ODSPCNF1";
  private static final int FORMAT_VERSION = 1;
  private static final String DATA_FILE = "data/odespark-cnf.bin";
  private static final int CHUNK = 1024;

  private final String uid;
  private final CnfParamSet params;
  private final int dimension;
  private final double[] theta;

  CnfDensityModel(String uid, int dimension, double[] theta) {
    this.uid = uid;
    this.params = new CnfParamSet(this);
    params.setDefaults(this);
    this.dimension = dimension;
    this.theta = theta.clone();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public CnfParamSet cnfParams() {
    return params;
  }

  /** Dimension D of the modelled points. */
  public int dimension() {
    return dimension;
  }

  /** Copy of the parameters θ. */
  public double[] parameters() {
    return theta.clone();
  }

  /** The flow this model evaluates. */
  public CnfSpec spec() {
    return cnfSpec(dimension);
  }

  public CnfDensityModel setFeaturesCol(String v) {
    set(featuresCol(), v);
    return this;
  }

  public CnfDensityModel setLogDensityCol(String v) {
    set(logDensityCol(), v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return validateAndTransformSchema(schema, true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    int featureIndex = df.schema().fieldIndex(value(featuresCol()));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    Broadcast<double[]> b = sc.broadcast(theta);
    CnfSpec spec = spec();
    long seedValue = (Long) value(seed());
    int d = dimension;
    return dataset.sparkSession().createDataFrame(df.javaRDD().mapPartitionsWithIndex(
        (Integer partition, Iterator<Row> rows) -> {
      Cnf cnf = spec.create();
      double[] th = b.value();
      List<Row> result = new ArrayList<>();
      List<Row> chunk = new ArrayList<>(CHUNK);
      double[] x = new double[CHUNK * d];
      double[] logp = new double[CHUNK];
      int chunkIndex = 0;
      while (rows.hasNext() || !chunk.isEmpty()) {
        while (rows.hasNext() && chunk.size() < CHUNK) {
          Row r = rows.next();
          double[] v = ((Vector) r.get(featureIndex)).toArray();
          if (v.length != d) {
            throw new IllegalArgumentException("the model scores " + d + "-dimensional points, a row of "
                + spec.dim() + " features has " + v.length);
          }
          System.arraycopy(v, 0, x, chunk.size() * d, d);
          chunk.add(r);
        }
        int n = chunk.size();
        double[] features = java.util.Arrays.copyOf(x, n * d);
        cnf.logDensity(th, new Batch(n, d, features, null, null),
            SeedSequence.of(seedValue).derive("score", partition, chunkIndex++), logp, 0);
        for (int i = 0; i < n; i++) {
          Row r = chunk.get(i);
          Object[] values = new Object[r.size() + 1];
          for (int c = 0; c < r.size(); c++) {
            values[c] = r.get(c);
          }
          values[r.size()] = logp[i];
          result.add(RowFactory.create(values));
        }
        chunk.clear();
      }
      return result.iterator();
    }, true), out);
  }

  /**
   * n points drawn from the model, in a DataFrame with one vector column named by {@code featuresCol},
   * generated on the executors in {@code partitions} parts, each from SeedSequence(seed).derive("sample",
   * part).
   */
  public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed) {
    if (n < 1 || partitions < 1) {
      throw new IllegalArgumentException("sample needs n >= 1 and partitions >= 1, got " + n + ", " + partitions);
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<double[]> b = sc.broadcast(theta);
    CnfSpec spec = spec();
    int d = dimension;
    List<Integer> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(p);
    }
    StructType schema = new StructType(new StructField[] {
        new StructField(value(featuresCol()), SQLDataTypes.VectorType(), false, Metadata.empty())});
    return spark.createDataFrame(sc.parallelize(parts, partitions).mapPartitionsWithIndex(
        (Integer p, Iterator<Integer> it) -> {
      long count = n / partitions + (p < n % partitions ? 1 : 0);
      List<Row> out = new ArrayList<>();
      if (count > 0) {
        double[] points = new double[(int) count * d];
        spec.create().sample(b.value(), (int) count, SeedSequence.of(seed).derive("sample", p), points);
        for (int i = 0; i < count; i++) {
          out.add(RowFactory.create(Vectors.dense(java.util.Arrays.copyOfRange(points, i * d, (i + 1) * d))));
        }
      }
      return out.iterator();
    }, true), schema);
  }

  @Override
  public CnfDensityModel copy(ParamMap extra) {
    CnfDensityModel copy = new CnfDensityModel(uid, dimension, theta);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<CnfDensityModel> read() {
    return new Reader();
  }

  public static CnfDensityModel load(String path) {
    return read().load(path);
  }

  /** Spark's metadata plus odespark's θ file. */
  private static final class Writer extends MLWriter {
    private final CnfDensityModel model;

    Writer(CnfDensityModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sparkSession());
      Path file = new Path(path, DATA_FILE);
      try {
        FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        CRC32 crc = new CRC32();
        try (FSDataOutputStream raw = fs.create(file, true);
             DataOutputStream out = new DataOutputStream(new java.util.zip.CheckedOutputStream(raw, crc))) {
          out.writeBytes(MAGIC);
          out.writeInt(FORMAT_VERSION);
          out.writeInt(model.dimension);
          out.writeInt(model.theta.length);
          for (double v : model.theta) {
            out.writeDouble(v);
          }
          out.flush();
          raw.writeLong(crc.getValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  private static final class Reader extends MLReader<CnfDensityModel> {
    @Override
    public CnfDensityModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sparkSession(), CnfDensityModel.class.getName());
      Path file = new Path(path, DATA_FILE);
      int dimension;
      double[] theta;
      try {
        FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        CRC32 crc = new CRC32();
        try (FSDataInputStream raw = fs.open(file);
             DataInputStream in = new DataInputStream(new java.util.zip.CheckedInputStream(raw, crc))) {
          byte[] magic = new byte[MAGIC.length()];
          in.readFully(magic);
          if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException(file + " is not an odespark CNF model file (bad magic)");
          }
          int version = in.readInt();
          if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(file + ": unsupported model format version " + version + ", expected "
                + FORMAT_VERSION);
          }
          dimension = in.readInt();
          int count = in.readInt();
          if (dimension < 1 || count < 1) {
            throw new IllegalArgumentException(file + ": invalid header (dimension " + dimension + ", " + count
                + " parameters)");
          }
          theta = new double[count];
          for (int i = 0; i < count; i++) {
            theta[i] = in.readDouble();
          }
          long expected = crc.getValue();
          long stored = new DataInputStream(raw).readLong();
          if (stored != expected) {
            throw new IllegalArgumentException(file + " is damaged: checksum mismatch");
          }
        }
      } catch (java.io.EOFException e) {
        throw new IllegalArgumentException(file + " is truncated", e);
      } catch (org.apache.hadoop.fs.ChecksumException e) {
        // The file system's own checksum (local file systems keep .crc files) caught the damage first.
        throw new IllegalArgumentException(file + " is damaged: checksum mismatch (" + e.getMessage() + ")", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      CnfDensityModel model = new CnfDensityModel(metadata.uid(), dimension, theta);
      metadata.getAndSetParams(model, Option.empty());
      int expectedCount = model.spec().create().parameterCount();
      if (expectedCount != theta.length) {
        throw new IllegalArgumentException(file + " holds " + theta.length + " parameters but the saved architecture "
            + "needs " + expectedCount);
      }
      return model;
    }
  }
}
