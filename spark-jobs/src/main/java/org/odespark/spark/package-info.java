/**
 * The odespark application: {@link org.odespark.spark.Main} and one short file per job
 * ({@link org.odespark.spark.TrainJob}, {@link org.odespark.spark.EvaluateJob}, {@link org.odespark.spark.SampleJob},
 * {@link org.odespark.spark.ScoreJob}), each: configuration → {@link org.odespark.spark.JobSession} → cached blocks
 * → one pure core function per partition → results. Glue only: the numerics live in {@code core}.
 * Sub-packages: {@code config} (strict HOCON → records), {@code io} (blocks, checkpoints), {@code exec}
 * (deterministic aggregation, the training loop), {@code model} (the interfaces a model plugs into).
 */
package org.odespark.spark;
