package io.surgewatch.cli.alerting;

import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.RegistryUnreachableException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a record of the alert topic as a {@link SurgeAlert}: an unreachable registry is waited for
 * (it comes back, and the record must not be lost); a record that cannot be decoded (not Avro,
 * unknown schema) is logged and skipped.
 */
final class AlertDecoder {
  private final AvroDeserializer<SurgeAlert> deserializer;
  private final PrintStream log;
  private final Backoff registryBackoff = Backoff.standard();
  private final RandomGenerator random = RandomGenerator.getDefault();
  private final AtomicLong undecodable = new AtomicLong();

  /** The alert, or what became of the record without one: SKIPPED (undecodable) or STOPPED. */
  record Decoded(SurgeAlert alert, AlertSink.Outcome outcome) {}

  AlertDecoder(final Map<String, Object> client, final PrintStream log) {
    this.deserializer = AvroSerdes.specific(SurgeAlert.class, client, false).deserializer();
    this.log = log;
  }

  /**
   * Decodes a record with a value.
   *
   * @param pause waits between attempts while the registry is unreachable; false ends them
   *     (STOPPED)
   */
  Decoded decode(final ConsumerRecord<String, byte[]> record, final RetryPause pause) {
    SurgeAlert alert = null;
    for (int attempt = 1; alert == null; attempt++) {
      try {
        alert = deserializer.deserialize(record.topic(), record.headers(), record.value());
        if (alert
            == null) { // a zero-length value: no alert in it, and asking again gives none either
          throw new IllegalArgumentException(
              "a value of " + record.value().length + " bytes holds no alert");
        }
      } catch (final RegistryUnreachableException e) {
        final Duration wait = registryBackoff.delay(attempt, random);
        log.printf(
            "alerts: schema registry unreachable (%s); retrying in %d ms%n",
            e.getMessage(), wait.toMillis());
        if (!pause.pause(wait)) {
          return new Decoded(null, AlertSink.Outcome.STOPPED);
        }
      } catch (final RuntimeException e) {
        log.printf(
            "alerts: cannot decode the record at %s-%d@%d (key %s): %s; skipped%n",
            record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
        undecodable.incrementAndGet();
        return new Decoded(null, AlertSink.Outcome.SKIPPED);
      }
    }
    return new Decoded(alert, null);
  }

  /**
   * The alert in a record with a value, or null when it holds none this reader can decode now (the
   * registry unreachable included): for reads that may leave a record out ({@link AlertHistory}).
   */
  SurgeAlert decodeOrNull(final ConsumerRecord<String, byte[]> record) {
    try {
      return deserializer.deserialize(record.topic(), record.headers(), record.value());
    } catch (final RuntimeException e) {
      return null;
    }
  }

  /** Records skipped because they could not be decoded. */
  long undecodable() {
    return undecodable.get();
  }
}
