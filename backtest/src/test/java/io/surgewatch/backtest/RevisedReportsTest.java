package io.surgewatch.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ACLED exports where analysts revise reports (figures, attribution, several times over): the count
 * records, read as a consumer of the compacted topic reads them (the last record of each key,
 * window and day, carried forward over the days without one), equal the rolling sums of the latest
 * report of every incident, computed directly.
 */
class RevisedReportsTest {
  private static final int[] WINDOWS = {7, 30, 90, 365};

  /** The exports' two actors, as the alias table names them. */
  private static final Map<String, String> GROUPS =
      Map.of(
          "TTP: Tehrik-i-Taliban Pakistan",
          "TTP",
          "Unidentified Armed Group (Pakistan)",
          "UNKNOWN");

  private record Run(List<RollingCount> counts, List<SurgeAlert> alerts) {}

  private static Path resource(final String name) throws URISyntaxException {
    return Path.of(RevisedReportsTest.class.getResource("/revisions/" + name).toURI());
  }

  private static Run backtest(final Path file) {
    final Backtest.Collected out = new Backtest.Collected();
    new Backtest(SurgewatchConfig.defaultsOnly()).run(List.of(file), InputFormat.ACLED, out);
    assertEquals(List.of(), out.deadLetters, "nothing in these exports is dead-lettered");
    return new Run(out.counts, out.alerts);
  }

  @ParameterizedTest
  @ValueSource(strings = {"successive.csv", "one-reattributed.csv", "surge-reattributed.csv"})
  void countRecordsEqualTheRollingSumsOfTheLatestReports(final String export) throws Exception {
    final Path file = resource(export);
    final Map<String, long[]> expected = new HashMap<>(); // key|window|day -> incidents, killed
    final TreeSet<LocalDate> days = new TreeSet<>();
    for (final String[] r : latestReports(file)) {
      final LocalDate day = LocalDate.parse(r[1]);
      days.add(day);
      final String g = GROUPS.get(r[2]);
      for (final String key :
          List.of(
              "PK|" + r[3] + "|" + g,
              "PK|" + r[3] + "|*",
              "PK|*|" + g,
              "PK|*|*",
              "*|*|" + g,
              "*|*|*")) {
        for (final int w : WINDOWS) {
          for (int i = 0; i < w; i++) {
            final long[] v =
                expected.computeIfAbsent(key + "|P" + w + "D|" + day.plusDays(i), k -> new long[2]);
            v[0]++;
            v[1] += Long.parseLong(r[4]);
          }
        }
      }
    }
    final LocalDate last = days.last();

    final Run run = backtest(file);
    final Map<String, long[]> latest = new HashMap<>();
    final TreeSet<String> series = new TreeSet<>();
    for (final RollingCount c : run.counts()) {
      assertTrue(!c.getWindowEnd().isAfter(last), "a record beyond the latest event day: " + c);
      final String s =
          c.getCountry() + "|" + c.getRegion() + "|" + c.getGroup() + "|" + c.getWindow();
      series.add(s);
      latest.put(s + "|" + c.getWindowEnd(), new long[] {c.getIncidents(), c.getKilled()});
    }
    int checked = 0;
    for (final String s : series) {
      long[] shown = {0, 0};
      for (LocalDate d = days.first(); !d.isAfter(last); d = d.plusDays(1)) {
        shown = latest.getOrDefault(s + "|" + d, shown);
        final long[] want = expected.getOrDefault(s + "|" + d, new long[2]);
        assertEquals(Arrays.toString(want), Arrays.toString(shown), s + " on " + d);
        checked++;
      }
    }
    assertTrue(checked > 300, "checked " + checked + " series-days");
  }

  @Test
  void reattributingOneIncidentNeverWithdrawsTheAlertsOfRollupsItStaysIn() throws Exception {
    final Run run = backtest(resource("one-reattributed.csv"));
    for (final SurgeAlert a : run.alerts()) {
      if (a.getGroup().equals("*")) {
        assertTrue(
            a.getStatus() != AlertStatus.WITHDRAWN,
            "the group's totals did not change: " + a.getReason());
      }
    }
    assertTrue(
        run.alerts().stream()
            .anyMatch(a -> a.getGroup().equals("*") && a.getStatus() == AlertStatus.OPEN),
        "the export has a surge");
  }

  /**
   * (id, event_date, actor1, admin1, fatalities) of each incident's latest report: later timestamp,
   * then later row.
   */
  private static List<String[]> latestReports(final Path file) throws IOException {
    final List<String> lines = Files.readAllLines(file);
    final List<String> header = List.of(lines.get(0).split(",", -1));
    final List<String[]> rows = new ArrayList<>();
    for (final String line : lines.subList(1, lines.size())) {
      rows.add(line.split(",", -1));
    }
    rows.sort(
        Comparator.comparingLong(
            r -> Long.parseLong(r[header.indexOf("timestamp")]))); // stable: file order
    final Map<String, String[]> latest = new LinkedHashMap<>();
    for (final String[] r : rows) {
      latest.put(
          r[header.indexOf("event_id_cnty")],
          new String[] {
            r[header.indexOf("event_id_cnty")],
            r[header.indexOf("event_date")],
            r[header.indexOf("actor1")],
            r[header.indexOf("admin1")],
            r[header.indexOf("fatalities")]
          });
    }
    return new ArrayList<>(latest.values());
  }
}
