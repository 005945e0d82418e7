package org.odespark.spark.config;

import java.io.Serializable;
import java.util.Map;

/**
 * A job's whole resolved configuration as immutable records, plus its canonical text and stable hash (the
 * text is logged at start and stored in every checkpoint and model; the hash identifies it). Built only by
 * {@link ConfigLoader}.
 *
 * @param text the resolved configuration, one {@code key = value} line per declared key in sorted order
 *     (valid HOCON, loadable again)
 * @param hash "sha256:" and the SHA-256 of {@code text} in hex
 */
public record JobConfig(DataConfig data, ModelConfig model, TrainConfig train, OutputConfig output,
                        SparkConfig spark, String text, String hash) implements Serializable {

  /** {@code output.*}, {@code evaluate.*}, {@code sample.*}, {@code score.*} and {@code predict.*}: where results go. */
  public record OutputConfig(String dir, int evaluateBatchSize, long evaluateSeed, String evaluateTrace,
                             long sampleCount, long sampleSeed, int samplePartitions, String sampleOutput,
                             String scoreColumn, int scoreBatchSize, long scoreSeed, String scoreTrace,
                             String scoreOutput, int predictPoints, double predictHorizon, int predictSamples,
                             long predictSeed, String predictOutput) implements Serializable {

    /** The model file written by train and read by evaluate, sample and score. */
    public String modelPath() {
      return join(dir, "model.odsm");
    }

    /** The metrics file (JSON lines, one per logged iteration). */
    public String metricsPath() {
      return join(dir, "metrics.jsonl");
    }

    public String samplesPath() {
      return sampleOutput.isEmpty() ? join(dir, "samples.parquet") : sampleOutput;
    }

    public String scoresPath() {
      return scoreOutput.isEmpty() ? join(dir, "scores.parquet") : scoreOutput;
    }

    public String predictionsPath() {
      return predictOutput.isEmpty() ? join(dir, "predictions.parquet") : predictOutput;
    }

    static String join(String dir, String name) {
      return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
  }

  /** {@code spark.*}: application name, storage level of the cached blocks, further Spark properties. */
  public record SparkConfig(String appName, String storageLevel, Map<String, String> properties)
      implements Serializable {
    public SparkConfig {
      properties = Map.copyOf(properties);
    }
  }
}
