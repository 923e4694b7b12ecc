package io.surgewatch.streams.app;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.serde.RegistryUnreachableException;
import io.surgewatch.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * The failure policy with a clock moved by hand: outages always replace the thread, repeats only so
 * often.
 */
class FailurePolicyTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final FailurePolicy policy = new FailurePolicy(3, Duration.ofMinutes(10), now::get);

  private static StreamsException bug() {
    return new StreamsException(
        "Exception caught in process", new IllegalStateException("boom on record 7"));
  }

  @Test
  void outagesAreReplacedHoweverOftenAndLong() {
    for (int i = 0; i < 1000; i++) {
      now.addAndGet(1000);
      assertEquals(
          REPLACE_THREAD,
          policy.handle(new StreamsException("task timed out", new TimeoutException("broker"))));
      assertEquals(
          REPLACE_THREAD,
          policy.handle(
              new StreamsException(
                  new RegistryUnreachableException("connection refused", 0, 0, null))));
    }
    assertEquals(2000, policy.transientReplacements());
    assertEquals(0, policy.repeatedReplacements());
    assertNull(policy.failure());
    // ... and they do not use up the budget of repeated failures
    for (int i = 0; i < 3; i++) {
      assertEquals(REPLACE_THREAD, policy.handle(bug()));
    }
    assertEquals(SHUTDOWN_APPLICATION, policy.handle(bug()));
  }

  @Test
  void aRepeatedFailureIsReplacedThreeTimesThenShutsTheApplicationDown() {
    for (int i = 1; i <= 3; i++) {
      now.addAndGet(5_000);
      assertEquals(REPLACE_THREAD, policy.handle(bug()), "replacement " + i);
      assertFalse(policy.stopped().isDone());
    }
    assertEquals(SHUTDOWN_APPLICATION, policy.handle(bug()));
    final FailurePolicy.Failure failure = policy.failure();
    assertEquals(4, failure.failures());
    assertEquals(IllegalStateException.class.getName(), failure.exception());
    assertEquals("boom on record 7", failure.message());
    assertTrue(failure.describe().contains("4 failures within 600000 ms"), failure.describe());
    assertTrue(
        failure.describe().contains("java.lang.IllegalStateException: boom on record 7"),
        failure.describe());
    assertTrue(policy.stopped().isDone());
    assertEquals(3, policy.repeatedReplacements());
  }

  @Test
  void failuresOlderThanTheWindowAreForgiven() {
    for (int i = 0; i < 20; i++) {
      now.addAndGet(Duration.ofMinutes(4).toMillis()); // at most 3 in any 10 minutes
      assertEquals(REPLACE_THREAD, policy.handle(bug()), "failure " + i);
    }
    assertNull(policy.failure());
    assertEquals(60, policy.repeatedReplacements() * 3);
    // the last three were 8, 4 and 0 minutes ago: one more now is the fourth within ten minutes
    now.addAndGet(1);
    assertEquals(SHUTDOWN_APPLICATION, policy.handle(bug()));
  }

  @Test
  void zeroReplacementsStopsAtTheFirstRepeatedFailure() {
    final FailurePolicy strict = new FailurePolicy(0, Duration.ofSeconds(1), now::get);
    assertEquals(REPLACE_THREAD, strict.handle(new DisconnectException("gone")));
    assertEquals(SHUTDOWN_APPLICATION, strict.handle(bug()));
    assertEquals(1, strict.failure().failures());
  }

  @Test
  void whatCountsAsAnOutage() {
    assertTrue(FailurePolicy.isTransient(new TimeoutException("x")));
    assertTrue(
        FailurePolicy.isTransient(
            new StreamsException(new StreamsException(new DisconnectException("x")))));
    assertTrue(FailurePolicy.isTransient(new SchemaRegistryException("503", 503, 0, null)));
    assertTrue(FailurePolicy.isTransient(new SchemaRegistryException("429", 429, 0, null)));
    assertFalse(
        FailurePolicy.isTransient(
            new SchemaRegistryException("subject not found", 404, 40401, null)));
    assertFalse(FailurePolicy.isTransient(new SerializationException("bad bytes")));
    assertFalse(FailurePolicy.isTransient(bug()));
  }

  @Test
  void settingsComeFromTheConfiguration() {
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly();
    assertEquals("3", config.get(Keys.FAILURE_MAX_REPLACEMENTS));
    assertEquals("600000", config.get(Keys.FAILURE_WINDOW_MS));
    // The declarations validate both (core's ConfigDeclarations): a bad value names its key.
    assertTrue(
        assertThrows(
                ConfigException.class,
                () -> FailurePolicy.from(config.with(Keys.FAILURE_MAX_REPLACEMENTS, "-1")))
            .getMessage()
            .contains(Keys.FAILURE_MAX_REPLACEMENTS));
    assertTrue(
        assertThrows(
                ConfigException.class,
                () -> FailurePolicy.from(config.with(Keys.FAILURE_WINDOW_MS, "0")))
            .getMessage()
            .contains(Keys.FAILURE_WINDOW_MS));
  }
}
