package org.odespark.spark.config;

import java.util.List;
import org.odespark.spark.InputException;

/**
 * Invalid configuration: unknown keys, wrong types, values out of range, inconsistent settings. The message
 * has one line per problem, each naming the key, the value and where it came from, and what is valid.
 * An {@link InputException}, so the command line reports it as bad input (exit code 2).
 */
public final class ConfigException extends InputException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(problems.size() == 1 ? problems.get(0)
        : problems.size() + " configuration problems:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem. */
  public List<String> problems() {
    return problems;
  }
}
