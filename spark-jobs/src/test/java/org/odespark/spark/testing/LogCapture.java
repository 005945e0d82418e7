package org.odespark.spark.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The messages one logger writes at INFO and above while open, kept in memory (tests must not print); the
 * logger's configuration is restored on close.
 */
public final class LogCapture implements AutoCloseable {

  private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
  private final String logger;
  private final Appender appender;

  public LogCapture(String logger) {
    this.logger = logger;
    this.appender = new Appender(messages);
    appender.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    LoggerConfig own = new LoggerConfig(logger, Level.INFO, false);
    own.addAppender(appender, Level.INFO, null);
    config.addLogger(logger, own);
    ctx.updateLoggers();
  }

  /** The messages so far, in order. */
  public List<String> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().removeLogger(logger);
    ctx.updateLoggers();
    appender.stop();
  }

  private static final class Appender extends AbstractAppender {
    private final List<String> sink;

    Appender(List<String> sink) {
      super("capture", null, null, true, Property.EMPTY_ARRAY);
      this.sink = sink;
    }

    @Override
    public void append(LogEvent event) {
      sink.add(event.getMessage().getFormattedMessage());
    }
  }
}
