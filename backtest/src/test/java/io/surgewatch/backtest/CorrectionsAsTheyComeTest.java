package io.surgewatch.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ShardKeys;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT "Time": corrections count however late they come, inside the history; a report re-coded
 * to a type that does not count takes its earlier figures out; a newer export replaces an older
 * one. Read as a consumer of the compacted counts topic reads it: the last record of each key,
 * window and day, carried forward.
 */
class CorrectionsAsTheyComeTest {

  private static final String HEADER =
      "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,"
          + "admin1,fatalities,timestamp\n";

  @TempDir Path dir;

  private record Run(
      Map<String, RollingCount> counts,
      List<DeadLetter> deadLetters,
      List<SurgeAlert> alerts,
      List<String> notes) {
    /**
     * The value a consumer sees for a key, window and day: the latest record at or before that day.
     */
    long[] seen(final String key, final String window, final LocalDate day) {
      RollingCount best = null;
      for (final RollingCount c : counts.values()) {
        if ((c.getCountry() + "|" + c.getRegion() + "|" + c.getGroup()).equals(key)
            && c.getWindow().equals(window)
            && !c.getWindowEnd().isAfter(day)
            && (best == null || c.getWindowEnd().isAfter(best.getWindowEnd()))) {
          best = c;
        }
      }
      return best == null ? new long[] {0, 0} : new long[] {best.getIncidents(), best.getKilled()};
    }
  }

  private static String row(
      final String id, final String day, final String type, final int dead, final String reported) {
    return row(id, day, type, dead, reported, "Khyber Pakhtunkhwa");
  }

  private static String row(
      final String id,
      final String day,
      final String type,
      final int dead,
      final String reported,
      final String region) {
    return id
        + ","
        + day
        + ","
        + type
        + ",Armed clash,TTP: Tehrik-i-Taliban Pakistan,,Pakistan,"
        + region
        + ","
        + dead
        + ","
        + LocalDate.parse(reported).atTime(12, 0).toEpochSecond(ZoneOffset.UTC)
        + "\n";
  }

  private Path file(final String name, final String rows) throws IOException {
    return Files.writeString(dir.resolve(name), HEADER + rows);
  }

  private static Run backtest(
      final SurgewatchConfig config, final List<Path> files, final Path replaces) {
    return backtest(new Backtest(config), files, replaces);
  }

  private static Run backtest(
      final Backtest backtest, final List<Path> files, final Path replaces) {
    final Map<String, RollingCount> counts = new HashMap<>();
    final List<DeadLetter> dead = new ArrayList<>();
    final List<SurgeAlert> alerts = new ArrayList<>();
    final Backtest.Summary summary =
        backtest.run(
            files,
            InputFormat.ACLED,
            replaces,
            new Backtest.Sink() {
              @Override
              public void count(final String key, final RollingCount count) {
                synchronized (counts) {
                  counts.put(key, count); // the compacted topic keeps the last record of each key
                }
              }

              @Override
              public void alert(final SurgeAlert alert) {
                alerts.add(alert);
              }

              @Override
              public void deadLetter(final DeadLetter deadLetter) {
                dead.add(deadLetter);
              }
            });
    return new Run(counts, dead, alerts, summary.notes());
  }

  /** One incident a day, one killed, from 1 January to 5 September 2022, each reported that day. */
  private static StringBuilder oneKilledADay() {
    final StringBuilder rows = new StringBuilder();
    for (LocalDate d = LocalDate.of(2022, 1, 1);
        !d.isAfter(LocalDate.of(2022, 9, 5));
        d = d.plusDays(1)) {
      rows.append(row("K" + d, d.toString(), "Battles", 1, d.toString()));
    }
    return rows;
  }

  @Test
  void aShardWhoseKeysGetNoMoreReportsStillClosesItsDaysByTheLatestDayOfAll() throws IOException {
    // One incident in Sindh, then one a day in Punjab: Sindh's region shard gets nothing after its
    // first day, yet its windows move on with the latest incident day seen, as with one partition.
    assertNotEquals(
        ShardPlacement.partition(ShardKeys.of("PK", "Sindh", "*"), 6),
        ShardPlacement.partition(ShardKeys.of("PK", "Punjab", "*"), 6),
        "the two regions' shards are on different partitions");
    final StringBuilder rows =
        new StringBuilder(row("S1", "2023-01-01", "Battles", 2, "2023-01-01", "Sindh"));
    for (int d = 2; d <= 40; d++) {
      final String day = LocalDate.of(2023, 1, 1).plusDays(d - 1).toString();
      rows.append(row("P" + d, day, "Battles", 1, day, "Punjab"));
    }
    final Path acled = file("quiet.csv", rows.toString());
    final Run six =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.TOPIC_PARTITIONS, "6"), List.of(acled), null);
    final Run one =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.TOPIC_PARTITIONS, "1"), List.of(acled), null);

    final LocalDate first = LocalDate.of(2023, 1, 1);
    assertEquals(
        1, six.seen("PK|Sindh|TTP", "P7D", first.plusDays(6))[0], "the last day in the window");
    assertEquals(0, six.seen("PK|Sindh|TTP", "P7D", first.plusDays(7))[0], "the day it leaves");
    assertEquals(0, six.seen("PK|Sindh|*", "P30D", first.plusDays(39))[0]);
    assertEquals(
        one.counts().keySet(), six.counts().keySet(), "the same records, whatever the partitions");
    one.counts().forEach((key, count) -> assertEquals(count, six.counts().get(key), key));
  }

  @Test
  void anEditYearsLateIsCountedAndEveryDayItChangesIsReEmitted() throws IOException {
    final Path acled =
        file(
            "edits.csv",
            row("PAK1", "2018-03-01", "Battles", 4, "2018-03-02")
                + row("PAK2", "2023-01-30", "Battles", 1, "2023-01-31")
                // ACLED edits the 2018 event five years later: its day's windows change, the recent
                // ones do not.
                + row("PAK1", "2018-03-01", "Battles", 9, "2023-02-01"));
    final Run run = backtest(SurgewatchConfig.defaultsOnly(), List.of(acled), null);

    assertEquals(
        List.of(), run.deadLetters(), "nothing is too late: the history has no limit by default");
    final LocalDate day = LocalDate.of(2018, 3, 1);
    assertEquals(9, run.seen("PK|*|*", "P30D", day)[1]);
    assertEquals(
        9,
        run.seen("PK|Khyber Pakhtunkhwa|TTP", "P365D", day.plusDays(364))[1],
        "the last day of the window");
    assertEquals(
        0,
        run.seen("PK|Khyber Pakhtunkhwa|TTP", "P365D", day.plusDays(365))[1],
        "the day it leaves");
    assertEquals(1, run.seen("*|*|*", "P30D", LocalDate.of(2023, 1, 30))[1]);
  }

  @Test
  void aRevisionMovingAnIncidentBeforeABoundedHistoryTakesItsFiguresOutOfItsOldDay()
      throws IOException {
    final Path acled =
        file(
            "moved.csv",
            row("PAK1", "2023-01-20", "Battles", 4, "2023-01-21")
                + row("PAK2", "2023-01-30", "Battles", 1, "2023-01-31")
                // Re-dated five years back, before a history of a year: not counted there, and no
                // longer on 2023-01-20 either.
                + row("PAK1", "2018-01-20", "Battles", 4, "2023-02-01"));
    final Run run =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.HISTORY_DAYS, "365"), List.of(acled), null);

    assertEquals(
        List.of(DeadLetters.TOO_LATE),
        run.deadLetters().stream().map(DeadLetter::getCategory).toList());
    assertTrue(
        run.deadLetters()
            .get(0)
            .getReason()
            .contains("counted on 2023-01-20, are taken out of the counts"),
        run.deadLetters().get(0).getReason());
    assertEquals(1, run.seen("PK|*|*", "P30D", LocalDate.of(2023, 1, 30))[1], "PAK2 alone");
  }

  @Test
  void aRevisionMovingAnIncidentFromBeforeABoundedHistoryIntoItIsTooLateAndTheCountedReportStands()
      throws IOException {
    final Path acled =
        file(
            "into.csv",
            row("PAK1", "2022-01-20", "Battles", 4, "2022-01-21")
                + row("PAK2", "2023-01-30", "Battles", 1, "2023-01-31")
                // Re-dated to a recent day, but its figures cannot leave 2022-01-20, a year and
                // more back: refused as the app's stage 1 refuses it (which names it on PAK1).
                + row("PAK1", "2023-01-29", "Battles", 7, "2023-02-01"));
    final Run run =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.HISTORY_DAYS, "365"), List.of(acled), null);

    assertEquals(
        List.of(DeadLetters.TOO_LATE),
        run.deadLetters().stream().map(DeadLetter::getCategory).toList());
    assertEquals("PAK1", run.deadLetters().get(0).getRecordId());
    assertEquals(
        "line 4: too late: it revises the report counted for incident day 2022-01-20 (this"
            + " report is of 2023-01-29): that day, 377 days before the day of the latest report"
            + " seen (2023-02-01), is beyond the history the app keeps (history.days=365;"
            + " history.days=377 or 0, no limit, would count it)",
        run.deadLetters().get(0).getReason());
    assertEquals(1, run.seen("PK|*|*", "P30D", LocalDate.of(2023, 1, 31))[1], "PAK2 alone");
    assertEquals(
        4, run.seen("PK|*|*", "P30D", LocalDate.of(2022, 1, 20))[1], "PAK1 where it was counted");
  }

  @Test
  void aTieOfRetractionsTestsItsAlertsOnceOnTheTiesFiguresAsAWhole() throws IOException {
    // A quiet year, then a surge of twenty days in Khyber Pakhtunkhwa; a newer export drops the
    // surge's first ten days: --replaces retracts them, all at one reported-at.
    final LocalDate start = LocalDate.of(2023, 1, 1);
    final StringBuilder kept = new StringBuilder();
    final StringBuilder dropped = new StringBuilder();
    for (int d = 0; d < 120; d++) {
      final String day = start.plusDays(d).toString();
      kept.append(row("B" + d, day, "Battles", 1, day));
      if (d >= 90 && d < 110) {
        for (int k = 0; k < 4; k++) {
          (d < 100 ? dropped : kept).append(row("S" + d + "-" + k, day, "Battles", 5, day));
        }
      }
    }
    final Path older = file("older.csv", kept.toString() + dropped);
    final Path newer = file("newer.csv", kept.toString());
    final Run before = backtest(SurgewatchConfig.defaultsOnly(), List.of(older), null);
    final Run after = backtest(SurgewatchConfig.defaultsOnly(), List.of(newer), older);

    final Set<String> openBefore = new HashSet<>();
    before.alerts().forEach(a -> openBefore.add(a.getAlertId()));
    final List<String> openedInTheTie = new ArrayList<>();
    final List<String> withdrawnInTheTie = new ArrayList<>();
    for (final SurgeAlert a : after.alerts()) {
      if (!openBefore.contains(a.getAlertId()) && a.getStatus() == AlertStatus.OPEN) {
        openedInTheTie.add(a.getAlertId());
      }
      if (a.getStatus() == AlertStatus.WITHDRAWN) {
        withdrawnInTheTie.add(a.getAlertId());
      }
    }
    assertTrue(!withdrawnInTheTie.isEmpty(), "the surge's alerts lose their basis: " + after);
    assertTrue(!openedInTheTie.isEmpty(), "its remaining days are a surge still: " + after);
    for (final String id : withdrawnInTheTie) {
      assertTrue(
          openBefore.contains(id),
          id + " opened and was withdrawn within the tie, on figures it held only halfway");
    }
  }

  @Test
  void aRevisionMovingAnOldIncidentIntoTheGraceReTestsOnlyTheGracesDays() throws IOException {
    // A steady year, one killed a day; an edit (outside the grace: counts only) later puts 200
    // killed on a day of it; then a revision moves another of its incidents to a recent day.
    final StringBuilder rows = new StringBuilder();
    final LocalDate start = LocalDate.of(2022, 1, 1);
    for (int d = 0; d < 455; d++) {
      final String day = start.plusDays(d).toString();
      rows.append(row("K" + d, day, "Battles", 1, day));
    }
    final LocalDate latest = start.plusDays(454); // 2023-03-31
    rows.append(row("K160", "2022-06-10", "Battles", 200, latest.plusDays(1).toString()));
    final String edited = rows.toString();
    final Path before = file("edited.csv", edited);
    final Path moved =
        file(
            "moved.csv",
            edited + row("K151", latest.minusDays(1).toString(), "Battles", 1, "2023-04-02"));
    final Run edits = backtest(SurgewatchConfig.defaultsOnly(), List.of(before), null);
    final Run run = backtest(SurgewatchConfig.defaultsOnly(), List.of(moved), null);

    assertEquals(
        200,
        edits.seen("PK|*|*", "P7D", LocalDate.of(2022, 6, 10))[1] - 6,
        "the edit is counted on its day");
    assertEquals(
        edits.alerts(),
        run.alerts(),
        "moving K151 from 2022-06-01 to "
            + latest.minusDays(1)
            + " by one report raises no alert of 2022 (the edited surge of 2022-06-10 among them)");
    assertEquals(6, run.seen("PK|*|*", "P7D", LocalDate.of(2022, 6, 7))[1], "K151 left 2022-06-01");
    assertEquals(8, run.seen("PK|*|*", "P7D", latest)[1], "and counts on its new day");
  }

  @Test
  void aCorrectionInsideTheGraceResolvesAnAlertOnTheDayItsRevisedFiguresFallBack()
      throws IOException {
    // One killed a day, a surge of 100 on 1 August and another on 16 August that keeps the alert
    // open after the first leaves the 30-day window; the second is then re-coded to a type that
    // does not count (as a retraction would), within the grace.
    final StringBuilder rows = oneKilledADay();
    rows.append(row("S1", "2022-08-01", "Battles", 100, "2022-08-01"));
    final String clean = rows.toString();
    final String withSecond = clean + row("S2", "2022-08-16", "Battles", 100, "2022-08-16");
    final Run corrected =
        backtest(
            SurgewatchConfig.defaultsOnly(),
            List.of(
                file(
                    "corrected.csv",
                    withSecond + row("S2", "2022-08-16", "Protests", 100, "2022-09-06"))),
            null);
    final Run never =
        backtest(SurgewatchConfig.defaultsOnly(), List.of(file("clean.csv", clean)), null);

    final SurgeAlert resolvedClean = resolution(never, "PK|*|*|killed|2022-08-01");
    assertEquals(LocalDate.of(2022, 8, 31), resolvedClean.getWindowEnd(), "S1 leaves the window");
    final SurgeAlert resolved = resolution(corrected, "PK|*|*|killed|2022-08-01");
    assertEquals(resolvedClean.getWindowEnd(), resolved.getWindowEnd(), "resolved retroactively");
    assertEquals(resolvedClean.getObserved(), resolved.getObserved());
  }

  @Test
  void theGraceIsMeasuredBackFromTheLatestReportedAtNotTheLatestIncidentDay() throws IOException {
    // One killed a day and a surge of 100 on 25 August that opens an alert, still open on 5
    // September; no incident after that. The surge is then re-coded to a type that does not count,
    // reported 60 days after it (inside the grace), 61 days after it, or two years later.
    final StringBuilder rows = oneKilledADay();
    rows.append(row("S1", "2022-08-25", "Battles", 100, "2022-08-25"));
    final String clean = rows.toString();
    final Run never =
        backtest(SurgewatchConfig.defaultsOnly(), List.of(file("c.csv", clean)), null);
    final Map<String, Run> recodedOn = new HashMap<>();
    for (final String reported : List.of("2022-10-24", "2022-10-25", "2024-10-25")) {
      final String recoded = clean + row("S1", "2022-08-25", "Protests", 100, reported);
      recodedOn.put(
          reported,
          backtest(
              SurgewatchConfig.defaultsOnly(),
              List.of(file("recoded-" + reported + ".csv", recoded)),
              null));
    }

    assertTrue(
        never.alerts().stream().anyMatch(a -> a.getAlertId().equals("PK|*|*|killed|2022-08-25")),
        "the surge opens an alert: " + never.alerts());
    assertNotEquals(
        never.alerts(),
        recodedOn.get("2022-10-24").alerts(),
        "60 days after the surge's day: inside the grace, its alert is re-tested");
    assertEquals(
        never.alerts(),
        recodedOn.get("2022-10-25").alerts(),
        "61 days after: the figures change, the alerts do not");
    assertEquals(
        never.alerts(),
        recodedOn.get("2024-10-25").alerts(),
        "two years after, though no incident came after 2022-09-05: counts only");
    for (final Run run : recodedOn.values()) {
      assertEquals(7, run.seen("PK|*|*", "P7D", LocalDate.of(2022, 8, 25))[1], "S1 taken out");
    }
  }

  @Test
  void anAlertAlreadyResolvedIsWithdrawnWhenACorrectionInsideTheGraceTakesItsBasisAway()
      throws IOException {
    // One killed a day, a surge of 100 on 1 August that resolves when it leaves the 30-day window
    // (31 August); on 6 September, inside the grace, the surge is re-coded to a type that does not
    // count.
    final StringBuilder rows = oneKilledADay();
    rows.append(row("S1", "2022-08-01", "Battles", 100, "2022-08-01"));
    final String clean = rows.toString();
    final Run run =
        backtest(
            SurgewatchConfig.defaultsOnly(),
            List.of(
                file(
                    "recoded.csv", clean + row("S1", "2022-08-01", "Protests", 100, "2022-09-06"))),
            null);

    final List<SurgeAlert> life =
        run.alerts().stream()
            .filter(a -> a.getAlertId().equals("PK|*|*|killed|2022-08-01"))
            .toList();
    assertEquals(
        List.of(AlertStatus.OPEN, AlertStatus.RESOLVED, AlertStatus.WITHDRAWN),
        life.stream().map(SurgeAlert::getStatus).toList());
    final SurgeAlert withdrawn = life.get(2);
    assertEquals(3, withdrawn.getSequence());
    assertEquals(LocalDate.of(2022, 8, 1), withdrawn.getWindowEnd(), "re-tested on its day");
    assertEquals(30, withdrawn.getObserved(), "one killed a day, the surge taken out");
    assertTrue(withdrawn.getReason().startsWith("Withdrawn: "), withdrawn.getReason());
  }

  @Test
  void anOpenAlertWhoseOpeningDayARevisionLeavesShortOfTheOpenScoreIsWithdrawnNamingItsSuccessor()
      throws IOException {
    // One killed a day; on 25 August S0 (20 killed) and S1 (25), on 26 August S2 (40): an alert
    // opens on 25 August. On 6 September, inside the grace, S1 is revised to none killed: 25
    // August alone (50 against 30 expected) no longer reaches the open score, though it stays above
    // the resolve score, while 26 August (90) still does. The alert of 25 August is withdrawn, as
    // the README's lifecycle has it for an alert still open, and one opens on 26 August in the
    // same re-test: the withdrawal says which figure fell short of which threshold, and names it.
    final Run run =
        backtest(SurgewatchConfig.defaultsOnly(), List.of(withdrawnForASuccessor()), null);

    final List<SurgeAlert> first =
        run.alerts().stream()
            .filter(a -> a.getAlertId().equals("PK|*|*|killed|2022-08-25"))
            .toList();
    final SurgeAlert withdrawn = first.get(first.size() - 1);
    assertEquals(AlertStatus.WITHDRAWN, withdrawn.getStatus(), first.toString());
    assertTrue(
        withdrawn.getScore() >= 2 && withdrawn.getScore() < 6,
        "above the resolve score, under the open score: " + withdrawn);
    assertEquals(
        "Withdrawn: revised reports no longer support the surge: its opening day 2022-08-25 now"
            + " scores "
            + withdrawn.getScore()
            + ", under the open score 6; 30-day killed in Pakistan, all groups: 50 against 30.0"
            + " expected (1.66x), score "
            + withdrawn.getScore()
            + ". The same revision opened its successor, PK|*|*|killed|2022-08-26.",
        withdrawn.getReason());
    final int at = run.alerts().indexOf(withdrawn);
    final SurgeAlert successor = run.alerts().get(at + 1);
    assertEquals("PK|*|*|killed|2022-08-26", successor.getAlertId());
    assertEquals(AlertStatus.OPEN, successor.getStatus(), "the next record: " + successor);
    // The link in fields of their own, for readers that do not parse the reason.
    assertEquals(successor.getAlertId(), withdrawn.getSuccessor());
    assertEquals(withdrawn.getAlertId(), successor.getPredecessor());
  }

  /**
   * The case above: S1 revised on 6 September to none killed withdraws the alert of 25 August and
   * opens the one of 26 August in the same re-test.
   */
  private Path withdrawnForASuccessor() throws IOException {
    final StringBuilder rows = oneKilledADay();
    rows.append(row("S0", "2022-08-25", "Battles", 20, "2022-08-25"));
    rows.append(row("S1", "2022-08-25", "Battles", 25, "2022-08-25"));
    rows.append(row("S2", "2022-08-26", "Battles", 40, "2022-08-26"));
    return file("revised.csv", rows + row("S1", "2022-08-25", "Battles", 0, "2022-09-06"));
  }

  @Test
  void theAlertsFileLinksAWithdrawnAlertAndItsSuccessorInFieldsOfTheirOwn() throws IOException {
    final Path out = dir.resolve("out");
    new Backtest(SurgewatchConfig.defaultsOnly())
        .run(List.of(withdrawnForASuccessor()), InputFormat.ACLED, out, false);
    final Map<String, String> successors = new HashMap<>();
    final Map<String, String> replaced = new HashMap<>();
    for (final String line : Files.readAllLines(out.resolve("alerts.ndjson"))) {
      final JsonNode a = EventJson.MAPPER.readTree(line);
      assertTrue(a.has("successor") && a.has("predecessor"), "every line has both fields: " + line);
      final String status = a.path("status").asText();
      if (!a.path("successor").isNull()) {
        assertEquals("WITHDRAWN", status, line);
        successors.put(a.path("alertId").asText(), a.path("successor").asText());
      }
      if (!a.path("predecessor").isNull()) {
        assertEquals("OPEN", status, line);
        replaced.put(a.path("alertId").asText(), a.path("predecessor").asText());
      }
    }
    assertEquals("PK|*|*|killed|2022-08-26", successors.get("PK|*|*|killed|2022-08-25"));
    // Each link is told from both ends (every key of the surge has its own pair).
    final Map<String, String> backwards = new HashMap<>();
    replaced.forEach((next, withdrawn) -> backwards.put(withdrawn, next));
    assertEquals(successors, backwards);
  }

  @Test
  void aHistoricalExportEditedInBulkIsReplayedAsReportedOnTimeWhenAsked() throws IOException {
    // Every row last edited on one day in 2024, newest first (as ACLED lists them): as exported,
    // every report but the first is two years late; taken on its event day, the surge alerts.
    final List<String> lines =
        new ArrayList<>(
            List.of(
                (oneKilledADay() + row("S1", "2022-08-25", "Battles", 100, "2022-08-25"))
                    .split("\n")));
    Collections.reverse(lines);
    final StringBuilder edited = new StringBuilder();
    for (final String line : lines) {
      edited
          .append(line, 0, line.lastIndexOf(',') + 1)
          .append(LocalDate.of(2024, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC))
          .append('\n');
    }
    final Path acled = file("bulk.csv", edited.toString());

    final Run asExported = backtest(SurgewatchConfig.defaultsOnly(), List.of(acled), null);
    final Run onTime =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.BACKTEST_REPORTED_AT, "event-day"),
            List.of(acled),
            null);
    assertEquals(List.of(), asExported.alerts(), "as exported: counts only");
    assertTrue(
        asExported.notes().stream()
            .anyMatch(
                n ->
                    n.startsWith(
                        "249 reports changed only days more than grace.days (60) before the latest"
                            + " reported-at when they came")),
        asExported.notes().toString());
    assertTrue(
        onTime.alerts().stream()
            .anyMatch(
                a ->
                    a.getAlertId().equals("PK|*|*|killed|2022-08-25")
                        && a.getStatus() == AlertStatus.OPEN),
        onTime.alerts().toString());
    for (LocalDate d = LocalDate.of(2022, 8, 20);
        d.isBefore(LocalDate.of(2022, 9, 6));
        d = d.plusDays(1)) {
      assertEquals(
          asExported.seen("PK|*|*", "P30D", d)[1],
          onTime.seen("PK|*|*", "P30D", d)[1],
          "the same counts either way, " + d);
    }
    assertEquals(130, onTime.seen("PK|*|*", "P30D", LocalDate.of(2022, 8, 25))[1]);
  }

  @Test
  void onItsEventDayARevisionToAnEarlierDayStillReplacesTheVersionBeforeIt() throws IOException {
    final Path acled =
        file(
            "moved-earlier.csv",
            row("PAK1", "2022-08-25", "Battles", 5, "2024-01-01")
                + row("PAK2", "2022-08-30", "Battles", 1, "2024-01-01")
                + row("PAK1", "2022-08-20", "Battles", 5, "2024-01-02"));
    final Run run =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.BACKTEST_REPORTED_AT, "event-day"),
            List.of(acled),
            null);
    assertEquals(5, run.seen("PK|*|*", "P7D", LocalDate.of(2022, 8, 20))[1], "moved to 20 August");
    assertEquals(0, run.seen("PK|*|*", "P7D", LocalDate.of(2022, 8, 27))[1], "gone from the 25th");
    assertEquals(List.of(), run.deadLetters());
  }

  @Test
  void onItsEventDayTheLaterEditStandsWhereverTheFilesHoldIt() throws IOException {
    // The newer edit first in the files, an older one after it: the later timestamp wins, as it
    // does replayed as exported.
    final Path newer = file("newer.csv", row("PAK1", "2022-08-25", "Battles", 0, "2024-01-11"));
    final Path older = file("older.csv", row("PAK1", "2022-08-25", "Battles", 25, "2024-01-01"));
    for (final String mode : List.of("event-day", "as-exported")) {
      final Run run =
          backtest(
              SurgewatchConfig.defaultsOnly().with(Keys.BACKTEST_REPORTED_AT, mode),
              List.of(newer, older),
              null);
      assertEquals(
          0, run.seen("PK|*|*", "P7D", LocalDate.of(2022, 8, 25))[1], mode + ": the later edit");
    }
  }

  @Test
  void aReportThatALaterOneSupersedesIsDeadLetteredSayingWhichStands() throws IOException {
    // One reported-at, revision 2 before revision 1: the higher revision stands, and the lower is
    // neither counted nor lost.
    final String at = "2023-03-01T10:00:00Z";
    final Path ndjson =
        Files.writeString(
            dir.resolve("revisions.ndjson"),
            revision("PAK1", at, 2, 9) + "\n" + revision("PAK1", at, 1, 3) + "\n");
    final Backtest.Collected out = new Backtest.Collected();
    new Backtest(SurgewatchConfig.defaultsOnly()).run(List.of(ndjson), InputFormat.NDJSON, out);
    assertEquals(9, lastWeekOfPakistan(out).getKilled(), "revision 2's figures");
    assertEquals(1, out.deadLetters.size(), out.deadLetters.toString());
    final DeadLetter dead = out.deadLetters.get(0);
    assertEquals(DeadLetters.SUPERSEDED, dead.getCategory());
    assertEquals("reportedAt", dead.getField());
    assertTrue(
        dead.getReason()
            .startsWith(
                "line 2: superseded: this report (reported at 2023-03-01T10:00:00Z, revision 1) is"
                    + " older than the one that stands for the incident (reported at"
                    + " 2023-03-01T10:00:00Z, revision 2)"),
        dead.getReason());
  }

  @Test
  void aNewerExportsVersionsOfAnIncidentKeepTheirOrderWhenRaisedWhateverOrderTheFileLists()
      throws IOException {
    // The newer export lists PAK1's versions newest first, both dated before the older export's
    // report (revision 1): both are raised to its time, and its revision 1, the later arrival
    // there, stands; its revision 0 is superseded, and says so.
    final Path older =
        Files.writeString(
            dir.resolve("older.ndjson"), revision("PAK1", "2023-03-01T10:00:00Z", 1, 9) + "\n");
    final Path newer =
        Files.writeString(
            dir.resolve("newer.ndjson"),
            revision("PAK1", "2023-03-01T09:00:00Z", 1, 4)
                + "\n"
                + revision("PAK1", "2023-03-01T08:00:00Z", 0, 5)
                + "\n");
    for (final String mode : List.of("as-exported", "event-day")) {
      final Backtest.Collected out = new Backtest.Collected();
      final Backtest.Summary summary =
          new Backtest(SurgewatchConfig.defaultsOnly().with(Keys.BACKTEST_REPORTED_AT, mode))
              .run(List.of(newer), InputFormat.NDJSON, older, out);
      assertEquals(4, lastWeekOfPakistan(out).getKilled(), mode + ": the newer revision 1");
      assertEquals(
          List.of(DeadLetters.SUPERSEDED),
          out.deadLetters.stream().map(DeadLetter::getCategory).toList(),
          mode + ": revision 0");
      assertTrue(
          summary.notes().stream()
              .anyMatch(
                  n ->
                      n.startsWith(
                          "2 reports, of 1 incident, were dated before older.ndjson's latest"
                              + " report of the same incident")),
          summary.notes().toString());
    }
  }

  @Test
  void aNewerExportsReportDatedBeforeTheOlderExportsEndComesAfterItAsPublishingItThereDoes()
      throws IOException {
    // The newer export adds a burst on 1 August that the older one (to 30 November) lacked.
    // Published after the older export, the app places those reports just past its end, where 1
    // August is beyond the grace: counts only. Replayed as one stream with it (no --replaces), they
    // come in August, on time, and open a surge.
    final StringBuilder days = oneKilledADay();
    for (LocalDate d = LocalDate.of(2022, 9, 6);
        !d.isAfter(LocalDate.of(2022, 11, 30));
        d = d.plusDays(1)) {
      days.append(row("K" + d, d.toString(), "Battles", 1, d.toString()));
    }
    final StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      burst.append(row("B" + i, "2022-08-01", "Battles", 10, "2022-08-01"));
    }
    final Path older = file("older.csv", days.toString());
    final Path newer = file("newer.csv", days.toString() + burst);
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly();

    final Run together = backtest(config, List.of(older, newer), null);
    assertTrue(
        together.alerts().stream().anyMatch(a -> a.getWindowEnd().getMonthValue() == 8),
        "on time, the burst opens a surge in August: " + together.alerts());

    final Run replaced = backtest(config, List.of(newer), older);
    assertEquals(
        List.of(),
        replaced.alerts().stream().filter(a -> a.getWindowEnd().getMonthValue() == 8).toList(),
        "past the grace from where the app places it");
    final LocalDate burstDay = LocalDate.of(2022, 8, 1);
    assertEquals(
        together.seen("PK|Khyber Pakhtunkhwa|*", "P7D", burstDay.plusDays(1))[1],
        replaced.seen("PK|Khyber Pakhtunkhwa|*", "P7D", burstDay.plusDays(1))[1],
        "the same counts");
    assertEquals(127, replaced.seen("PK|Khyber Pakhtunkhwa|*", "P7D", burstDay.plusDays(1))[1]);
    assertTrue(
        replaced.notes().stream().anyMatch(n -> n.startsWith("12 reports changed only days")),
        replaced.notes().toString());
  }

  @Test
  void aSupersededReportThatReplacesRaisedNamesItsOwnTimeAndSuggestsNoReplaces()
      throws IOException {
    // The newer export's PAK1 (08:00, revision 1) is dated before the older's (10:00, revision 3):
    // raised to 10:00, where revision 3 stands. The reason names the file's 08:00, says why it
    // was raised, and does not suggest the --replaces this run used (as the app's, from the
    // headers produce --replaces writes: CountingSemanticsTest).
    final Path older =
        Files.writeString(
            dir.resolve("older.ndjson"), revision("PAK1", "2023-03-01T10:00:00Z", 3, 9) + "\n");
    final Path newer =
        Files.writeString(
            dir.resolve("newer.ndjson"),
            revision("PAK1", "2023-03-01T08:00:00Z", 1, 4)
                + "\n"
                + revision("PAK2", "2023-03-01T09:00:00Z", 0, 1)
                + "\n");
    final Backtest.Collected out = new Backtest.Collected();
    final Backtest.Summary summary =
        new Backtest(SurgewatchConfig.defaultsOnly())
            .run(List.of(newer), InputFormat.NDJSON, older, out);
    assertEquals(10, lastWeekOfPakistan(out).getKilled(), "the older revision 3, and PAK2");
    assertEquals(1, out.deadLetters.size(), out.deadLetters.toString());
    assertEquals(DeadLetters.SUPERSEDED, out.deadLetters.get(0).getCategory());
    assertEquals(
        "line 1: superseded: this report (reported at 2023-03-01T08:00:00Z, revision 1; raised to"
            + " 2023-03-01T10:00:00Z, the time of older.ndjson's report of the incident, by"
            + " --replaces older.ndjson: a newer export's report dated before the older export's is"
            + " taken as reported at the older one's time, so that it stands over it as the later"
            + " arrival, but its revision stays its own) is older than the one that stands for the"
            + " incident (reported at 2023-03-01T10:00:00Z, revision 3): the later reported-at"
            + " wins, at equal reported-at the higher revision",
        out.deadLetters.get(0).getReason());
    // One report raised (PAK2 has no older report), and the note counts that one only.
    assertTrue(
        summary.notes().stream()
            .anyMatch(
                n ->
                    n.startsWith(
                        "1 report, of 1 incident, was dated before older.ndjson's latest report of"
                            + " the same incident")),
        summary.notes().toString());
  }

  @Test
  void aNewerExportThatNumbersRevisionsAnewIsSupersededAndSaysSo() throws IOException {
    // A documented limit of --replaces: at the older report's time its higher revision stands.
    final String at = "2023-03-01T10:00:00Z";
    final Path older =
        Files.writeString(dir.resolve("older.ndjson"), revision("PAK1", at, 3, 9) + "\n");
    final Path newer =
        Files.writeString(dir.resolve("newer.ndjson"), revision("PAK1", at, 1, 4) + "\n");
    final Backtest.Collected out = new Backtest.Collected();
    new Backtest(SurgewatchConfig.defaultsOnly())
        .run(List.of(newer), InputFormat.NDJSON, older, out);
    assertEquals(9, lastWeekOfPakistan(out).getKilled(), "the older export's revision 3");
    assertEquals(1, out.deadLetters.size(), out.deadLetters.toString());
    assertEquals(DeadLetters.SUPERSEDED, out.deadLetters.get(0).getCategory());
    // Not raised (at the older report's time already); --replaces was used: not suggested.
    assertEquals(
        "line 1: superseded: this report (reported at 2023-03-01T10:00:00Z, revision 1) is older"
            + " than the one that stands for the incident (reported at 2023-03-01T10:00:00Z,"
            + " revision 3): the later reported-at wins, at equal reported-at the higher revision",
        out.deadLetters.get(0).getReason());
  }

  /** The last record written of PK / * / * over seven days. */
  private static RollingCount lastWeekOfPakistan(final Backtest.Collected out) {
    return out.counts.stream()
        .filter(c -> c.getCountry().equals("PK") && c.getRegion().equals("*"))
        .filter(c -> c.getGroup().equals("*") && c.getWindow().equals("P7D"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static String revision(
      final String id, final String at, final int revision, final int killed) {
    return "{\"id\":\""
        + id
        + "\",\"reportedAt\":\""
        + at
        + "\",\"revision\":"
        + revision
        + ",\"occurredOn\":\"2023-02-28\",\"country\":\"PK\",\"region\":\"Punjab\","
        + "\"eventType\":\"ATTACK\",\"killed\":{\"civilians\":"
        + killed
        + "},\"injured\":{},\"source\":{\"name\":\"test\"}}";
  }

  private static SurgeAlert resolution(final Run run, final String alertId) {
    return run.alerts().stream()
        .filter(a -> a.getAlertId().equals(alertId) && a.getStatus() == AlertStatus.RESOLVED)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no RESOLVED of " + alertId + " in " + run.alerts()));
  }

  @Test
  void aBoundedHistoryDeadLettersOlderReportsNamingTheSettingThatWouldCountThem()
      throws IOException {
    final Path acled =
        file(
            "bounded.csv",
            row("PAK2", "2023-01-30", "Battles", 1, "2023-01-31")
                + row("PAK1", "2018-03-01", "Battles", 4, "2023-02-01"));
    final Run run =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.HISTORY_DAYS, "365"), List.of(acled), null);

    assertEquals(1, run.deadLetters().size());
    final DeadLetter late = run.deadLetters().get(0);
    assertEquals(DeadLetters.TOO_LATE, late.getCategory());
    assertEquals("PAK1", late.getRecordId());
    assertTrue(late.getReason().contains("history.days=365"), late.getReason());
    assertTrue(late.getReason().contains("history.days=1798 or 0"), late.getReason());
  }

  @Test
  void aRevisionOfAReportBeforeTheHistoryIsTooLateSayingWhichDayItWouldChange() throws IOException {
    final Path acled =
        file(
            "revised-late.csv",
            row("PAK1", "2023-01-02", "Battles", 4, "2023-01-02")
                + row("PAK2", "2023-03-01", "Battles", 1, "2023-03-01")
                + row("PAK1", "2023-03-01", "Battles", 5, "2023-03-02"));
    final Run run =
        backtest(
            SurgewatchConfig.defaultsOnly().with(Keys.HISTORY_DAYS, "30"), List.of(acled), null);

    assertEquals(1, run.deadLetters().size());
    assertEquals(
        "line 4: too late: it revises the report counted for incident day 2023-01-02 (this"
            + " report is of 2023-03-01): that day, 59 days before the day of the latest report"
            + " seen (2023-03-02), is beyond the history the app keeps (history.days=30;"
            + " history.days=59 or 0, no limit, would count it)",
        run.deadLetters().get(0).getReason());
  }

  @Test
  void aTooLateReasonNamesTheDayOfTheLatestReportNotTheTimeALateReportWasPlacedAt()
      throws IOException {
    // A file of corrections published after the export: its report, dated before the export's
    // last, is late, and the app places it just after that report (a millisecond later), a time
    // no input holds. Its reason names the day it is measured from, which a user finds in the
    // export.
    final Run run =
        backtest(
            new Backtest(SurgewatchConfig.defaultsOnly().with(Keys.HISTORY_DAYS, "30"))
                .inputsInTurn(null),
            List.of(
                file("export.csv", row("PAK2", "2023-03-01", "Battles", 1, "2023-03-02")),
                file("corrections.csv", row("PAK1", "2023-01-02", "Battles", 4, "2023-03-01"))),
            null);

    assertEquals(1, run.deadLetters().size(), run.deadLetters().toString());
    assertEquals(
        "line 2: too late: incident day 2023-01-02, 59 days before the day of the latest report"
            + " seen (2023-03-02), is beyond the history the app keeps (history.days=30;"
            + " history.days=59 or 0, no limit, would count it)",
        run.deadLetters().get(0).getReason());
  }

  @Test
  void aReportReCodedToATypeThatDoesNotCountTakesItsFiguresOut() throws IOException {
    final Path acled =
        file(
            "recoded.csv",
            row("PAK1", "2023-01-10", "Battles", 7, "2023-01-11")
                + row("PAK2", "2023-01-30", "Battles", 1, "2023-01-31")
                + row("PAK1", "2023-01-10", "Strategic developments", 0, "2023-02-01"));
    final Run run = backtest(SurgewatchConfig.defaultsOnly(), List.of(acled), null);

    assertEquals(0, run.seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 10))[1]);
    assertEquals(0, run.seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 10))[0]);
    assertEquals(1, run.deadLetters().size());
    final DeadLetter setAside = run.deadLetters().get(0);
    assertEquals(DeadLetters.NOT_COUNTED, setAside.getCategory());
    assertTrue(
        setAside.getReason().contains("event type 'Strategic developments' is not counted"),
        setAside.getReason());
    assertTrue(setAside.getReason().contains("taken out"), setAside.getReason());
  }

  @Test
  void aReDownloadedExportSetsAsideOnlyWhatChangedOrIsNew() throws IOException {
    final String protest = row("BFA1", "2023-01-10", "Protests", 0, "2023-01-11");
    final String riot = row("BFA2", "2023-01-12", "Riots", 1, "2023-01-13");
    final String battle = row("BFA3", "2023-01-12", "Battles", 4, "2023-01-13");
    final Path first = file("first.csv", protest + riot + battle);
    final Path again =
        file(
            "again.csv",
            protest // the same row: set aside before, nothing to say again
                + row("BFA2", "2023-01-12", "Riots", 1, "2023-02-01") // edited, same figures
                + battle
                + row("BFA4", "2023-01-20", "Protests", 0, "2023-02-01") // a new row
                + row("BFA1", "2023-01-10", "Riots", 0, "2023-02-01")); // re-coded
    final Run run =
        backtest(
            new Backtest(SurgewatchConfig.defaultsOnly()).inputsInTurn(),
            List.of(first, again),
            null);

    final List<String> setAside = new ArrayList<>();
    for (final DeadLetter letter : run.deadLetters()) {
      assertEquals(DeadLetters.NOT_COUNTED, letter.getCategory(), letter.toString());
      setAside.add(letter.getRecordId() + " " + Path.of(letter.getSourceFile()).getFileName());
    }
    Collections.sort(setAside);
    assertEquals(
        List.of("BFA1 again.csv", "BFA1 first.csv", "BFA2 first.csv", "BFA4 again.csv"),
        setAside,
        "each report set aside once; a repeat of one (same type and figures) is not a new letter");
    assertEquals(4, run.seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 12))[1]);
    assertTrue(
        run.notes().stream().anyMatch(n -> n.startsWith("2 reports repeated a report set aside")),
        "the summary says where the repeats went: " + run.notes());
  }

  @Test
  void countedTypesAreASetting() throws IOException {
    final Path acled = file("riots.csv", row("KEN1", "2023-01-10", "Riots", 3, "2023-01-11"));
    final SurgewatchConfig withRiots =
        SurgewatchConfig.defaultsOnly()
            .with(
                Keys.INCIDENTS_COUNTED_TYPES,
                "Battles,Explosions/Remote violence,Violence against civilians,Riots");
    assertEquals(
        3,
        backtest(withRiots, List.of(acled), null)
            .seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 10))[1]);
    assertEquals(
        0,
        backtest(SurgewatchConfig.defaultsOnly(), List.of(acled), null)
            .seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 10))[1]);
  }

  @Test
  void aNewReleaseWithoutEditTimesThatMovesAnIncidentToAnEarlierDayReplacesTheOlderVersion()
      throws IOException {
    // Without a timestamp column each row is reported at the end of its event day: the new
    // release's PAK1 is dated before the old release's, and still stands.
    final String header = HEADER.replace(",timestamp", "");
    final Path older =
        Files.writeString(
            dir.resolve("release-1.csv"),
            header + withoutTimestamp(row("PAK1", "2023-01-20", "Battles", 40, "2023-01-20")));
    final Path newer =
        Files.writeString(
            dir.resolve("release-2.csv"),
            header + withoutTimestamp(row("PAK1", "2023-01-10", "Battles", 40, "2023-01-10")));
    final Run run = backtest(SurgewatchConfig.defaultsOnly(), List.of(newer), older);

    assertEquals(40, run.seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 10))[1], "on the 10th now");
    assertEquals(0, run.seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 20))[1], "gone from the 20th");
    assertTrue(
        run.notes().stream()
            .anyMatch(
                n ->
                    n.startsWith(
                        "1 report, of 1 incident, was dated before release-1.csv's latest report"
                            + " of the same incident")),
        run.notes().toString());
    assertEquals(List.of(), run.deadLetters());
  }

  private static String withoutTimestamp(final String row) {
    return row.substring(0, row.lastIndexOf(',')) + "\n";
  }

  @Test
  void aNewerExportReplacesTheOlderOneRetractingWhatItNoLongerHolds() throws IOException {
    final Path older =
        file(
            "older.csv",
            row("PAK1", "2023-01-10", "Battles", 7, "2023-01-11")
                + row("PAK2", "2023-01-12", "Battles", 2, "2023-01-13"));
    final Path newer = file("newer.csv", row("PAK2", "2023-01-12", "Battles", 3, "2023-01-20"));
    final Run run = backtest(SurgewatchConfig.defaultsOnly(), List.of(newer), older);

    assertEquals(
        3, run.seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 12))[1], "PAK1 retracted, PAK2 revised");
    assertEquals(0, run.seen("PK|*|*", "P7D", LocalDate.of(2023, 1, 10))[0]);
    assertEquals(List.of(), run.deadLetters());
  }
}
