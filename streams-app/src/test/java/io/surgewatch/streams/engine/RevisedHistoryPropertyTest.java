package io.surgewatch.streams.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventTypes;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random histories of reports, revisions (figures, day, country, region, groups), retractions and late reports,
 * through stage 1 and the engine, with the open day flushed at random moments as the streams app's timer does:
 * <ul>
 *   <li>the count records, read as a consumer of the compacted topic reads them (the last record of each key,
 *       window and day, carried forward), equal the rolling sums of each incident's latest report;</li>
 *   <li>an engine that walks every window of a late report's days before touching the buckets emits exactly the same
 *       records and alerts as the engine's lazy walk (which reads the baseline's blocks only when a test needs
 *       them, after the buckets changed);</li>
 *   <li>key heads stored through their byte encoding (as the app's state stores hold them) change nothing.</li>
 * </ul>
 */
class RevisedHistoryPropertyTest {
  private static final String[] COUNTRIES = {"PK", "AF"};
  private static final String[] REGIONS = {"Sindh", "Punjab"};
  private static final List<List<String>> GROUPS = List.of(List.of("TTP"), List.of("BLA"), List.of("TTP", "BLA"));

  private record Report(String id, long at, int day, String country, String region, List<String> groups, int killed,
      boolean retracted) {}

  /** The heads through their encoding, as the app's state stores keep them; the rest in memory. */
  private static final class EncodedHeads implements CubeStores {
    private final InMemoryCubeStores memory;

    EncodedHeads(final EngineConfig cfg) {
      memory = new InMemoryCubeStores(cfg);
    }

    @Override
    public KeyHead head(final String key) {
      final KeyHead h = memory.head(key);
      return h == null ? null : KeyHead.decode(h.encode());
    }

    @Override
    public void putHead(final String key, final KeyHead head) {
      memory.putHead(key, KeyHead.decode(head.encode()));
    }

    @Override
    public Bucket bucket(final String key, final int day) {
      return memory.bucket(key, day);
    }

    @Override
    public boolean tally(final String key, final int day, final long[] into) {
      return memory.tally(key, day, into);
    }

    @Override
    public boolean addToBucket(final String key, final int day, final String incidentId, final long[] delta) {
      return memory.addToBucket(key, day, incidentId, delta);
    }

    @Override
    public void deleteBucket(final String key, final int day) {
      memory.deleteBucket(key, day);
    }

    @Override
    public long[][] tallies(final String key, final int from, final int to) {
      return memory.tallies(key, from, to);
    }

    @Override
    public void scheduleLeaving(final String key, final int day, final int now) {
      memory.scheduleLeaving(key, day, now);
    }

    @Override
    public DueTimers takeTimers(final int day) {
      return memory.takeTimers(day);
    }

    @Override
    public void markDirty(final String key) {
      memory.markDirty(key);
    }

    @Override
    public List<String> dirty(final boolean clear) {
      return memory.dirty(clear);
    }

    @Override
    public int watermark() {
      return memory.watermark();
    }

    @Override
    public void watermark(final int day) {
      memory.watermark(day);
    }
  }

  private static final class Recorder implements EngineOutput {
    final List<String> all = new ArrayList<>();
    final List<RollingCount> counts = new ArrayList<>();
    int alerts;

    @Override
    public void count(final String key, final RollingCount count) {
      // Avro's toString is slow, and years-late corrections emit thousands of records: the figures the test sets.
      all.add(key + "=" + count.getIncidents() + "/" + count.getKilled() + "/" + count.getInjured());
      counts.add(count);
    }

    @Override
    public void alert(final SurgeAlert alert) {
      all.add(alert.toString());
      alerts++;
    }
  }

  @ParameterizedTest(name = "grace {0} days")
  @ValueSource(ints = {60, 200})
  void countsMatchTheLatestReportsAndTheLazyWalkChangesNothing(final int grace) {
    int alerts = 0;
    for (int seed = 0; seed < Integer.getInteger("seeds", 12); seed++) {
      alerts += run(seed, grace);
    }
    assertTrue(alerts > 0, "the histories include surges that alert");
  }

  private int run(final int seed, final int grace) {
    final Random rnd = new Random(seed);
    final EngineConfig cfg = EngineConfig.from(SurgewatchConfig.defaultsOnly().with("grace.days", String.valueOf(grace)));
    final Recorder lazyOut = new Recorder();
    final Recorder eagerOut = new Recorder();
    final CubeEngine lazy = new CubeEngine(cfg, new InMemoryCubeStores(cfg), lazyOut);
    final CubeEngine eager = new CubeEngine(cfg, new EncodedHeads(cfg), eagerOut, true);
    final RevisionTracker stage1 = new RevisionTracker(RevisionTracker.Store.inMemory(), cfg.historyDays(),
        EventTypes.standard());

    final Map<String, Report> latest = new HashMap<>();
    final int start = (int) LocalDate.of(2022, 1, 1).toEpochDay();
    long now = start * 86_400_000L;
    int maxDay = Integer.MIN_VALUE;
    final int n = 300 + rnd.nextInt(300);
    for (int i = 0; i < n; i++) {
      // A quiet history with a burst near the end (several reports a day), so that alerts open and get revised.
      final boolean burst = i > n * 3 / 4 && i < n * 7 / 8;
      now += rnd.nextInt(burst ? 4 * 3_600_000 : 86_400_000);
      final int today = (int) Math.floorDiv(now, 86_400_000L);
      final Report r;
      if (!latest.isEmpty() && rnd.nextInt(3) == 0) {
        final List<String> ids = new ArrayList<>(new TreeSet<>(latest.keySet()));
        final Report p = latest.get(ids.get(rnd.nextInt(ids.size())));
        // Revisions of any report, however old: the history has no limit (ACLED edits events years later).
        final int day = rnd.nextBoolean() ? p.day() : Math.min(today, p.day() + rnd.nextInt(21) - 10);
        r = new Report(p.id(), now, day, rnd.nextInt(4) == 0 ? COUNTRIES[rnd.nextInt(2)] : p.country(),
            rnd.nextInt(3) == 0 ? REGIONS[rnd.nextInt(2)] : p.region(),
            rnd.nextInt(3) == 0 ? GROUPS.get(rnd.nextInt(3)) : p.groups(), rnd.nextBoolean() ? p.killed() : rnd.nextInt(6),
            rnd.nextInt(8) == 0);
      } else {
        // Most a day or two late, some within the grace, some far beyond it (counted, not re-tested).
        final int lateBy = rnd.nextInt(10) == 0 ? rnd.nextInt(grace - 5)
            : rnd.nextInt(15) == 0 ? grace + rnd.nextInt(900) : rnd.nextInt(4);
        r = new Report("R" + i, now, today - lateBy, COUNTRIES[rnd.nextInt(2)], REGIONS[rnd.nextInt(2)],
            GROUPS.get(rnd.nextInt(3)), rnd.nextInt(6), false);
      }
      final long[] tally = new long[Tally.SIZE];
      tally[Tally.INCIDENTS] = 1;
      tally[Tally.KILLED] = r.killed();
      final Contribution c = new Contribution(Contribution.Shard.COUNTRY, r.id(), r.day(), r.country(), r.region(),
          r.groups(), tally);
      final RevisionTracker.Outcome outcome = stage1.accept(new RevisionTracker.Report(r.at(), 0, r.retracted(), c));
      assertTrue(!(outcome instanceof RevisionTracker.TooLate), "seed " + seed + ": the history has no limit");
      latest.put(r.id(), r);
      if (outcome instanceof RevisionTracker.Counted counted) {
        for (final Contribution x : counted.contributions()) {
          maxDay = Math.max(maxDay, x.day());
          lazy.apply(x);
          eager.apply(Codec.decodeContribution(Codec.encode(x))); // through the repartition topic's encoding
        }
      }
      if (rnd.nextInt(4) == 0) { // the app's wall-clock flush of the open day
        lazy.flushOpenDay();
        eager.flushOpenDay();
      }
    }
    lazy.flushOpenDay();
    eager.flushOpenDay();

    assertEquals(eagerOut.all, lazyOut.all, "seed " + seed + ": the lazy walk changed records or alerts");
    assertFoldedCountsAreTheSums(seed, latest, lazyOut.counts, maxDay);
    return lazyOut.alerts;
  }

  private static void assertFoldedCountsAreTheSums(final int seed, final Map<String, Report> latest,
      final List<RollingCount> counts, final int maxDay) {
    int first = Integer.MAX_VALUE;
    for (final Report r : latest.values()) {
      first = Math.min(first, r.day());
    }
    final int span = maxDay - first + 1;
    // Each key's daily totals (incidents, killed) of the latest reports, as prefix sums over the days.
    final Map<String, long[][]> daily = new HashMap<>();
    for (final Report r : latest.values()) {
      if (r.retracted()) {
        continue;
      }
      final Set<String> keys = new LinkedHashSet<>();
      for (final String g : r.groups()) {
        keys.addAll(List.of(r.country() + "|" + r.region() + "|" + g, r.country() + "|*|" + g, "*|*|" + g));
      }
      keys.addAll(List.of(r.country() + "|" + r.region() + "|*", r.country() + "|*|*", "*|*|*"));
      for (final String k : keys) {
        final long[][] v = daily.computeIfAbsent(k, x -> new long[2][span + 1]);
        v[0][r.day() - first + 1]++;
        v[1][r.day() - first + 1] += r.killed();
      }
    }
    daily.values().forEach(v -> {
      for (int i = 1; i <= span; i++) {
        v[0][i] += v[0][i - 1];
        v[1][i] += v[1][i - 1];
      }
    });
    final Map<String, long[]> shown = new HashMap<>();
    final TreeSet<String> series = new TreeSet<>();
    for (final RollingCount c : counts) {
      assertTrue(c.getWindowEnd().toEpochDay() <= maxDay, "seed " + seed + ": beyond the latest day: " + c);
      final String s = c.getCountry() + "|" + c.getRegion() + "|" + c.getGroup() + "|" + c.getWindow();
      series.add(s);
      shown.put(s + "|" + c.getWindowEnd().toEpochDay(), new long[] {c.getIncidents(), c.getKilled()});
    }
    for (final String s : series) {
      final String key = s.substring(0, s.lastIndexOf('|'));
      final int w = Integer.parseInt(s.substring(s.lastIndexOf('|') + 2, s.length() - 1));
      final long[][] v = daily.getOrDefault(key, new long[2][span + 1]);
      long[] carried = {0, 0};
      for (int d = first; d <= maxDay; d++) {
        carried = shown.getOrDefault(s + "|" + d, carried);
        final int hi = d - first + 1;
        final int lo = Math.max(0, hi - w);
        final long[] want = {v[0][hi] - v[0][lo], v[1][hi] - v[1][lo]};
        final int day = d;
        final long[] shownThen = carried;
        if (!Arrays.equals(want, shownThen)) { // the message only when it fails: this runs for every day of every series
          assertEquals(Arrays.toString(want), Arrays.toString(shownThen), "seed " + seed + ": " + s + " on "
              + LocalDate.ofEpochDay(day));
        }
      }
    }
  }
}
