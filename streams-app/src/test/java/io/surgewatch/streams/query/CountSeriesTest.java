package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.VictimCounts;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountSeriesTest {
  private static RollingCount count(final String end, final long killed) {
    final LocalDate e = LocalDate.parse(end);
    final VictimCounts none = VictimCounts.newBuilder().build();
    return RollingCount.newBuilder()
        .setCountry("PK")
        .setRegion("*")
        .setGroup("*")
        .setWindow("P7D")
        .setWindowStart(e.minusDays(6))
        .setWindowEnd(e)
        .setIncidents(1)
        .setKilled(killed)
        .setInjured(0)
        .setKilledBy(none)
        .setInjuredBy(none)
        .build();
  }

  private static List<String> days(final List<ObjectNode> points) {
    return points.stream()
        .map(
            p ->
                p.get("windowEnd").asText()
                    + "="
                    + p.get("killed").asLong()
                    + (p.get("changed").asBoolean() ? "" : "~"))
        .toList();
  }

  @Test
  void carriesTheLastChangePointOverUnchangedDays() {
    final List<ObjectNode> points =
        CountSeries.points(
            null, List.of(count("2023-01-01", 3), count("2023-01-04", 5)), null, null, true, 7);
    assertEquals(
        List.of("2023-01-01=3", "2023-01-02=3~", "2023-01-03=3~", "2023-01-04=5"), days(points));
    assertEquals("2022-12-28", points.get(2).get("windowStart").asText());
  }

  @Test
  void startsARangeWithTheValueCarriedIntoItAndStopsAtTheEnd() {
    final List<ObjectNode> points =
        CountSeries.points(
            count("2022-12-30", 2),
            List.of(count("2023-01-02", 4)),
            LocalDate.parse("2023-01-01"),
            LocalDate.parse("2023-01-03"),
            true,
            7);
    assertEquals(List.of("2023-01-01=2~", "2023-01-02=4", "2023-01-03=4~"), days(points));
  }

  @Test
  void daysBeforeTheFirstValueAreLeftOutAndChangePointsStayAsTheyAre() {
    assertEquals(
        List.of("2023-01-02=4", "2023-01-03=4~"),
        days(
            CountSeries.points(
                null,
                List.of(count("2023-01-02", 4)),
                LocalDate.parse("2023-01-01"),
                LocalDate.parse("2023-01-03"),
                true,
                7)));
    assertEquals(
        List.of("2023-01-01=3", "2023-01-04=5"),
        days(
            CountSeries.points(
                null,
                List.of(count("2023-01-01", 3), count("2023-01-04", 5)),
                null,
                null,
                false,
                7)));
    assertTrue(CountSeries.points(null, List.of(), null, null, true, 7).isEmpty());
  }
}
