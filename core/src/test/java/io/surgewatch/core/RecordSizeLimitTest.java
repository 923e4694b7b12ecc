package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.StatementEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

/** What makes an input record too large to publish, counted as Kafka's producer counts it. */
class RecordSizeLimitTest {

  @Test
  void aRecordIsSizedAsTheProducerSizesIt() {
    final Headers headers = SourceHeaders.add(new RecordHeaders(), "statements.ndjson", 2);
    for (final int value : new int[] {0, 100, 70_000, 1_080_405}) {
      for (final String key : new String[] {null, "ST-1", "\u067E".repeat(300)}) {
        assertEquals(
            AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.LZ4,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                new byte[value],
                headers.toArray()),
            RecordSizeLimit.sizeOf(key, value, headers),
            key + " " + value);
      }
    }
  }

  @Test
  void aStatementOfSixHundredThousandUrduCharactersIsTooLargeNamingItsQuote() {
    final StatementEvent statement = statement("\u0627".repeat(600_000)); // 1.2 MB of UTF-8
    final InvalidEventException e =
        RecordSizeLimit.standard().check(statement.getId(), statement, null);
    assertEquals("quote", e.firstField());
    assertTrue(
        e.getMessage()
            .contains(
                "more than the 1015808 an input record may be (max.request.size 1048576, less"
                    + " 32768 kept for the app's records that wrap it): 1200000 bytes of it are"
                    + " its quote; shorten it, or raise max.request.size and the topics'"
                    + " max.message.bytes"),
        e.getMessage());
  }

  @Test
  void aLargeStatementBelowTheLimitPasses() {
    final StatementEvent statement = statement("\u0627".repeat(500_000)); // 1.0 MB, a little less
    assertNull(RecordSizeLimit.standard().check(statement.getId(), statement, null));
  }

  @Test
  void theLimitIsTheProducersSettingOrTheTopicsWhenSmaller() {
    final RecordSizeLimit raised = RecordSizeLimit.of(Map.of("max.request.size", "4194304"));
    assertEquals(4_194_304 - RecordSizeLimit.HEADROOM, raised.bytes());
    final RecordSizeLimit topic = raised.andTopic("security.statements.v1", 2_000_000);
    assertEquals(2_000_000 - RecordSizeLimit.HEADROOM, topic.bytes());
    final StatementEvent statement = statement("a".repeat(2_500_000));
    assertTrue(
        topic
            .check(statement.getId(), statement, null)
            .getMessage()
            .contains("(max.message.bytes 2000000 of topic security.statements.v1, less 32768"));
  }

  private static StatementEvent statement(final String quote) {
    return StatementEvent.newBuilder(
            EventJson.parse(EventJsonTest.MINIMAL_STATEMENT, StatementEvent.class))
        .setId("H125-MID-big")
        .setQuote(quote)
        .build();
  }

  @Test
  void theBoundFromLengthsAloneIsNeverUnderTheSize() {
    final RecordHeaders headers = new RecordHeaders();
    headers.add(
        "surgewatch.source", "kenya_\u0627\u0631\u062f\u0648.csv".getBytes(StandardCharsets.UTF_8));
    headers.add("surgewatch.line", "12".getBytes(StandardCharsets.UTF_8));
    headers.add("empty", null);
    for (final String key :
        new String[] {null, "", "PAK1", "\u0627\u0631\u062f\u0648-\ud83d\ude00"}) {
      for (final int value : new int[] {0, 1, 127, 128, 16_383, 16_384, 1_048_576}) {
        assertTrue(
            RecordSizeLimit.upperBound(key, value, headers)
                >= RecordSizeLimit.sizeOf(key, value, headers),
            key + " " + value);
        assertTrue(
            RecordSizeLimit.upperBound(key, value, null)
                >= RecordSizeLimit.sizeOf(key, value, null),
            key + " " + value);
      }
    }
  }
}
