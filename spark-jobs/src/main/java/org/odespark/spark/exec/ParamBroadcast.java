package org.odespark.spark.exec;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One iteration's θ as the tasks read it. Spark already ships every stage's closure to the executors as a
 * broadcast of its own (the task binary), so a θ of at most {@link #INLINE_LIMIT} entries travels inside the
 * closure: one serialization on the driver per iteration and no broadcast variable to create, register and
 * destroy. A larger θ gets a broadcast variable (deserialized once per executor, not once per task, and
 * below Spark's warning size for task binaries). Either way the tasks see the same bits.
 *
 * <p>Created on the driver, read on the executors, {@link #release released} on the driver after the job.
 */
final class ParamBroadcast implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Largest θ shipped inside the closure: 64 Ki doubles, 512 KiB. */
  static final int INLINE_LIMIT = 1 << 16;

  private final double[] inline;
  private final Broadcast<double[]> broadcast;

  private ParamBroadcast(double[] inline, Broadcast<double[]> broadcast) {
    this.inline = inline;
    this.broadcast = broadcast;
  }

  /**
   * θ for this iteration's tasks.
   *
   * @param theta parameters, not modified; an inline θ is not copied: the driver must not change it until the job
   *     has ended (Spark serializes the closure when it submits the job's stage, and a retried task reads
   *     those bytes, not this array)
   */
  static ParamBroadcast of(JavaSparkContext sc, double[] theta) {
    return of(sc, theta, INLINE_LIMIT);
  }

  /** As {@link #of(JavaSparkContext, double[])} with another inline limit (tests). */
  static ParamBroadcast of(JavaSparkContext sc, double[] theta, int inlineLimit) {
    return theta.length <= inlineLimit ? new ParamBroadcast(theta, null)
        : new ParamBroadcast(null, sc.broadcast(theta));
  }

  /** Whether θ travels inside the closure. */
  boolean inline() {
    return inline != null;
  }

  /** θ; the caller must not modify it. */
  double[] value() {
    return inline != null ? inline : broadcast.value();
  }

  /** Destroys the broadcast variable, if any (driver, after the job). */
  void release() {
    if (broadcast != null) {
      broadcast.destroy();
    }
  }
}
