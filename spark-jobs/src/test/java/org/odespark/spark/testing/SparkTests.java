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
import org.odespark.objective.GradientAggregator;
import org.odespark.objective.Objective;
import org.odespark.random.SeedSequence;
import org.odespark.spark.io.TrainingData;
import org.odespark.train.MinibatchSampler;
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

  /**
   * The sums of iteration {@code iteration}'s global minibatch as the trainer must form them, computed in one
   * JVM: each partition's share of the batch drawn by the documented rule ({@link MinibatchSampler}), one
   * {@code accumulate} per partition with the seed the trainer derives for it. The reference the
   * distributed-gradient tests hold {@code SparkTrainer.gradient} to.
   *
   * @param all the rows in partition order, as {@link #blocks} split them
   */
  public static GradientAggregator oneJvmSums(Objective objective, double[] theta, Batch all, TrainingData blocks,
                                              int batch, long seed, long iteration) {
    GradientAggregator reference = new GradientAggregator(theta.length);
    long[] rows = blocks.partitionRows();
    int[] shares = MinibatchSampler.shares(rows, batch);
    int offset = 0;
    for (int q = 0; q < rows.length; q++) {
      int[] idx = new int[shares[q]];
      new MinibatchSampler(seed, q, (int) rows[q], shares[q]).draw(iteration, idx);
      for (int i = 0; i < idx.length; i++) {
        idx[i] += offset;
      }
      offset += (int) rows[q];
      objective.accumulate(theta, all.gather(idx), SeedSequence.of(seed).derive("objective", iteration, q),
          reference);
    }
    return reference;
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
