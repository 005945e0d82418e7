package org.odespark.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.classify.ConcentricCircles;
import org.odespark.objective.Batch;
import org.odespark.random.SeedSequence;
import org.odespark.spark.testing.SparkTests;

/**
 * The ODE-Net classifier's Spark ML API in a Pipeline after VectorAssembler and StandardScaler: fit on
 * concentric circles, held-out accuracy, save → load → identical scores, and label validation.
 */
class OdeNetClassifierPipelineTest {

  private static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** n labelled circles points (label 0 disk, 1 ring) as columns id, x, y, label (double), in 2 partitions. */
  private static Dataset<Row> circles(int n, long seed) {
    Batch b = ConcentricCircles.sample(n, SeedSequence.of(seed).random("circles"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(i, b.features()[2 * i], b.features()[2 * i + 1], (double) b.labels()[i]));
    }
    return spark.createDataFrame(rows, schema()).repartition(2, functions.col("id")).sortWithinPartitions("id");
  }

  private static StructType schema() {
    return new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
  }

  /** The settings of OdeNetClassifierSparkTest's CLI run: width 8, field [8], augment 1, 200 Adam steps. */
  private static OdeNetClassifierEstimator estimator() {
    return new OdeNetClassifierEstimator().setWidth(8).setHidden(8).setAugment(1).setTolerances(1e-3, 1e-3)
        .setMaxIter(200).setBatchSize(64).setLearningRate(0.02).setSeed(1);
  }

  private static Pipeline pipeline(OdeNetClassifierEstimator classifier) {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true).setWithStd(true),
        classifier});
  }

  @Test
  void augmentedOdeNetSeparatesCirclesAndTheSavedPipelineScoresIdentically() {
    PipelineModel fitted = pipeline(estimator()).fit(circles(2000, 1));
    Dataset<Row> test = circles(1000, 2);
    List<Row> before = fitted.transform(test).orderBy("id").select("label", "prediction", "probability")
        .collectAsList();
    assertEquals(1000, before.size());
    int correct = 0;
    for (Row r : before) {
      double prediction = r.getDouble(1);
      Vector p = (Vector) r.get(2);
      assertEquals(2, p.size());
      assertEquals(1.0, p.apply(0) + p.apply(1), 1e-12, "probabilities sum to 1");
      assertEquals(prediction, p.argmax(), "prediction is the most probable class");
      correct += prediction == r.getDouble(0) ? 1 : 0;
    }
    double accuracy = correct / 1000.0;
    assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy);
    // Spark's evaluators read the default columns: the logits (rawPrediction) and the prediction.
    Dataset<Row> scored = fitted.transform(test);
    double auc = new BinaryClassificationEvaluator().evaluate(scored);
    assertTrue(auc >= 0.98, "area under ROC " + auc);
    assertEquals(accuracy, new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored), 1e-12,
        "the evaluator's accuracy is the one counted here");
    Row first = scored.orderBy("id").select("rawPrediction", "probability").first();
    double[] logits = ((Vector) first.get(0)).toArray();
    double p1 = 1 / (1 + Math.exp(logits[0] - logits[1]));
    assertEquals(p1, ((Vector) first.get(1)).apply(1), 1e-12, "probability = softmax(rawPrediction)");

    OdeNetClassifierModel trained = (OdeNetClassifierModel) fitted.stages()[2];
    assertEquals(2, trained.classes());
    TrainingSummary summary = trained.summary();
    assertEquals(200, summary.totalIterations());
    double[] minibatchAccuracy = summary.accuracyHistory();
    double late = 0;
    for (int i = 180; i < 200; i++) {
      late += minibatchAccuracy[i] / 20;
    }
    assertTrue(late > 0.9, "mean minibatch accuracy of the last 20 iterations " + late);
    assertEquals(1, trained.spec().augment());
    String path = dir.resolve("pipeline").toString();
    try {
      fitted.write().overwrite().save(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> after = loaded.transform(test).orderBy("id").select("label", "prediction", "probability")
        .collectAsList();
    for (int i = 0; i < before.size(); i++) {
      assertEquals(before.get(i).getDouble(1), after.get(i).getDouble(1), "prediction of row " + i);
      assertArrayEquals(((Vector) before.get(i).get(2)).toArray(), ((Vector) after.get(i).get(2)).toArray(),
          "probabilities of row " + i);
    }
    OdeNetClassifierModel reloaded = (OdeNetClassifierModel) loaded.stages()[2];
    assertFalse(reloaded.hasSummary(), "a loaded model has no summary");
    assertArrayEquals(trained.parameters(), reloaded.parameters());
    assertEquals(trained.spec(), reloaded.spec());
  }

  @Test
  void badLabelsAreRejectedBeforeTrainingWithColumnRowAndValue() {
    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features")
        .transform(circles(200, 3));
    List<Row> ordered = data.select("id").collectAsList();   // the DataFrame's partition order
    int badRow = 150;
    int badId = ordered.get(badRow).getInt(0);
    Dataset<Row> fractional = data.withColumn("label", functions.when(functions.col("id").equalTo(badId), 0.5)
        .otherwise(functions.col("label")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> estimator().setMaxIter(1).fit(fractional));
    assertTrue(e.getMessage().contains("labelCol = label") && e.getMessage().contains("row " + badRow + " ")
        && e.getMessage().contains("label 0.5"), e.getMessage());

    Dataset<Row> outOfRange = data.withColumn("label", functions.when(functions.col("id").equalTo(badId), 2.0)
        .otherwise(functions.col("label")));
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> estimator().setNumClasses(2).setMaxIter(1).fit(outOfRange));
    assertTrue(range.getMessage().contains("row " + badRow + " ") && range.getMessage().contains("label 2;")
        && range.getMessage().contains("numClasses = 2"), range.getMessage());
    // Without numClasses a label 2 means three classes.
    assertEquals(3, estimator().setMaxIter(1).fit(outOfRange).classes());

    Dataset<Row> negative = data.withColumn("label", functions.when(functions.col("id").equalTo(badId), -1.0)
        .otherwise(functions.col("label")));
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> estimator().setMaxIter(1).fit(negative));
    assertTrue(neg.getMessage().contains("row " + badRow + " ") && neg.getMessage().contains("label -1;"),
        neg.getMessage());

    IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
        () -> estimator().fit(data.withColumn("label", functions.lit("a"))));
    assertTrue(text.getMessage().contains("labelCol = label must be numeric"), text.getMessage());
  }

  @Test
  void paramsRoundTripAndRepartitionedTrainingIsReproducible() throws Exception {
    OdeNetClassifierEstimator e = estimator().setGradient("backprop").setActivation("softplus").setEndTime(0.5)
        .setOptimizer("adamw").setPartitions(3);
    String path = dir.resolve("estimator").toString();
    e.write().overwrite().save(path);
    OdeNetClassifierEstimator back = OdeNetClassifierEstimator.load(path);
    assertEquals(e.odeNetSpec(2, 2), back.odeNetSpec(2, 2));
    assertEquals(3, back.getPartitions());
    assertThrows(IllegalArgumentException.class, () -> new OdeNetClassifierEstimator().setGradient("exact"));

    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features")
        .transform(circles(300, 4));
    OdeNetClassifierModel a = e.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(5).fit(data);
    OdeNetClassifierModel b = e.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(5).fit(data);
    assertArrayEquals(a.parameters(), b.parameters(), "same data, partitions and seed: same θ");
    List<String> columns = List.of(a.setProbabilityCol("").setRawPredictionCol("").transform(data).columns());
    assertEquals(List.of("id", "x", "y", "label", "features", "prediction"), columns, "empty names leave columns out");
  }
}
