package org.odespark.spark.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.odespark.io.DataFingerprint;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.io.SnapshotFormatException;
import org.odespark.spark.config.ConfigException;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.spark.io.ModelSummary;

/**
 * Where an ML model's θ lives: {@code <path>/data/model.odsm}, the {@code train} job's model file, beside Spark's
 * {@code <path>/metadata} and {@code <path>/model-summary.txt}; and the reading of a job's model file as an ML
 * model. One format for both, {@link SnapshotFormat}.
 */
final class ModelFiles {

  /** The model file under an ML model's directory. */
  static final String DATA_FILE = "data/model.odsm";

  /**
   * A model file read for an ML model.
   *
   * @param file the file read
   * @param snapshot its content
   * @param config its configuration, validated, every key resolved over reference.conf
   * @param fromSpark whether the path is an ML model's directory (with Spark's metadata) rather than a job's file
   */
  record Loaded(Path file, Snapshot snapshot, Config config, boolean fromSpark) {}

  private ModelFiles() {}

  /**
   * Requires the model that the loaded parameters build to be the one the file stores: its SPEC ({@code built},
   * the properties of the spec the parameters give) and its parameter count. A file whose configuration was
   * edited, or that a reader maps to other parameters, is refused instead of evaluated with the wrong model.
   *
   * @throws IllegalArgumentException naming the file and the first differing SPEC key, or both counts
   */
  static void requireBuilds(Loaded loaded, Map<String, String> built, int parameterCount) {
    Snapshot s = loaded.snapshot();
    if (!built.equals(s.spec())) {
      throw new IllegalArgumentException(loaded.file() + ": the parameters stored with the model build another"
          + " model than its spec: " + Snapshot.specDifference(s.spec(), built));
    }
    if (parameterCount != s.theta().length) {
      throw new IllegalArgumentException(loaded.file() + " holds " + s.theta().length
          + " parameters but the saved architecture needs " + parameterCount);
    }
  }

  /**
   * The fingerprint of a model made without training data at hand: D columns, of labelled data (a classifier)
   * if {@code labelled}, nothing else known.
   */
  static DataFingerprint unknownData(int dimension, boolean labelled) {
    return new DataFingerprint("spark-ml", dimension, new long[] {0}, "none", labelled, false, List.of());
  }

  /** Writes {@code <path>/data/model.odsm} and {@code <path>/model-summary.txt}, each atomically. */
  static void write(SparkSession spark, String path, Snapshot snapshot, String summary) {
    HadoopStorage storage = new HadoopStorage(spark.sparkContext().hadoopConfiguration());
    try {
      storage.writeAtomically(storage.qualify(path + "/" + DATA_FILE), SnapshotFormat.toBytes(snapshot));
      ModelSummary.write(storage, path, summary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model files under " + path, e);
    }
  }

  /**
   * Reads the model file of {@code path}: an ML model's directory ({@code data/model.odsm}), a job's model file,
   * or a job's output directory holding {@code model.odsm}. A checkpoint loads as the model of its θ.
   *
   * @param modelType the {@code model.type} the caller models
   * @throws IllegalArgumentException naming the file if there is none, it is damaged, or it holds another kind
   *     of model or an invalid configuration
   */
  static Loaded read(SparkSession spark, String path, String modelType) {
    HadoopStorage storage = new HadoopStorage(spark.sparkContext().hadoopConfiguration());
    Path file;
    boolean fromSpark;
    byte[] bytes;
    try {
      Path p = storage.qualify(path);
      FileSystem fs = storage.fileSystem(p);
      fromSpark = fs.exists(new Path(p, "metadata"));
      if (fromSpark) {
        file = new Path(p, DATA_FILE);
      } else if (fs.isFile(p)) {
        file = p;
      } else {
        file = new Path(p, "model.odsm");
      }
      if (!fs.isFile(file)) {
        throw new IllegalArgumentException(path + " holds neither an ML model (metadata/ and " + DATA_FILE
            + ") nor a train job's model.odsm");
      }
      bytes = storage.readAll(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model at " + path, e);
    }
    Snapshot s;
    try {
      s = SnapshotFormat.read(bytes, file.toString());
    } catch (SnapshotFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!s.modelType().equals(modelType)) {
      throw new IllegalArgumentException(file + " holds model.type = " + s.modelType() + ", not " + modelType);
    }
    JobConfig cfg;
    try {
      cfg = ConfigLoader.standard().fromText(s.config(), file.toString());
    } catch (ConfigException e) {
      throw new IllegalArgumentException(file + ": invalid configuration: " + String.join("; ", e.problems()), e);
    }
    return new Loaded(file, s.kind() == Snapshot.Kind.MODEL ? s : s.asModel(), ConfigFactory.parseString(cfg.text()),
        fromSpark);
  }
}
