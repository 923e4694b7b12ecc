package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage 1 sends a report's figures to each of its shards: its region, its country's total, each of
 * its groups in the country and worldwide, and the grand total; a revision is one record on each
 * shard both versions touch, and the old figures out or the new in on the others.
 */
class ShardSplitTest {
  private final RevisionTracker stage1 =
      new RevisionTracker(RevisionTracker.Store.inMemory(), 0, EventTypes.standard());

  private static RevisionTracker.Report report(
      final long at, final String region, final List<String> groups, final int killed) {
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    tally[Tally.KILLED] = killed;
    return new RevisionTracker.Report(
        at,
        0,
        false,
        new Contribution(Contribution.Shard.COUNTRY, "E1", 19_000, "PK", region, groups, tally));
  }

  private List<Contribution> accept(final RevisionTracker.Report r) {
    return ((RevisionTracker.Counted) stage1.accept(r)).contributions();
  }

  private static List<String> shards(final List<Contribution> records) {
    return records.stream().map(Contribution::shardKey).toList();
  }

  @Test
  void aReportGoesToItsRegionItsCountryEachGroupAndTheGrandTotalEachKeyOnce() {
    final List<Contribution> records = accept(report(1, "Punjab", List.of("TTP", "IS-K"), 3));
    assertEquals(
        List.of("PK|Punjab|*", "PK|*|*", "PK|*|TTP", "PK|*|IS-K", "*|*|TTP", "*|*|IS-K", "*|*|*"),
        shards(records));
    final List<String> keys = new ArrayList<>();
    records.forEach(r -> keys.addAll(r.cubeKeys()));
    assertEquals(
        List.of(
            "PK|Punjab|TTP",
            "PK|Punjab|IS-K",
            "PK|Punjab|*",
            "PK|*|*",
            "PK|*|TTP",
            "PK|*|IS-K",
            "*|*|TTP",
            "*|*|IS-K",
            "*|*|*"),
        keys);
    records.forEach(r -> assertNull(r.previous()));
  }

  @Test
  void aRevisionIsOneRecordOnEachShardBothVersionsTouchAndOutOrInOnTheOthers() {
    accept(report(1, "Punjab", List.of("TTP", "IS-K"), 3));
    final List<Contribution> records = accept(report(2, "Sindh", List.of("TTP", "BLA"), 5));
    assertEquals(
        List.of(
            "PK|Punjab|*",
            "PK|*|IS-K",
            "*|*|IS-K",
            "PK|Sindh|*",
            "PK|*|*",
            "PK|*|TTP",
            "PK|*|BLA",
            "*|*|TTP",
            "*|*|BLA",
            "*|*|*"),
        shards(records),
        "the old side's records first");
    for (final int out : new int[] {0, 1, 2}) {
      assertEquals(-3, records.get(out).tally()[Tally.KILLED], "Punjab and IS-K lose the old");
    }
    for (final int in : new int[] {3, 6, 8}) {
      assertNull(records.get(in).previous(), "Sindh and BLA gain the new");
    }
    for (final int revised : new int[] {4, 5, 7, 9}) {
      final Contribution r = records.get(revised);
      assertEquals(5, r.tally()[Tally.KILLED]);
      assertEquals(3, r.previous().tally()[Tally.KILLED], r.shardKey());
      assertEquals(r.shardKey(), r.previous().shardKey());
    }
  }

  @Test
  void aRevisionThatMovesOnlyTheRegionLeavesTheRollupsAlone() {
    accept(report(1, "Punjab", List.of("TTP"), 3));
    final List<Contribution> records = accept(report(2, "Sindh", List.of("TTP"), 3));
    assertEquals(List.of("PK|Punjab|*", "PK|Sindh|*"), shards(records));
    assertEquals(-3, records.get(0).tally()[Tally.KILLED]);
    assertEquals(3, records.get(1).tally()[Tally.KILLED]);
  }

  @Test
  void aRollupsRecordNamesOnlyWhatItsKeysAreMadeOf() {
    final List<Contribution> records = accept(report(1, "Punjab", List.of("TTP", "IS-K"), 3));
    final List<String> named =
        records.stream()
            .map(r -> r.country() + '|' + r.region() + '|' + String.join(",", r.groups()))
            .toList();
    assertEquals(
        List.of(
            "PK|Punjab|TTP,IS-K", "PK|*|", "PK|*|TTP", "PK|*|IS-K", "*|*|TTP", "*|*|IS-K", "*|*|"),
        named);
  }

  @Test
  void aRetractionTakesTheFiguresOutOfEveryShard() {
    accept(report(1, "Punjab", List.of("TTP"), 3));
    final long[] none = new long[Tally.SIZE];
    final List<Contribution> records =
        accept(
            new RevisionTracker.Report(
                2,
                0,
                true,
                new Contribution(
                    Contribution.Shard.COUNTRY,
                    "E1",
                    19_000,
                    "PK",
                    "Punjab",
                    List.of("TTP"),
                    none)));
    assertEquals(List.of("PK|Punjab|*", "PK|*|*", "PK|*|TTP", "*|*|TTP", "*|*|*"), shards(records));
    records.forEach(r -> assertTrue(r.tally()[Tally.KILLED] == -3 && r.previous() == null));
  }
}
