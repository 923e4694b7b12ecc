package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class AlertConsumerTest {
  @Test
  void theFollowerNeverMakesItsTopicOnABrokerThatWouldWhateverTheConfigurationSays() {
    // Made again with the broker's defaults, a deleted or misspelt alerts topic would be followed
    // in silence, as if there were no alerts.
    final Map<String, Object> props =
        AlertConsumer.properties(
            Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true), "g", false);
    assertEquals(false, props.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
  }
}
