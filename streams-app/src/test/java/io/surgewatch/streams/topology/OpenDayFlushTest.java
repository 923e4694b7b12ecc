package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The open day's figures follow on a wall-clock timer of {@code open-day.flush-ms}, fired here by
 * the test driver.
 */
class OpenDayFlushTest {
  static final LocalDate D = LocalDate.of(2023, 1, 10);

  @Test
  void theOpenDayIsPublishedWhenItsFlushIntervalHasPassed() {
    try (TopologyHarness h = new TopologyHarness(Map.of(Keys.OPEN_DAY_FLUSH_MS, "50"))) {
      h.send(incident("A1", D, 5));
      h.driver.advanceWallClockTime(Duration.ofMillis(10));
      assertTrue(h.counts().isEmpty(), "not before the interval");
      h.driver.advanceWallClockTime(Duration.ofMillis(40));
      assertFalse(h.counts().isEmpty(), "the open day, after 50 ms");
    }
  }

  @Test
  void theDefaultIsOneSecond() {
    assertEquals(
        Duration.ofSeconds(1), SurgewatchTopology.openDayFlush(SurgewatchConfig.defaultsOnly()));
    try (TopologyHarness h = new TopologyHarness()) {
      h.send(incident("A1", D, 5));
      h.driver.advanceWallClockTime(Duration.ofMillis(999));
      assertTrue(h.counts().isEmpty(), "not before a second");
      h.driver.advanceWallClockTime(Duration.ofMillis(1));
      assertFalse(h.counts().isEmpty(), "the open day, after a second");
    }
  }

  @Test
  void anIntervalBelowOneMillisecondIsRefusedNamingTheKey() {
    final ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                SurgewatchTopology.openDayFlush(
                    SurgewatchConfig.defaultsOnly().with(Keys.OPEN_DAY_FLUSH_MS, "0")));
    assertTrue(e.getMessage().contains(Keys.OPEN_DAY_FLUSH_MS), e.getMessage());
  }
}
