/**
 * First-order optimizers over one flat parameter vector θ (a {@code double[]}; the gradient has the same
 * layout): {@link org.odespark.optim.Sgd} (momentum, Nesterov), {@link org.odespark.optim.Adam} and
 * {@link org.odespark.optim.AdamW}, each configured by an immutable options record
 * ({@link org.odespark.optim.SgdOptions}, {@link org.odespark.optim.AdamOptions}) and a
 * {@link org.odespark.optim.LearningRateSchedule}; {@link org.odespark.optim.GradientClipper} caps the
 * gradient's global norm before a step.
 *
 * <p>Entry point: {@link org.odespark.optim.Optimizer#step}. All mutable state of an optimizer is captured by
 * an {@link org.odespark.optim.OptimizerState}, which checkpoints store in odespark's file format ({@code io});
 * {@link org.odespark.optim.Optimizer#fromState} resumes bit for bit. {@link org.odespark.optim.OptimizerSpec}
 * describes the optimizer a run starts with.
 *
 * <p>Leaf package: imports nothing from odespark, only the JDK.
 */
package org.odespark.optim;
