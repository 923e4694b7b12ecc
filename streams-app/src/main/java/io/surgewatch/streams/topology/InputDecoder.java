package io.surgewatch.streams.topology;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.core.RecordSizeLimit;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.SchemaRegistryClient;
import io.surgewatch.serde.SchemaRegistryException;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and validates input records inside the topology rather than in a
 * DeserializationExceptionHandler, so a poison record becomes a dead letter with its bytes, its
 * coordinates and a reason, in the same transaction as everything else, and the app keeps running.
 */
final class InputDecoder<T extends SpecificRecord> {
  private final AvroDeserializer<T> deserializer;
  private final UnaryOperator<T> prepare;

  /**
   * The producer's limit, as {@code produce} and the ingest API apply it: a larger record, which
   * another writer could publish, would make the app's own records that hold it (a dead letter that
   * wraps it, a store's changelog record) too large for Kafka, and stop the app.
   */
  private final RecordSizeLimit sizeLimit;

  InputDecoder(
      final Class<T> type,
      final SchemaRegistryClient registry,
      final Map<String, Object> serdeConfig,
      final UnaryOperator<T> prepare) {
    this.deserializer = new AvroDeserializer<>(type, registry, serdeConfig, false);
    this.prepare = prepare;
    this.sizeLimit = RecordSizeLimit.of(serdeConfig);
  }

  static InputDecoder<IncidentEvent> incidents(
      final SchemaRegistryClient registry, final Map<String, Object> serdeConfig) {
    final EventPreparer preparer = EventPreparer.standard();
    return new InputDecoder<>(IncidentEvent.class, registry, serdeConfig, preparer::incident);
  }

  static InputDecoder<StatementEvent> statements(
      final SchemaRegistryClient registry, final Map<String, Object> serdeConfig) {
    final EventPreparer preparer = EventPreparer.standard();
    return new InputDecoder<>(StatementEvent.class, registry, serdeConfig, preparer::statement);
  }

  /** The canonical event, or a dead letter saying what is wrong. */
  Routed<T> decode(final Record<String, byte[]> record, final RecordMetadata where) {
    final String topic = where == null ? "" : where.topic();
    final T event;
    try {
      event = deserializer.deserialize(topic, record.value());
      if (event == null) {
        return Routed.dead(
            dead(
                record,
                where,
                DeadLetters.DESERIALIZATION,
                null,
                "empty value (tombstone) on an input topic"));
      }
    } catch (final RuntimeException e) {
      if (transientFailure(e)) {
        // The registry is down or failing, not the record: fail the task so the record is retried
        // from the last commit once the registry answers, instead of dead-lettering good data.
        throw e;
      }
      return Routed.dead(
          dead(record, where, DeadLetters.DESERIALIZATION, e, "cannot decode: " + e.getMessage()));
    }
    final InvalidEventException tooLarge =
        sizeLimit.checkAsRead(record.key(), record.value().length, record.headers(), event);
    if (tooLarge != null) {
      final DeadLetter letter =
          dead(
              record, where, DeadLetters.VALIDATION, tooLarge, "invalid: " + tooLarge.getMessage());
      letter.setOriginalValue(null);
      return Routed.dead(letter);
    }
    try {
      return Routed.of(prepare.apply(event));
    } catch (final InvalidEventException e) {
      return Routed.dead(
          dead(record, where, DeadLetters.VALIDATION, e, "invalid: " + e.getMessage()));
    }
  }

  static boolean transientFailure(final Throwable e) {
    return SchemaRegistryException.registryAwayIn(e);
  }

  static DeadLetter dead(
      final Record<String, byte[]> record,
      final RecordMetadata where,
      final String category,
      final Throwable error,
      final String reason) {
    return SourceHeaders.describe(
        DeadLetters.fromKafka(
            where == null ? null : where.topic(),
            where == null ? -1 : where.partition(),
            where == null ? -1 : where.offset(),
            record.key(),
            record.value(),
            category,
            error,
            reason,
            Instant.ofEpochMilli(Math.max(0, record.timestamp()))),
        record.headers());
  }
}
