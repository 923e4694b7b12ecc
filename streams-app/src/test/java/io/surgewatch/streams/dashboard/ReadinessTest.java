package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/**
 * An instance is ready once its app has run, and stays ready through the rebalances that every
 * instance goes through at once when one joins or leaves; not while it first restores, nor once it
 * has stopped.
 */
class ReadinessTest {
  private final Health.Readiness readiness = new Health.Readiness();

  @Test
  void notBeforeTheAppHasRun() {
    assertFalse(readiness.of(State.CREATED));
    assertFalse(readiness.of(State.REBALANCING), "the first rebalance restores the state");
  }

  @Test
  void throughTheRebalancesAfterItHasRun() {
    readiness.of(State.REBALANCING);
    assertTrue(readiness.of(State.RUNNING));
    assertTrue(readiness.of(State.REBALANCING), "another instance joined or left");
    assertTrue(readiness.of(State.RUNNING));
  }

  @Test
  void notOnceTheAppHasStopped() {
    readiness.of(State.RUNNING);
    assertFalse(readiness.of(State.PENDING_ERROR));
    assertFalse(readiness.of(State.ERROR));
    assertFalse(readiness.of(State.PENDING_SHUTDOWN));
    assertFalse(readiness.of(State.NOT_RUNNING));
  }
}
