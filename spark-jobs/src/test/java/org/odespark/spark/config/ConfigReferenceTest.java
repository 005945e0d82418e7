package org.odespark.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from conf/reference.conf and must be regenerated when that changes. */
class ConfigReferenceTest {

  @Test
  void committedReferencePageIsUpToDate() throws IOException {
    Path page = Path.of(System.getProperty("odespark.root", "..")).resolve("docs/configuration.md");
    String expected = ConfigReference.markdown(ConfigSchema.load());
    String actual = Files.exists(page) ? Files.readString(page) : "";
    assertEquals(expected, actual, "docs/configuration.md is stale: regenerate it with\n  java -cp "
        + "spark-jobs/target/classes:$(cat spark-jobs/target/classpath.txt) "
        + "org.odespark.spark.config.ConfigReference docs/configuration.md");
  }
}
