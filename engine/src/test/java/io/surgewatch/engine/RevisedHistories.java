package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.RollingCount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Random histories of reports as real feeds send them (revisions of figures, day, country, region
 * and groups, retractions, reports days, weeks and years late), and the reference they are checked
 * against: the rolling sums of each incident's latest report, folded by hand. Shared by the
 * engine's property test and the one on the real broker.
 */
public final class RevisedHistories {
  static final String[] COUNTRIES = {"PK", "AF"};
  static final String[] REGIONS = {"Sindh", "Punjab"};
  static final List<List<String>> GROUPS =
      List.of(List.of("TTP"), List.of("BLA"), List.of("TTP", "BLA"));

  /**
   * One report: {@code at} is its reported-at (epoch ms), {@code day} its incident day (epoch day).
   */
  public record Report(
      String id,
      long at,
      int day,
      String country,
      String region,
      List<String> groups,
      int killed,
      boolean retracted) {}

  private RevisedHistories() {}

  /**
   * A history of 300-600 reports in arrival order from 2022-01-01: a quiet stretch, then a burst
   * (several reports a day) so that alerts open and get revised. A third are revisions of any
   * earlier report, however old; a tenth of the new ones are late within the grace, one in fifteen
   * far beyond it (up to ~2.5 years).
   */
  public static List<Report> generate(final Random rnd, final int grace) {
    final List<Report> out = new ArrayList<>();
    final Map<String, Report> latest = new LinkedHashMap<>();
    final int start = (int) LocalDate.of(2022, 1, 1).toEpochDay();
    long now = start * 86_400_000L;
    final int n = 300 + rnd.nextInt(300);
    for (int i = 0; i < n; i++) {
      final boolean burst = i > n * 3 / 4 && i < n * 7 / 8;
      now += rnd.nextInt(burst ? 4 * 3_600_000 : 86_400_000);
      final int today = (int) Math.floorDiv(now, 86_400_000L);
      final Report r;
      if (!latest.isEmpty() && rnd.nextInt(3) == 0) {
        final List<String> ids = new ArrayList<>(new TreeSet<>(latest.keySet()));
        final Report p = latest.get(ids.get(rnd.nextInt(ids.size())));
        final int day =
            rnd.nextBoolean() ? p.day() : Math.min(today, p.day() + rnd.nextInt(21) - 10);
        r =
            new Report(
                p.id(),
                now,
                day,
                rnd.nextInt(4) == 0 ? COUNTRIES[rnd.nextInt(2)] : p.country(),
                rnd.nextInt(3) == 0 ? REGIONS[rnd.nextInt(2)] : p.region(),
                rnd.nextInt(3) == 0 ? GROUPS.get(rnd.nextInt(3)) : p.groups(),
                rnd.nextBoolean() ? p.killed() : rnd.nextInt(6),
                rnd.nextInt(8) == 0);
      } else {
        final int lateBy =
            rnd.nextInt(10) == 0
                ? rnd.nextInt(grace - 5)
                : rnd.nextInt(15) == 0 ? grace + rnd.nextInt(900) : rnd.nextInt(4);
        r =
            new Report(
                "R" + i,
                now,
                today - lateBy,
                COUNTRIES[rnd.nextInt(2)],
                REGIONS[rnd.nextInt(2)],
                GROUPS.get(rnd.nextInt(3)),
                rnd.nextInt(6),
                false);
      }
      latest.put(r.id(), r);
      out.add(r);
    }
    return out;
  }

  /**
   * The count records, read as a consumer of the compacted topic reads them (the last record of
   * each key, window and day, carried forward over the days without one), equal the rolling sums of
   * the latest reports, every day from the first incident day to {@code maxDay}, for incidents and
   * killed.
   */
  public static void assertFoldedCountsAreTheSums(
      final String label,
      final Collection<Report> latest,
      final List<RollingCount> counts,
      final int maxDay) {
    int first = Integer.MAX_VALUE;
    for (final Report r : latest) {
      first = Math.min(first, r.day());
    }
    final int span = maxDay - first + 1;
    // Each key's daily totals (incidents, killed) of the latest reports, as prefix sums over the
    // days.
    final Map<String, long[][]> daily = new HashMap<>();
    for (final Report r : latest) {
      if (r.retracted()) {
        continue;
      }
      final Set<String> keys = new LinkedHashSet<>();
      for (final String g : r.groups()) {
        keys.addAll(
            List.of(r.country() + "|" + r.region() + "|" + g, r.country() + "|*|" + g, "*|*|" + g));
      }
      keys.addAll(List.of(r.country() + "|" + r.region() + "|*", r.country() + "|*|*", "*|*|*"));
      for (final String k : keys) {
        final long[][] v = daily.computeIfAbsent(k, x -> new long[2][span + 1]);
        v[0][r.day() - first + 1]++;
        v[1][r.day() - first + 1] += r.killed();
      }
    }
    daily
        .values()
        .forEach(
            v -> {
              for (int i = 1; i <= span; i++) {
                v[0][i] += v[0][i - 1];
                v[1][i] += v[1][i - 1];
              }
            });
    // Each series' records by window end: the last record of a day is the one a reader keeps.
    final Map<String, Map<Integer, long[]>> shown = new TreeMap<>();
    for (final RollingCount c : counts) {
      final int end = (int) c.getWindowEnd().toEpochDay();
      // The message (Avro's toString of the record) only when it fails: this runs for every record.
      assertTrue(end <= maxDay, () -> label + ": beyond the latest day: " + c);
      shown
          .computeIfAbsent(
              c.getCountry() + "|" + c.getRegion() + "|" + c.getGroup() + "|" + c.getWindow(),
              k -> new HashMap<>())
          .put(end, new long[] {c.getIncidents(), c.getKilled()});
    }
    for (final var e : shown.entrySet()) {
      final String s = e.getKey();
      final String key = s.substring(0, s.lastIndexOf('|'));
      final int w = Integer.parseInt(s.substring(s.lastIndexOf('|') + 2, s.length() - 1));
      final long[][] v = daily.getOrDefault(key, new long[2][span + 1]);
      long[] carried = {0, 0};
      for (int d = first; d <= maxDay; d++) {
        carried = e.getValue().getOrDefault(d, carried);
        final int hi = d - first + 1;
        final int lo = Math.max(0, hi - w);
        final long[] want = {v[0][hi] - v[0][lo], v[1][hi] - v[1][lo]};
        if (!Arrays.equals(
            want,
            carried)) { // the message only when it fails: this runs for every day of every series
          assertEquals(
              Arrays.toString(want),
              Arrays.toString(carried),
              label + ": " + s + " on " + LocalDate.ofEpochDay(d));
        }
      }
    }
  }
}
