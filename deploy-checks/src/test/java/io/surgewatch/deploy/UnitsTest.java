package io.surgewatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void imageReferencesArePinnedByAVersionTagOrADigest() {
    assertTrue(ImageRef.parse("apache/kafka:4.1.0").pinned());
    assertTrue(ImageRef.parse("localhost:5000/a/b:1.2").pinned());
    assertTrue(ImageRef.parse("x@sha256:" + "a".repeat(64)).pinned());
    assertFalse(ImageRef.parse("localhost:5000/a/b").pinned());
    assertFalse(ImageRef.parse("x:latest").pinned());
    assertFalse(ImageRef.parse("x:1@sha256:short").pinned());
    assertEquals(
        "surgewatch",
        ImageRef.parse("registry.example.com/surgewatch/surgewatch:0.1.0").simpleName());
  }

  @Test
  void variablesMapToSurgewatchKeysFirstThenToKafkaKeys() {
    for (final String key : SurgewatchConfig.DEFAULTS.keySet()) {
      assertEquals(Optional.of(key), ConfigKeys.keyOf(SurgewatchConfig.envName(key)), key);
    }
    assertEquals(
        Optional.of(Keys.TOPIC_DEAD_LETTER), ConfigKeys.keyOf("SURGEWATCH_TOPIC_DEAD_LETTER"));
    assertEquals(
        Optional.of("application.server"), ConfigKeys.keyOf("SURGEWATCH_APPLICATION_SERVER"));
    assertEquals(
        Optional.of("group.instance.id"), ConfigKeys.keyOf("SURGEWATCH_GROUP_INSTANCE_ID"));
    assertEquals(
        Optional.of("num.standby.replicas"), ConfigKeys.keyOf("SURGEWATCH_NUM_STANDBY_REPLICAS"));
    assertEquals(Optional.of("sasl.jaas.config"), ConfigKeys.keyOf("SURGEWATCH_SASL_JAAS_CONFIG"));
    assertEquals(
        Optional.of("basic.auth.user.info"), ConfigKeys.keyOf("SURGEWATCH_BASIC_AUTH_USER_INFO"));
    assertEquals(
        Optional.of("main.consumer.max.poll.records"),
        ConfigKeys.keyOf("SURGEWATCH_MAIN_CONSUMER_MAX_POLL_RECORDS"));
    assertEquals(Optional.empty(), ConfigKeys.keyOf("SURGEWATCH_TOPIC_INCIDENT"));
    assertEquals(Optional.empty(), ConfigKeys.keyOf("SURGEWATCH_CONSUMER_NOT_A_KEY"));
    assertEquals(Optional.empty(), ConfigKeys.keyOf("SURGEWATCH_"));
    assertEquals(Optional.empty(), ConfigKeys.keyOf("KAFKA_BOOTSTRAP_SERVERS"));
  }

  @Test
  void composeInterpolationResolvesToTheDefault() {
    assertEquals(
        "http://schema-registry:8081",
        Compose.interpolate("${REGISTRY:-http://schema-registry:8081}"));
    assertEquals("", Compose.interpolate("${TOKEN:-}"));
    assertEquals("a--b", Compose.interpolate("a-${X}-b"));
  }
}
