package io.surgewatch.producers.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ingest API's metrics, as Prometheus scrapes them. */
class IngestMetricsTest {

  @Test
  void theRecordsAndWarningsCountersArePresentAtZeroBeforeAnythingIsCounted() {
    try (IngestMetrics metrics = new IngestMetrics()) {
      final String scraped = metrics.scrape();
      for (final String type : new String[] {"incident", "statement"}) {
        for (final String records : new String[] {"accepted", "rejected", "failed"}) {
          final String line =
              "surgewatch_ingest_records_" + records + "_total{type=\"" + type + "\"} 0.0";
          assertTrue(scraped.contains(line), line + " in\n" + scraped);
        }
      }
      for (final String code : new String[] {"TOO_LATE", "NOT_COUNTED", "NEW_NAME"}) {
        final String line = "surgewatch_ingest_warnings_total{code=\"" + code + "\"} 0.0";
        assertTrue(scraped.contains(line), line + " in\n" + scraped);
      }
    }
  }
}
