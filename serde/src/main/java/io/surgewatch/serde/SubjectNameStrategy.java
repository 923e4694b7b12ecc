package io.surgewatch.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** How a subject is named, as Confluent's strategies of the same names. */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: the default and the project's contract. */
  TOPIC_NAME,
  /** The record's full name, e.g. {@code io.surgewatch.events.v1.IncidentEvent}. */
  RECORD_NAME,
  /** {@code <topic>-<record full name>}. */
  TOPIC_RECORD_NAME;

  public String subject(final String topic, final boolean isKey, final Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
      case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
    };
  }

  /**
   * Accepts the short names ({@code TopicNameStrategy}) and Confluent's class names ({@code
   * io.confluent.kafka.serializers.subject.RecordNameStrategy}), so existing configs work
   * unchanged.
   */
  public static SubjectNameStrategy parse(final String value) {
    if (value == null || value.isBlank()) {
      return TOPIC_NAME;
    }
    final String simple =
        value.substring(value.lastIndexOf('.') + 1).trim().toLowerCase(Locale.ROOT);
    return switch (simple) {
      case "topicnamestrategy", "topic_name" -> TOPIC_NAME;
      case "recordnamestrategy", "record_name" -> RECORD_NAME;
      case "topicrecordnamestrategy", "topic_record_name" -> TOPIC_RECORD_NAME;
      default ->
          throw new ConfigException(
              "unknown subject name strategy '"
                  + value
                  + "': expected TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
    };
  }
}
