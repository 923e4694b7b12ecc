package io.surgewatch.serde;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** The registry away (worth waiting out) is told apart from the registry saying no. */
class RegistryAwayTest {

  @Test
  void unreachableOrAServerErrorOrTooManyRequestsAnywhereInTheChainIsAway() {
    assertTrue(
        SchemaRegistryException.registryAwayIn(
            new KafkaException(
                "while serializing",
                new RegistryUnreachableException("connection refused", -1, -1, null))));
    assertTrue(
        SchemaRegistryException.registryAwayIn(
            new SchemaRegistryException("unavailable", 503, 50_003, null)));
    assertTrue(
        SchemaRegistryException.registryAwayIn(
            new SchemaRegistryException("slow down", 429, 429, null)));
  }

  @Test
  void anAnswerThatRefusesIsNotAway() {
    assertFalse(
        SchemaRegistryException.registryAwayIn(
            new SchemaRegistryException("incompatible schema", 409, 409, null)));
    assertFalse(SchemaRegistryException.registryAwayIn(new IllegalStateException("a bug")));
  }
}
