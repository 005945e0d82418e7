/**
 * Data sets that fill {@link org.odespark.objective.Batch} blocks: FFJORD's 2-D toy densities
 * ({@link org.odespark.data.ToyDistributions}: 8gaussians, checkerboard, 2spirals, moons, circles, pinwheel,
 * rings, swissroll), IDX files ({@link org.odespark.data.IdxReader} → {@link org.odespark.data.IdxArray},
 * plain or gzip) with {@link org.odespark.data.FashionMnist} on top, and {@link
 * org.odespark.data.RunningMoments}, the mergeable per-column mean and variance that fits a standardization
 * in one distributed pass.
 *
 * <p>Plain JDK 17, no Spark and no other library. Imports {@code objective} (the Batch it fills), {@code
 * random} (the toy generators' streams) and {@code text} (name suggestions in error messages).
 */
package org.odespark.data;
