package org.odespark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.odespark.random.SeedSequence;
import org.odespark.data.ToyDistributions;
import org.odespark.spark.ml.CnfDensityEstimator;
import org.odespark.spark.ml.CnfDensityModel;
import org.odespark.spark.ml.OdeNetClassifierEstimator;

/**
 * The Spark ML side of "train here, score there", one step per JVM ({@code MlFreshJvmTest} starts each as its
 * own process):
 *
 * <pre>
 *   PipelineRoundTrip fit DIR    fit VectorAssembler → CnfDensityEstimator and VectorAssembler →
 *                                OdeNetClassifierEstimator, save both pipelines under DIR, write their outputs
 *                                on the test rows to DIR/{cnf,odenet}-fit.txt
 *   PipelineRoundTrip load DIR   PipelineModel.load both, transform the same rows into DIR/{cnf,odenet}-load.txt,
 *                                draw 500 samples from the loaded flow into DIR/cnf-samples.txt
 * </pre>
 *
 * Values are written as the hexadecimal bits of each double, so that equal files mean bit-identical outputs.
 */
public final class PipelineRoundTrip {

  private PipelineRoundTrip() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("odespark-ml-round-trip")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    try {
      Dataset<Row> test = points(spark, 200, 2);
      if (args[0].equals("fit")) {
        Dataset<Row> train = points(spark, 800, 1);
        PipelineModel cnf = new Pipeline().setStages(new PipelineStage[] {assembler(),
            new CnfDensityEstimator().setHidden(16, 16).setTolerances(1e-3, 1e-3).setMaxIter(8).setBatchSize(64)
                .setLearningRate(1e-2).setSeed(3)}).fit(train);
        cnf.write().overwrite().save(dir.resolve("cnf-pipeline").toString());
        PipelineModel odenet = new Pipeline().setStages(new PipelineStage[] {assembler(),
            new OdeNetClassifierEstimator().setWidth(8).setHidden(8).setTolerances(1e-3, 1e-3).setMaxIter(8)
                .setBatchSize(64).setLearningRate(0.05).setSeed(3)}).fit(train);
        odenet.write().overwrite().save(dir.resolve("odenet-pipeline").toString());
        write(dir.resolve("cnf-fit.txt"), cnf.transform(test), "log_density");
        write(dir.resolve("odenet-fit.txt"), odenet.transform(test), "prediction", "probability");
      } else {
        PipelineModel cnf = PipelineModel.load(dir.resolve("cnf-pipeline").toString());
        PipelineModel odenet = PipelineModel.load(dir.resolve("odenet-pipeline").toString());
        write(dir.resolve("cnf-load.txt"), cnf.transform(test), "log_density");
        write(dir.resolve("odenet-load.txt"), odenet.transform(test), "prediction", "probability");
        CnfDensityModel flow = (CnfDensityModel) cnf.stages()[1];
        List<String> lines = new ArrayList<>();
        for (Row r : flow.sample(spark, 500, 2, 7).collectAsList()) {
          Vector v = (Vector) r.get(0);
          lines.add(String.format(Locale.ROOT, "%.17g %.17g", v.apply(0), v.apply(1)));
        }
        Files.write(dir.resolve("cnf-samples.txt"), lines, StandardCharsets.UTF_8);
      }
    } finally {
      spark.stop();
    }
  }

  private static VectorAssembler assembler() {
    return new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features");
  }

  /** 8-Gaussians points with an id and a label (the upper half-plane), in two partitions. */
  private static Dataset<Row> points(SparkSession spark, int n, long seed) {
    double[] xy = ToyDistributions.sample("8gaussians", n, SeedSequence.of(seed).random("ml-points"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(i, xy[2 * i], xy[2 * i + 1], xy[2 * i + 1] > 0 ? 1.0 : 0.0));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema).repartition(2, org.apache.spark.sql.functions.col("id"))
        .sortWithinPartitions("id");
  }

  /** One line per row, ordered by id: the id, then the bits of each named column's doubles. */
  private static void write(Path file, Dataset<Row> df, String... columns) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Row r : df.orderBy("id").collectAsList()) {
      StringBuilder sb = new StringBuilder(Integer.toString(r.getInt(r.fieldIndex("id"))));
      for (String c : columns) {
        Object v = r.get(r.fieldIndex(c));
        double[] values = v instanceof Vector vec ? vec.toArray() : new double[] {(Double) v};
        for (double x : values) {
          sb.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(x)));
        }
      }
      lines.add(sb.toString());
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
