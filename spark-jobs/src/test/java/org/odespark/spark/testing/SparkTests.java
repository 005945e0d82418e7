package org.odespark.spark.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.odespark.io.DataFingerprint;
import org.odespark.objective.Batch;
import org.odespark.spark.io.TrainingData;
import org.odespark.train.TrainerOptions;

/** Shared pieces of the Spark tests: a quiet local session, data split into blocks, captured output. */
public final class SparkTests {

  private SparkTests() {}

  /** A local session for one test class (UI off, few shuffle partitions). */
  public static SparkSession session(String master) {
    return session(master, "org.apache.spark.serializer.JavaSerializer");
  }

  /** As {@link #session(String)} with the given {@code spark.serializer} (Kryo needs the --add-opens flags). */
  public static SparkSession session(String master, String serializer) {
    return SparkSession.builder().master(master).appName("odespark-test")
        .config("spark.serializer", serializer)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  /** {@code rows} examples split into {@code partitions} contiguous blocks, one per partition, cached. */
  public static TrainingData blocks(JavaSparkContext sc, Batch all, int partitions) {
    List<Batch> parts = new ArrayList<>();
    long[] sizes = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      int from = (int) ((long) p * all.rows() / partitions);
      int to = (int) ((long) (p + 1) * all.rows() / partitions);
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = from + i;
      }
      parts.add(all.gather(idx));
      sizes[p] = idx.length;
    }
    JavaRDD<Batch> rdd = sc.parallelize(parts, partitions).cache();
    return new TrainingData(rdd, new DataFingerprint("test", all.cols(), sizes, "none", all.hasLabels(),
        all.hasWeights(), List.of()), null);
  }

  /** Default training options but for the run's length, batch and seed. */
  public static TrainerOptions options(long iterations, int batch, long seed) {
    return TrainerOptions.builder().iterations(iterations).batchSize(batch).seed(seed).build();
  }

  /** Runs {@code call} with stdout and stderr captured (tests must not print); returns its result. */
  public static <T> T quietly(ByteArrayOutputStream out, ByteArrayOutputStream err, Callable<T> call) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      return call.call();
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** What a command line run through {@link org.odespark.spark.Main#execute} returned and printed. */
  public record JobRun(int code, String out, String err) {}

  /** Runs {@code job} with {@code args} through Main in this JVM, stdout and stderr captured. */
  public static JobRun job(String job, List<String> args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(job);
    all.addAll(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = quietly(out, err, () -> org.odespark.spark.Main.execute(all.toArray(new String[0])));
    return new JobRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** ‖a − b‖∞ / ‖b‖∞: how far a distributed result is from the one-JVM reference. */
  public static double relative(double[] a, double[] b) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }
}
