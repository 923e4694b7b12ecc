package io.surgewatch.core;

/**
 * The broker has no topic of that name. Checked, because callers differ on what it means: the
 * ingest service waits for its input topic to be created, a command reports a mistyped name, a
 * read-back of a topic nothing was written to yet finds nothing in it.
 */
public final class MissingTopicException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String topic;

  public MissingTopicException(final String topic) {
    super("topic " + topic + " does not exist");
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }
}
