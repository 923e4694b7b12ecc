package io.surgewatch.core;

/** A configuration value is missing or malformed; the message names the key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(final String message) {
    super(message);
  }
}
