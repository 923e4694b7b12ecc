package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What flaps is told at most once a minute, and a return only after an outage that was told. */
class OutageLogTest {
  private final List<String> lines = new ArrayList<>();
  private long now = -5_000_000_000L; // System.nanoTime may be negative

  private final OutageLog log =
      new OutageLog("peer", () -> now, w -> lines.add("warn " + w), i -> lines.add("info " + i));

  private void at(final int seconds) {
    now = -5_000_000_000L + Duration.ofSeconds(seconds).toNanos();
  }

  @Test
  void aPeerThatFlapsIsToldOnceAMinuteWithItsReturn() {
    at(0);
    log.away("timeout", "503s");
    at(1);
    log.answered("back");
    for (int s = 2; s < 60; s += 2) {
      at(s);
      log.away("timeout", "503s");
      at(s + 1);
      log.answered("back");
    }
    at(61);
    log.away("timeout", "503s");
    at(62);
    log.answered("back");
    assertEquals(
        List.of(
            "warn peer does not answer (timeout): 503s",
            "info peer answers again, 1 s after it was first found away: back",
            "warn peer does not answer (timeout): 503s",
            "info peer answers again, 1 s after it was first found away: back"),
        lines);
  }

  @Test
  void anOutageFoundWithinAMinuteOfAFlapIsToldWhenItHasLastedTheMinute() {
    at(0);
    log.away("timeout", "503s");
    at(1);
    log.answered("back");
    at(10);
    log.away("refused", "503s"); // a new outage, within the minute: not yet told
    at(30);
    log.away("refused", "503s");
    at(60);
    log.away("refused", "503s");
    at(65);
    log.answered("back");
    assertEquals(
        List.of(
            "warn peer does not answer (timeout): 503s",
            "info peer answers again, 1 s after it was first found away: back",
            "warn peer still does not answer, 50 s after it was first found away (refused)",
            "info peer answers again, 55 s after it was first found away: back"),
        lines);
  }

  @Test
  void aReturnFoundLongAfterTheLastFailureSaysItCameBackInBetween() {
    // Queries forwarded to an instance come when users ask: the first to find it back may come
    // minutes after it returned.
    at(0);
    log.away("refused", "503s");
    at(1);
    log.away("refused", "503s");
    at(141);
    log.answered("answered by it again");
    assertEquals(
        List.of(
            "warn peer does not answer (refused): 503s",
            "info peer answers again, 141 s after it was first found away (last found away 140 s"
                + " before this answer: it came back in between): answered by it again"),
        lines);
  }
}
