package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventTypes;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random histories of reports, revisions (figures, day, country, region, groups), retractions and
 * late reports, through stage 1 and the engine, with the open day flushed at random moments as the
 * streams app's timer does:
 *
 * <ul>
 *   <li>the count records, read as a consumer of the compacted topic reads them (the last record of
 *       each key, window and day, carried forward), equal the rolling sums of each incident's
 *       latest report;
 *   <li>an engine that walks every window of a late report's days before touching the buckets emits
 *       exactly the same records and alerts as the engine's lazy walk (which reads the baseline's
 *       blocks only when a test needs them, after the buckets changed);
 *   <li>key states stored through their byte encoding (as the app's state stores hold them) change
 *       nothing.
 * </ul>
 */
class RevisedHistoryPropertyTest {
  /** The heads through their encoding, as the app's state stores keep them; the rest in memory. */
  private static final class EncodedHeads implements CubeStores {
    private final InMemoryCubeStores memory;

    EncodedHeads(final EngineConfig cfg) {
      memory = new InMemoryCubeStores(cfg);
    }

    @Override
    public KeyState keyState(final String key) {
      final KeyState state = memory.keyState(key);
      return state == null ? null : KeyState.decode(state.encode());
    }

    @Override
    public void putKeyState(final String key, final KeyState state) {
      memory.putKeyState(key, KeyState.decode(state.encode()));
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
    public boolean addToBucket(
        final String key, final int day, final String incidentId, final long[] delta) {
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
    public TieRetests retests() {
      return memory.retests();
    }

    @Override
    public int watermark() {
      return memory.watermark();
    }

    @Override
    public int reportedDay() {
      return memory.reportedDay();
    }

    @Override
    public void reportedDay(final int day) {
      memory.reportedDay(day);
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
    public void count(final CountChange change) {
      final String key = change.recordKey();
      final RollingCount count = change.record();
      // Avro's toString is slow, and years-late corrections emit thousands of records: the figures
      // the test sets.
      all.add(
          key + "=" + count.getIncidents() + "/" + count.getKilled() + "/" + count.getInjured());
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
    final EngineConfig cfg =
        EngineConfig.from(
            SurgewatchConfig.defaultsOnly().with("grace.days", String.valueOf(grace)));
    final Recorder lazyOut = new Recorder();
    final Recorder eagerOut = new Recorder();
    final CubeEngine lazy = new CubeEngine(cfg, new InMemoryCubeStores(cfg), lazyOut);
    final CubeEngine eager = new CubeEngine(cfg, new EncodedHeads(cfg), eagerOut, true);
    final RevisionTracker stage1 =
        new RevisionTracker(
            RevisionTracker.Store.inMemory(), cfg.historyDays(), EventTypes.standard());

    final Map<String, RevisedHistories.Report> latest = new HashMap<>();
    int maxDay = Integer.MIN_VALUE;
    for (final RevisedHistories.Report r : RevisedHistories.generate(rnd, grace)) {
      final long[] tally = new long[Tally.SIZE];
      tally[Tally.INCIDENTS] = 1;
      tally[Tally.KILLED] = r.killed();
      final Contribution c =
          new Contribution(
              Contribution.Shard.COUNTRY,
              r.id(),
              r.day(),
              r.country(),
              r.region(),
              r.groups(),
              tally);
      final RevisionTracker.Outcome outcome =
          stage1.accept(new RevisionTracker.Report(r.at(), 0, r.retracted(), c));
      assertTrue(
          !(outcome instanceof RevisionTracker.TooLate),
          "seed " + seed + ": the history has no limit");
      latest.put(r.id(), r);
      if (outcome instanceof RevisionTracker.Counted counted) {
        for (final Contribution x : counted.contributions()) {
          maxDay = Math.max(maxDay, x.day());
          lazy.apply(x, r.at());
          eager.apply(
              Codec.decodeContribution(Codec.encode(x)), // through the repartition topic's encoding
              r.at());
        }
      }
      if (rnd.nextInt(4) == 0) { // the app's wall-clock flush of the open day
        lazy.flushOpenDay();
        eager.flushOpenDay();
      }
    }
    lazy.endTie();
    eager.endTie();
    lazy.flushOpenDay();
    eager.flushOpenDay();

    assertEquals(
        eagerOut.all, lazyOut.all, "seed " + seed + ": the lazy walk changed records or alerts");
    RevisedHistories.assertFoldedCountsAreTheSums(
        "seed " + seed, latest.values(), lazyOut.counts, maxDay);
    return lazyOut.alerts;
  }
}
