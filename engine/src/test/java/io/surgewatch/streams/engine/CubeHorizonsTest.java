package io.surgewatch.streams.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cube shard measures the history and the grace back from the latest reported-at of the arrival
 * order (CONTRACT "Time"), which it is told with every contribution, whatever the latest incident
 * day.
 */
class CubeHorizonsTest {
  private static final int DAY = 19_000; // 2022-01-08
  private static final long DAY_MS = 86_400_000L;

  private final EngineConfig config =
      EngineConfig.from(SurgewatchConfig.defaultsOnly().with("history.days", "30"));
  private final List<RollingCount> counts = new ArrayList<>();
  private final CubeEngine engine =
      new CubeEngine(
          config,
          new InMemoryCubeStores(config),
          new EngineOutput() {
            @Override
            public void count(final String key, final RollingCount count) {
              counts.add(count);
            }

            @Override
            public void alert(final SurgeAlert alert) {}
          });

  private static Contribution incident(final String id, final int day) {
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    return new Contribution(
        Contribution.Shard.COUNTRY, id, day, "PK", "Punjab", List.of("TTP"), tally);
  }

  @Test
  void aReportOlderThanTheHistoryFromTheLatestReportedAtIsTooLateThoughTheIncidentDaysLag() {
    engine.apply(incident("A", DAY), DAY * DAY_MS);
    // Reported 40 days after the latest incident day: its day is 50 days before the reported-at,
    // though only 10 before the latest incident day.
    final CubeEngine.TooLate late =
        assertThrows(
            CubeEngine.TooLate.class,
            () -> engine.apply(incident("B", DAY - 10), (DAY + 40) * DAY_MS));
    assertTrue(
        late.getMessage().contains("before the latest reported-at seen (2022-02-17)"),
        late.getMessage());
    engine.apply(incident("C", DAY - 10), (DAY + 19) * DAY_MS);
    assertTrue(
        counts.stream()
            .anyMatch(c -> c.getWindowEnd().toEpochDay() == DAY - 10 && c.getIncidents() == 1),
        "29 days before the reported-at: counted, its day re-emitted");
  }

  @Test
  void aRecordOfAnEarlierReleaseWithoutItsTimeIsJudgedByTheIncidentDays() {
    engine.apply(incident("A", DAY), DAY * DAY_MS);
    engine.apply(incident("B", DAY - 10), CubeEngine.UNKNOWN_TIME);
    final CubeEngine.TooLate late =
        assertThrows(
            CubeEngine.TooLate.class,
            () -> engine.apply(incident("C", DAY - 40), CubeEngine.UNKNOWN_TIME));
    assertTrue(
        late.getMessage().contains("before the day before the latest incident day"),
        late.getMessage());
  }
}
