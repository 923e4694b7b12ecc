package io.surgewatch.streams.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.backtest.Backtest;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The comparable content of a run's outputs. Counts: each key's daily series as a reader of the
 * compacted topic reconstructs it (last record per day, carried forward), reduced to its change
 * points: when records are emitted (a flush of the open day, a late correction) may differ between
 * runs, the series may not. Alerts: every transition with its figures and the story told with it
 * (the statements attached, the related alerts): the story stage tells them in backtest's order, so
 * they too are the same. Dead letters: record id and category.
 */
record Outputs(Map<String, List<String>> series, List<String> alerts, List<String> deadLetters) {

  /**
   * The first few keys whose series differ, each with the first point that differs: a readable
   * failure.
   */
  static List<String> differences(
      final Map<String, List<String>> expected,
      final Map<String, List<String>> actual,
      final int limit) {
    final List<String> out = new ArrayList<>();
    for (final var e : expected.entrySet()) {
      final List<String> a = actual.getOrDefault(e.getKey(), List.of());
      if (!a.equals(e.getValue()) && out.size() < limit) {
        int i = 0;
        while (i < Math.min(a.size(), e.getValue().size())
            && a.get(i).equals(e.getValue().get(i))) {
          i++;
        }
        out.add(
            e.getKey()
                + " at point "
                + i
                + ": backtest "
                + (i < e.getValue().size() ? e.getValue().get(i) : "(end)")
                + " vs app "
                + (i < a.size() ? a.get(i) : "(end)"));
      }
    }
    return out;
  }

  /**
   * Waits until the app's output topics hold what {@code expected} holds: the same dead letters,
   * alert transitions, count keys and series. The open day's values follow on the app's flush timer
   * ({@code open-day.flush-ms}, short in {@link RealStack}): wait for the condition, not for a
   * time.
   */
  static void awaitAppEquals(final SurgewatchConfig config, final Outputs expected) {
    await("the app's outputs equal to the backtest's")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              final Outputs actual =
                  of(
                      RealStack.counts(config),
                      RealStack.alerts(config),
                      RealStack.deadLetters(config));
              assertEquals(expected.deadLetters(), actual.deadLetters());
              assertEquals(expected.alerts(), actual.alerts());
              assertEquals(expected.series().keySet(), actual.series().keySet());
              assertEquals(List.of(), differences(expected.series(), actual.series(), 5));
            });
  }

  /**
   * Where each dead letter says its record came from, {@code recordId category file:line}, sorted:
   * backtest's name the file and line, and so do the app's stage 1's for records {@code produce}
   * published (their headers say where), and the cube's (stage 1 passes the file and line on when a
   * shard may dead-letter a report).
   */
  static List<String> deadLetterPlaces(final List<DeadLetter> dead) {
    return dead.stream()
        .map(
            d ->
                d.getRecordId()
                    + " "
                    + d.getCategory()
                    + " "
                    + d.getSourceFile()
                    + ":"
                    + d.getSourceLine())
        .sorted()
        .toList();
  }

  /**
   * Statement counts as a reader of the topic keeps them: each {@code country|KIND}'s last record
   * ({@code total lastMadeAt}). The app's record cache may coalesce a key's updates on the topic;
   * the last one is the same.
   */
  static Map<String, String> statementCounts(final List<StatementCount> counts) {
    final Map<String, String> out = new TreeMap<>();
    counts.forEach(
        c -> out.put(c.getCountry() + "|" + c.getKind(), c.getTotal() + " " + c.getLastMadeAt()));
    return out;
  }

  /** The outputs of a backtest of the file with this configuration. */
  static Outputs backtest(final SurgewatchConfig config, final Path input) {
    final Backtest.Collected out = new Backtest.Collected();
    new Backtest(config).run(List.of(input), InputFormat.NDJSON, out);
    return of(out.counts, out.alerts, out.deadLetters);
  }

  static Outputs of(
      final List<RollingCount> counts, final List<SurgeAlert> alerts, final List<DeadLetter> dead) {
    // Each key's last record of each day, as a reader of the compacted topic keeps it; only those
    // are rendered (a run's topic holds several records of a day, one per flush).
    final Map<String, TreeMap<String, RollingCount>> byKey = new TreeMap<>();
    for (final RollingCount c : counts) {
      final String key =
          c.getCountry() + "|" + c.getRegion() + "|" + c.getGroup() + "|" + c.getWindow();
      byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(c.getWindowEnd().toString(), c);
    }
    final Map<String, List<String>> series = new TreeMap<>();
    byKey.forEach(
        (key, days) -> {
          final List<String> points = new ArrayList<>();
          String previous = null;
          for (final var day : days.entrySet()) {
            final RollingCount c = day.getValue();
            final String value =
                c.getIncidents()
                    + "/"
                    + c.getKilled()
                    + "/"
                    + c.getInjured()
                    + "/"
                    + fields(c.getKilledBy())
                    + "/"
                    + fields(c.getInjuredBy());
            if (!value.equals(previous)) {
              points.add(day.getKey() + "=" + value);
            }
            previous = value;
          }
          series.put(key, points);
        });
    final List<String> a =
        alerts.stream()
            .map(
                x ->
                    String.join(
                        " ",
                        x.getAlertId(),
                        String.valueOf(x.getSequence()),
                        x.getStatus().name(),
                        x.getWindowEnd().toString(),
                        String.valueOf(x.getObserved()),
                        String.valueOf(x.getExpected()),
                        String.valueOf(x.getScore()),
                        x.getSeverity().name(),
                        x.getReason(),
                        x.getTopIncidentIds().toString(),
                        "related " + x.getRelatedAlertIds(),
                        "successor " + x.getSuccessor(),
                        "predecessor " + x.getPredecessor(),
                        "statements " + x.getStatements().stream().map(st -> st.getId()).toList()))
            .sorted()
            .toList();
    final List<String> d =
        dead.stream().map(x -> x.getRecordId() + " " + x.getCategory()).sorted().toList();
    return new Outputs(series, a, d);
  }

  /**
   * Every field of a record, {@code name=value} in schema order: what Avro's {@code toString} says,
   * without the cost of its JSON (escaping, an identity map a call), which was half the test
   * thread's CPU in BacktestEqualsStreamsAppTest.
   */
  private static String fields(final IndexedRecord record) {
    final StringBuilder out = new StringBuilder("{");
    for (final Schema.Field f : record.getSchema().getFields()) {
      out.append(f.pos() == 0 ? "" : ", ").append(f.name()).append('=').append(record.get(f.pos()));
    }
    return out.append('}').toString();
  }
}
