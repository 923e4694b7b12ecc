package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.surgewatch.core.SurgewatchConfig;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams defaults the app changes, and the user's settings winning over them. */
class StreamsPropertiesTest {

  private static Map<String, Object> producerConfigs(final SurgewatchConfig config) {
    return new StreamsConfig(SurgewatchTopology.streamsProperties(config))
        .getProducerConfigs("test-client");
  }

  @Test
  void theAppsProducersBatchUpTo256KiB() {
    assertEquals(
        SurgewatchTopology.PRODUCER_BATCH_BYTES,
        producerConfigs(SurgewatchConfig.defaultsOnly()).get(ProducerConfig.BATCH_SIZE_CONFIG));
    assertEquals(256 * 1024, SurgewatchTopology.PRODUCER_BATCH_BYTES);
  }

  @Test
  void aBatchSizeGivenForEveryClientWins() {
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().with("batch.size", "32768");
    assertEquals("32768", String.valueOf(producerConfigs(config).get("batch.size")));
    assertNull(
        SurgewatchTopology.streamsProperties(config)
            .get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG)));
  }

  @Test
  void aBatchSizeGivenForProducersWins() {
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly().with("producer.batch.size", "65536");
    assertEquals("65536", String.valueOf(producerConfigs(config).get("batch.size")));
  }
}
