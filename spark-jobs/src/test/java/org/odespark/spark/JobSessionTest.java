package org.odespark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The SPARK-25078 work-around; the cluster deploy mode run itself is ClusterTest's (tests module). */
class JobSessionTest {

  @Test
  void aClusterModeDriverTakesTheSecretItsWorkerPutInTheEnvironment() {
    SparkConf authenticated = new SparkConf(false).set("spark.authenticate", "true");
    assertEquals("s3cr3t", JobSession.standaloneClusterDriverSecret(authenticated, "s3cr3t"));
  }

  @Test
  void nothingChangesWithoutAuthenticationWithAConfiguredSecretOrWithoutTheVariable() {
    assertNull(JobSession.standaloneClusterDriverSecret(new SparkConf(false), "s3cr3t"));
    SparkConf configured = new SparkConf(false).set("spark.authenticate", "true")
        .set("spark.authenticate.secret", "mine");
    assertNull(JobSession.standaloneClusterDriverSecret(configured, "s3cr3t"), "a configured secret wins");
    SparkConf authenticated = new SparkConf(false).set("spark.authenticate", "true");
    assertNull(JobSession.standaloneClusterDriverSecret(authenticated, null));
    assertNull(JobSession.standaloneClusterDriverSecret(authenticated, ""));
  }
}
