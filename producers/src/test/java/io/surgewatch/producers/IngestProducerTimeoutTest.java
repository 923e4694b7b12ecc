package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code ingest.producer-timeout-ms} the setting allows makes a producer Kafka accepts
 * (delivery.timeout.ms at least linger.ms plus request.timeout.ms): no broker is needed to build
 * one.
 */
class IngestProducerTimeoutTest {

  @ParameterizedTest(name = "{0} ms")
  @ValueSource(longs = {1000, 1001, 1500, 2000, 5000, Integer.MAX_VALUE})
  void theIngestProducerStartsWithAnyTimeoutTheSettingAllows(final long ms) {
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly().with(Keys.BOOTSTRAP_SERVERS, "127.0.0.1:1");
    assertDoesNotThrow(
        () -> {
          try (EventPublisher publisher = EventPublisher.forIngest(config, Duration.ofMillis(ms))) {
            publisher.topics();
          }
        });
  }
}
