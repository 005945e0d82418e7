package org.odespark.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.odespark.linalg.Blas;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.io.HadoopStorage;
import org.odespark.spark.io.OutputPaths;
import org.odespark.spark.model.ModelFactory;
import org.odespark.spark.model.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark session of one job: built from the configuration's {@code spark} section (never with a master:
 * the launcher or spark-submit sets {@code spark.master}), or the session already active in this JVM (tests,
 * notebooks), which is then left running at the end. Logs the Spark version, master and the BLAS in use; the
 * resolved configuration goes to a file ({@link #logConfig}).
 */
public final class JobSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobSession.class);
  private static final String AUTH_SECRET_CONF = "spark.authenticate.secret";
  /** Spark's {@code SecurityManager.ENV_AUTH_SECRET}. */
  private static final String AUTH_SECRET_ENV = "_SPARK_AUTH_SECRET";

  private final SparkSession spark;
  private final boolean owned;

  private JobSession(SparkSession spark, boolean owned) {
    this.spark = spark;
    this.owned = owned;
  }

  public static JobSession start(String job, JobConfig config) {
    boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession.Builder b = SparkSession.builder().appName(config.spark().appName() + " " + job);
    for (Map.Entry<String, String> e : config.spark().properties().entrySet()) {
      b = b.config(e.getKey(), e.getValue());
    }
    if (!existed) {
      String secret = standaloneClusterDriverSecret(new SparkConf(), System.getenv(AUTH_SECRET_ENV));
      if (secret != null) {
        b = b.config(AUTH_SECRET_CONF, secret);
      }
    }
    SparkSession spark = b.getOrCreate();
    LOG.info("odespark {}: Spark {} master {} default parallelism {}; driver BLAS: {}", job, spark.version(),
        spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), Blas.describe());
    return new JobSession(spark, !existed);
  }

  /**
   * The authentication secret that a standalone worker hands the driver it launches in cluster deploy mode, or
   * null when none is needed. The worker removes {@value #AUTH_SECRET_CONF} from the driver's options and passes
   * it in the environment variable {@value #AUTH_SECRET_ENV} instead (as it does for executors), but the
   * driver's SparkContext insists on the configuration key (SPARK-25078, open in Spark 4.2), so an
   * authenticated cluster could not run a cluster-mode driver. Only with {@code spark.authenticate} on and the
   * key absent; the secret stays in this JVM's configuration, never on a command line.
   */
  static String standaloneClusterDriverSecret(SparkConf conf, String fromEnvironment) {
    if (!conf.getBoolean("spark.authenticate", false) || conf.contains(AUTH_SECRET_CONF)
        || fromEnvironment == null || fromEnvironment.isEmpty()) {
      return null;
    }
    return fromEnvironment;
  }

  /**
   * Writes the resolved configuration (every key, one {@code key = value} line each; it reloads as a --conf
   * file) to {@code <output.dir>/resolved-<job>.conf} and logs one line naming the file and the hash.
   */
  public static void logConfig(String job, JobConfig config) throws IOException {
    HadoopStorage storage = new HadoopStorage(new Configuration());
    Path file = storage.qualify(config.output().dir() + "/resolved-" + job + ".conf");
    storage.writeAtomically(file, config.text().getBytes(StandardCharsets.UTF_8));
    LOG.info("odespark {}: configuration {} (every key in {})", job, config.hash(), file);
  }

  /**
   * The trained model of {@code job} (sample, score), once its output {@code path} ({@code <job>.output}, free
   * unless {@code overwrite}; else it holds {@code earlier}) is checked. Throws InputException unless a density model.
   */
  static TrainedModel densityModel(String job, JobConfig cfg, String path, boolean overwrite, String earlier)
      throws IOException {
    TrainedModel model = TrainedModel.load(cfg.output().modelPath(), ConfigLoader.standard());
    HadoopStorage local = new HadoopStorage(new Configuration());
    OutputPaths.requireDirectory(local, job + ".output", path);
    OutputPaths.requireAbsent(local, job + ".output", path, overwrite, earlier);
    if (model.factory().kind() != ModelFactory.Kind.DENSITY) {
      throw new InputException(job + " needs a density model; " + cfg.output().modelPath()
          + " holds model.type = " + model.snapshot().modelType() + ", a classifier, which has no density (use"
          + " evaluate for its accuracy)");
    }
    return model;
  }

  public SparkSession spark() {
    return spark;
  }

  public JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  public HadoopStorage storage() {
    return new HadoopStorage(spark.sparkContext().hadoopConfiguration());
  }

  public static StorageLevel storageLevel(JobConfig config) {
    return StorageLevel.fromString(config.spark().storageLevel());
  }

  @Override
  public void close() {
    if (owned) {
      spark.stop();
    }
  }
}
