package org.odespark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.odespark.data.ToyDistributions;
import org.odespark.random.SeedSequence;
import org.odespark.spark.ml.CnfDensityEstimator;
import org.odespark.spark.ml.CnfDensityModel;
import org.odespark.spark.ml.TrainingSummary;

/**
 * docs/spark.md's Pipeline example, compiled and run as users run it ({@code MlFreshJvmTest}): the regions
 * between the SNIPPET markers are the example, word for word (the test compares them with the page).
 *
 * <pre>
 *   PipelineExample fit DIR    fit, summary, validation curve, transform, save to DIR/pipeline; outputs to DIR/example-*.txt
 *   PipelineExample load DIR   in a fresh JVM: load, transform the same rows, sample
 * </pre>
 */
public final class PipelineExample {

  private PipelineExample() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    String path = dir.resolve("pipeline").toString();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("odespark-pipeline-example")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      Dataset<Row> test = points(spark, 100, 2);
      if (args[0].equals("fit")) {
        Dataset<Row> train = points(spark, 600, 1);
        // SNIPPET pipeline
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features"),
            new CnfDensityEstimator().setStandardize(true).setHidden(16, 16).setTolerances(1e-3, 1e-3)
                .setMaxIter(40).setLearningRate(1e-2)
                .setValidationFraction(0.2).setValidationInterval(10).setKeepBest(true)});
        PipelineModel model = pipeline.fit(train);
        TrainingSummary summary = ((CnfDensityModel) model.stages()[1]).summary();
        double[] trainLoss = summary.objectiveHistory();           // minibatch NLL of every iteration
        double[] validationLoss = summary.validationLossHistory(); // held-out NLL every 10 iterations
        Dataset<Row> scored = model.transform(test);               // + log_density, in the data's units
        model.write().overwrite().save(path);
        // END SNIPPET
        lines(dir.resolve("example-curves.txt"), List.of(Arrays.toString(trainLoss),
            Arrays.toString(validationLoss), Long.toString(summary.modelIteration())));
        lines(dir.resolve("example-fit.txt"), logDensities(scored));
      } else {
        // SNIPPET pipeline
        // Later, in another JVM:
        PipelineModel loaded = PipelineModel.load(path);
        Dataset<Row> rescored = loaded.transform(test);
        Dataset<Row> samples = ((CnfDensityModel) loaded.stages()[1]).sample(spark, 1000, 2, 7);
        // END SNIPPET
        lines(dir.resolve("example-load.txt"), logDensities(rescored));
        lines(dir.resolve("example-samples.txt"), samples.collectAsList().stream().map(r -> r.get(0).toString())
            .toList());
      }
    } finally {
      spark.stop();
    }
  }

  /** 8-Gaussians points with an id, in two partitions. */
  private static Dataset<Row> points(SparkSession spark, int n, long seed) {
    double[] xy = ToyDistributions.sample("8gaussians", n, SeedSequence.of(seed).random("example"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(i, xy[2 * i], xy[2 * i + 1]));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema).repartition(2, org.apache.spark.sql.functions.col("id"))
        .sortWithinPartitions("id");
  }

  /** "id bits" per row in id order, the bits of log_density in hexadecimal (equal files: identical values). */
  private static List<String> logDensities(Dataset<Row> df) {
    return df.orderBy("id").collectAsList().stream().map(r -> r.getInt(r.fieldIndex("id")) + " "
        + Long.toHexString(Double.doubleToRawLongBits(r.getDouble(r.fieldIndex("log_density"))))).toList();
  }

  private static void lines(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
