/**
 * Data for training and evaluation: the packed example block {@link org.odespark.data.Batch} that every
 * aggregator consumes, the sources that fill it, and reproducible randomness.
 *
 * <ul>
 *   <li>{@link org.odespark.data.SeedSequence}: one user seed → an independent, reproducible stream per
 *       purpose and index tuple ({@code derive("minibatch", iteration, partition)}).
 *   <li>{@link org.odespark.data.ToyDistributions}: FFJORD's 2-D toy densities (8gaussians, checkerboard,
 *       2spirals, moons, circles, pinwheel, rings, swissroll).
 *   <li>{@link org.odespark.data.IdxReader} → {@link org.odespark.data.IdxArray}: IDX files, plain or gzip;
 *       {@link org.odespark.data.FashionMnist} loads the Fashion-MNIST (or MNIST) splits into a
 *       {@code Batch}.
 *   <li>{@link org.odespark.data.RunningMoments}: mergeable per-column mean and variance for fitting a
 *       standardization in one distributed pass.
 * </ul>
 *
 * <p>A leaf package: plain JDK 17, no Spark and no other library; from odespark it imports only {@code
 * text} (name suggestions in error messages).
 */
package org.odespark.data;
