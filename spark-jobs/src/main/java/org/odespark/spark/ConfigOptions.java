package org.odespark.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import picocli.CommandLine.Option;

/** The options every job shares: configuration files and single-key overrides (a picocli mixin). */
public final class ConfigOptions {

  @Option(names = "--conf", paramLabel = "FILE",
      description = "HOCON configuration file over conf/reference.conf; repeatable, later files win.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one key, e.g. --set train.iterations=500; repeatable, applied last.")
  List<String> overrides = new ArrayList<>();

  /** The validated configuration (throws ConfigException, an IllegalArgumentException, naming every problem). */
  public JobConfig load() {
    return ConfigLoader.standard().load(files, overrides);
  }
}
