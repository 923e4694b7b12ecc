package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.serde.AvroSerdeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A record of the alert topic that holds no alert is skipped with a reason, once: it never stalls
 * the follower.
 */
class AlertDecoderTest {
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final AlertDecoder decoder =
      new AlertDecoder(
          Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://alert-decoder"),
          new PrintStream(log, true, StandardCharsets.UTF_8));

  @Test
  void aZeroLengthValueIsSkippedAsUndecodable() {
    final AlertDecoder.Decoded decoded =
        decoder.decode(new ConsumerRecord<>("surge-alerts", 2, 41, "k", new byte[0]), wait -> true);
    assertNull(decoded.alert());
    assertEquals(AlertSink.Outcome.SKIPPED, decoded.outcome());
    assertEquals(1, decoder.undecodable());
    assertTrue(
        log.toString(StandardCharsets.UTF_8)
            .contains("cannot decode the record at surge-alerts-2@41 (key k)"),
        log.toString(StandardCharsets.UTF_8));
  }

  @Test
  void bytesThatAreNotTheWireFormatAreSkippedAsUndecodable() {
    final AlertDecoder.Decoded decoded =
        decoder.decode(
            new ConsumerRecord<>(
                "surge-alerts", 0, 7, "k", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)),
            wait -> true);
    assertEquals(AlertSink.Outcome.SKIPPED, decoded.outcome());
    assertEquals(1, decoder.undecodable());
  }
}
