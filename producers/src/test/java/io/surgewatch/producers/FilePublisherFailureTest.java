package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.InputFormat;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record the broker never acknowledges fails the run: nothing is lost silently. */
class FilePublisherFailureTest {

  @Test
  void anUnacknowledgedSendIsAnError() {
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .withAll(
                Map.of(
                    Keys.BOOTSTRAP_SERVERS,
                    "127.0.0.1:1",
                    Keys.SCHEMA_REGISTRY_URL,
                    "mock://failure-test"));
    try (EventPublisher publisher =
        EventPublisher.create(
            config,
            Map.of("max.block.ms", 500, "delivery.timeout.ms", 1000, "request.timeout.ms", 500))) {
      final FilePublisher files =
          new FilePublisher(
              publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10));
      final FilePublisher.PublishException e =
          assertThrows(
              FilePublisher.PublishException.class,
              () ->
                  files.publish(
                      FilePublisherKafkaTest.resource("events.ndjson"), InputFormat.NDJSON, null));
      assertTrue(e.getMessage().contains("0 of "), e.getMessage());
    }
  }
}
