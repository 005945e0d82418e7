/**
 * odespark's one file format, free of Spark and Hadoop: the versioned, checksummed container
 * {@link org.odespark.io.SnapshotFormat} that holds a training checkpoint or a trained model (θ as
 * little-endian doubles, the optimizer state, the iteration, the model's spec, the configuration as plain
 * text, the {@link org.odespark.io.DataFingerprint} and the {@link org.odespark.io.Standardization}), read and
 * written through plain streams so that the Spark jobs can put them on any Hadoop file system.
 *
 * <p>Entry points: {@link org.odespark.io.SnapshotFormat#write} and {@link org.odespark.io.SnapshotFormat#read}.
 * Not Java serialization. Imports {@code optim} (the optimizer state it stores) and nothing else of odespark.
 */
package org.odespark.io;
