/**
 * Byte formats of odespark's files, free of Spark and Hadoop: the versioned, checksummed container
 * {@link org.odespark.io.SnapshotFormat} that holds a training checkpoint or a trained model (θ as
 * little-endian doubles, the optimizer state, the iteration, the resolved configuration, the
 * {@link org.odespark.io.DataFingerprint} and the {@link org.odespark.io.Standardization}), read and written
 * through plain streams so that the Spark jobs can put them on any Hadoop file system.
 *
 * <p>Entry points: {@link org.odespark.io.SnapshotFormat#write} and {@link org.odespark.io.SnapshotFormat#read}.
 * Not Java serialization. Leaf package: imports only the JDK.
 */
package org.odespark.io;
