package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.AlertStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0, Duration.ofSeconds(30));

  @Test
  void growsExponentiallyWithJitterUpToTheCap() {
    final RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    for (int i = 0; i < 200; i++) {
      assertBetween(50, 100, backoff.delay(1, random));
      assertBetween(100, 200, backoff.delay(2, random));
      assertBetween(400, 800, backoff.delay(4, random));
      assertBetween(1000, 2000, backoff.delay(6, random));
      assertBetween(1000, 2000, backoff.delay(500, random));
    }
  }

  private static void assertBetween(final long lowMs, final long highMs, final Duration d) {
    assertTrue(
        d.toMillis() >= lowMs && d.toMillis() <= highMs,
        d + " not in [" + lowMs + ", " + highMs + "]");
  }

  @Test
  void attemptsAreUnlimitedUnlessBounded() {
    assertTrue(backoff.mayRetryAfter(1_000_000));
    assertTrue(backoff.withMaxAttempts(3).mayRetryAfter(2));
    assertFalse(backoff.withMaxAttempts(3).mayRetryAfter(3));
  }

  @Test
  void readsRetryAfterAsSecondsOrHttpDate() {
    final Instant now = Instant.parse("2015-10-21T07:27:00Z");
    assertEquals(Optional.of(Duration.ofSeconds(120)), Backoff.parseRetryAfter(" 120 ", now));
    assertEquals(
        Optional.of(Duration.ofSeconds(60)),
        Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now));
    assertEquals(
        Optional.of(Duration.ZERO), Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter("soon", now));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter(null, now));
    assertEquals(Duration.ofSeconds(30), backoff.retryAfter(Duration.ofHours(2)));
  }

  @Test
  void idempotencyKeyIsAlertIdColonSequenceAndHeaderSafe() {
    assertEquals(
        "PK|Khyber Pakhtunkhwa|TTP|killed|2023-01-30:2",
        WebhookForwarder.idempotencyKey(
            TestAlerts.alert("Khyber Pakhtunkhwa", 2, AlertStatus.ESCALATED, "r")));
    assertEquals(
        "PK|Bal%C5%8Dchist%C4%81n|TTP|killed|2023-01-30:1",
        WebhookForwarder.idempotencyKey(TestAlerts.alert("Balōchistān", 1, AlertStatus.OPEN, "r")));
    final String key =
        WebhookForwarder.idempotencyKey(TestAlerts.alert("100% Zone", 1, AlertStatus.OPEN, "r"));
    assertEquals("PK|100%25 Zone|TTP|killed|2023-01-30:1", key);
    assertEquals(
        "PK|100% Zone|TTP|killed|2023-01-30:1",
        URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8),
        "percent-decoding gives the id and sequence back");
  }
}
