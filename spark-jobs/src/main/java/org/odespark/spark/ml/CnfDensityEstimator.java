package org.odespark.spark.ml;

import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.odespark.spark.exec.SparkTrainer;
import org.odespark.spark.io.TrainingData;

/**
 * A Spark ML Estimator that fits a continuous normalizing flow (FFJORD) to the points of a vector column by
 * maximum likelihood, distributed: the same {@link SparkTrainer} as the {@code train} job (per-partition
 * minibatch gradients, deterministic tree aggregation, optimizer step on the driver). Its parameters and
 * their defaults are in {@link CnfParams}; {@link #fit} gives a {@link CnfDensityModel}.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {
 *     new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw"),
 *     new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
 *     new CnfDensityEstimator().setMaxIter(2000)});
 * PipelineModel m = p.fit(df);
 * m.transform(df).select("log_density");   // log p(x) of every row
 * }</pre>
 *
 * The result depends on the DataFrame's partitioning (each partition draws its share of every minibatch);
 * the same data, partitioning and parameters give bit-identical models.
 */
public final class CnfDensityEstimator extends FittingEstimator<CnfDensityModel, CnfDensityEstimator>
    implements CnfParams {

  private static final long serialVersionUID = 1L;

  private final CnfParamSet params;

  public CnfDensityEstimator() {
    this(Identifiable.randomUID("cnfDensity"));
  }

  public CnfDensityEstimator(String uid) {
    super(uid);
    this.params = new CnfParamSet(this);
    params.setDefaults(this);
  }

  @Override
  public CnfParamSet cnfParams() {
    return params;
  }

  public CnfDensityEstimator setLogDensityCol(String v) {
    set(logDensityCol(), v);
    return this;
  }

  /**
   * Whether to fit z = (x − μ) / s per column (mean, population standard deviation) in the pass that caches
   * the data and train the flow on z; the model then reports densities and samples in x's own units. Use it
   * instead of a StandardScaler stage, after which densities would be those of the scaled vector.
   */
  public CnfDensityEstimator setStandardize(boolean v) {
    set(standardize(), v);
    return this;
  }

  public CnfDensityEstimator setScoreTrace(String v) {
    set(scoreTrace(), v);
    return this;
  }

  public CnfDensityEstimator setBlocks(int v) {
    set(blocks(), v);
    return this;
  }

  public CnfDensityEstimator setTime(double v) {
    set(time(), v);
    return this;
  }

  public CnfDensityEstimator setTrainTime(boolean v) {
    set(trainTime(), v);
    return this;
  }

  public CnfDensityEstimator setTrace(String v) {
    set(trace(), v);
    return this;
  }

  public CnfDensityEstimator setNoise(String v) {
    set(noise(), v);
    return this;
  }

  public CnfDensityEstimator setKineticWeight(double v) {
    set(kineticWeight(), v);
    return this;
  }

  public CnfDensityEstimator setJacobianWeight(double v) {
    set(jacobianWeight(), v);
    return this;
  }

  public CnfDensityEstimator setSeminorm(boolean v) {
    set(seminorm(), v);
    return this;
  }

  @Override
  public CnfDensityModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    TrainingData data = DatasetBlocks.read(dataset, getFeaturesCol(), getWeightCol(), getStandardize());
    return trained(dataset, data, this::cnfSpec, "cnf", ReferenceParams.CNF_ESTIMATOR, false,
        fit -> new CnfDensityModel(uid(), data.cols(), fit.theta(), data.standardization(), fit.iteration(),
            fit.data()));
  }

  public static MLReader<CnfDensityEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static CnfDensityEstimator load(String path) {
    return read().load(path);
  }
}
