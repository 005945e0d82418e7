package org.odespark.spark.ml;

/**
 * The setters of the parameters every odespark estimator shares ({@link SharedParams}: the columns, the vector
 * field, the solver and gradient method, and the training loop's length, minibatch, seed, optimizer,
 * learning-rate schedule, clipping, logging, checkpoints, validation and early stopping), once for all;
 * {@code S} is the estimator's own type, which each setter returns.
 */
public interface TrainingSetters<S extends TrainingSetters<S>> extends SharedParams {

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  default S setFeaturesCol(String v) {
    set(featuresCol(), v);
    return self();
  }

  default S setWeightCol(String v) {
    set(weightCol(), v);
    return self();
  }

  default S setHidden(int... v) {
    set(hidden(), v);
    return self();
  }

  default S setLayerType(String v) {
    set(layerType(), v);
    return self();
  }

  default S setActivation(String v) {
    set(activation(), v);
    return self();
  }

  default S setMethod(String v) {
    set(method(), v);
    return self();
  }

  /** Forward and adjoint tolerances alike. */
  default S setTolerances(double relative, double absolute) {
    set(rtol(), relative);
    set(atol(), absolute);
    return setAdjointTolerances(relative, absolute);
  }

  /** Tolerances of the adjoint's backward solves only. */
  default S setAdjointTolerances(double relative, double absolute) {
    set(adjointRtol(), relative);
    set(adjointAtol(), absolute);
    return self();
  }

  default S setMaxSteps(long v) {
    set(maxSteps(), v);
    return self();
  }

  default S setGradient(String v) {
    set(gradient(), v);
    return self();
  }

  default S setOptimizer(String v) {
    set(optimizer(), v);
    return self();
  }

  default S setLearningRate(double v) {
    set(learningRate(), v);
    return self();
  }

  default S setWeightDecay(double v) {
    set(weightDecay(), v);
    return self();
  }

  default S setMaxIter(int v) {
    set(maxIter(), v);
    return self();
  }

  default S setBatchSize(int v) {
    set(batchSize(), v);
    return self();
  }

  default S setSeed(long v) {
    set(seed(), v);
    return self();
  }

  default S setAggregationDepth(int v) {
    set(aggregationDepth(), v);
    return self();
  }

  default S setBeta1(double v) {
    set(beta1(), v);
    return self();
  }

  default S setBeta2(double v) {
    set(beta2(), v);
    return self();
  }

  default S setEpsilon(double v) {
    set(epsilon(), v);
    return self();
  }

  default S setMomentum(double v) {
    set(momentum(), v);
    return self();
  }

  default S setNesterov(boolean v) {
    set(nesterov(), v);
    return self();
  }

  default S setLrSchedule(String v) {
    set(lrSchedule(), v);
    return self();
  }

  default S setLrDecay(double v) {
    set(lrDecay(), v);
    return self();
  }

  default S setLrStepSize(long v) {
    set(lrStepSize(), v);
    return self();
  }

  default S setLrMinFactor(double v) {
    set(lrMinFactor(), v);
    return self();
  }

  default S setWarmupIterations(long v) {
    set(warmupIterations(), v);
    return self();
  }

  default S setWarmupStartFactor(double v) {
    set(warmupStartFactor(), v);
    return self();
  }

  default S setClipNorm(double v) {
    set(clipNorm(), v);
    return self();
  }

  default S setLogEvery(int v) {
    set(logEvery(), v);
    return self();
  }

  default S setCheckpointInterval(int v) {
    set(checkpointInterval(), v);
    return self();
  }

  default S setCheckpointDir(String v) {
    set(checkpointDir(), v);
    return self();
  }

  default S setValidationFraction(double v) {
    set(validationFraction(), v);
    return self();
  }

  default S setValidationBatchSize(int v) {
    set(validationBatchSize(), v);
    return self();
  }

  default S setCheckpointKeep(int v) {
    set(checkpointKeep(), v);
    return self();
  }

  default S setValidationInterval(int v) {
    set(validationInterval(), v);
    return self();
  }

  default S setEarlyStoppingPatience(int v) {
    set(earlyStoppingPatience(), v);
    return self();
  }

  default S setKeepBest(boolean v) {
    set(keepBest(), v);
    return self();
  }
}
