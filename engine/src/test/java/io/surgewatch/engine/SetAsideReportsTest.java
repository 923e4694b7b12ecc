package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A report of a type that does not count meets the reports of its incident that come after it, with
 * stage 1's store kept as the app keeps it: every report encoded and read back (stage-1 report
 * layout 2), so what holds here holds after a restart.
 */
class SetAsideReportsTest {
  private static final long T = 1_700_000_000_000L;

  private final RevisionTracker.Store memory = RevisionTracker.Store.inMemory();

  private final RevisionTracker stage1 = new RevisionTracker(memory, 0, EventTypes.standard());

  /**
   * Stage 1 takes the report; what it stored is then encoded and read back, as the app's store
   * (RocksDB and its changelog) keeps it.
   */
  private RevisionTracker.Outcome accept(final RevisionTracker.Report report) {
    final RevisionTracker.Outcome outcome = stage1.accept(report);
    final RevisionTracker.Report kept = memory.latest(report.id());
    if (kept != null) {
      memory.put(report.id(), Codec.decodeReport(Codec.encode(kept)));
    }
    return outcome;
  }

  /** A report of incident I1 at {@code T + at}, revision {@code revision}, of {@code type}. */
  private static RevisionTracker.Report report(
      final long at, final int revision, final String type, final int killed) {
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    tally[Tally.KILLED] = killed;
    final Contribution figures =
        new Contribution(
            Contribution.Shard.COUNTRY, "I1", 19_400, "PK", "Punjab", List.of("TTP"), tally);
    return new RevisionTracker.Report(
        T + at, revision, false, figures, EventTypes.standard().counts(type) ? null : type);
  }

  private static RevisionTracker.Report protest(final long at) {
    return report(at, 0, "Protests", 0);
  }

  private static RevisionTracker.Report retraction(final long at) {
    final RevisionTracker.Report r = report(at, 0, null, 0);
    return new RevisionTracker.Report(r.reportedAt(), 0, true, r.counts());
  }

  @Test
  void aRepeatOfASetAsideReportChangesNothingWhenEverItComes() {
    assertInstanceOf(RevisionTracker.SetAside.class, accept(protest(10)));
    assertInstanceOf(RevisionTracker.Unchanged.class, accept(protest(10)), "again");
    assertInstanceOf(RevisionTracker.Unchanged.class, accept(protest(20)), "edited notes");
    assertInstanceOf(RevisionTracker.Unchanged.class, accept(protest(10)), "an older copy");
    assertInstanceOf(
        RevisionTracker.Unchanged.class,
        accept(report(20, 1, "Protests", 0)),
        "a higher revision of the same");
  }

  @Test
  void reCodedToAnotherTypeThatDoesNotCountIsSetAsideAgainAndCountsNothing() {
    accept(protest(10));
    final RevisionTracker.Outcome riots = accept(report(20, 0, "Riots", 0));
    assertInstanceOf(RevisionTracker.SetAside.class, riots);
    assertEquals(List.of(), riots.contributions());
    final RevisionTracker.Outcome older = accept(report(5, 0, "Strategic developments", 0));
    assertInstanceOf(
        RevisionTracker.Superseded.class,
        older,
        "older than the report that stands, and not its copy");
    // Sent again later, it would stand only to be set aside: its letter does not promise a count.
    final String reason = ((RevisionTracker.Superseded) older).reason();
    assertTrue(reason.contains("To have it stand for the incident, send it with a later"), reason);
    final RevisionTracker.Outcome olderBattle = accept(report(5, 0, "Battles", 4));
    assertTrue(
        ((RevisionTracker.Superseded) olderBattle).reason().contains("To count it, send it"),
        "a report of a counted type still may");
  }

  @Test
  void reCodedToACountedTypeCountsWhenLaterAndIsSupersededWhenOlder() {
    accept(report(10, 1, "Protests", 0));
    assertInstanceOf(RevisionTracker.Superseded.class, accept(report(5, 2, "Battles", 4)), "older");
    assertInstanceOf(
        RevisionTracker.Superseded.class,
        accept(report(10, 0, "Battles", 4)),
        "same reported-at, lower revision");
    final RevisionTracker.Outcome battle = accept(report(10, 2, "Battles", 4));
    assertInstanceOf(RevisionTracker.Counted.class, battle, "same reported-at, higher revision");
    assertTrue(
        battle.contributions().stream().allMatch(c -> c.previous() == null),
        "its figures in, none out: " + battle.contributions());
    final RevisionTracker.Outcome asideAgain = accept(protest(30));
    assertInstanceOf(RevisionTracker.SetAside.class, asideAgain, "the battle's figures out");
    assertEquals(battle.contributions().size(), asideAgain.contributions().size());
  }

  @Test
  void aRetractionOfASetAsideIncidentTakesNothingOutAndARepeatAfterItIsSuperseded() {
    accept(protest(10));
    assertEquals(List.of(), accept(retraction(20)).contributions());
    assertInstanceOf(RevisionTracker.Superseded.class, accept(protest(10)));
    assertInstanceOf(
        RevisionTracker.Unchanged.class, accept(retraction(15)), "an older retraction");
  }

  @Test
  void aReportTheReleaseBeforeSetAsideIsSetAsideOnceMoreByItsFirstRepeatThenNot() {
    accept(protest(10));
    // The release before stored it as a retraction, without its type, in layout 1.
    final RevisionTracker.Report aside = memory.latest("I1");
    final byte[] layoutOne =
        Codec.encode(
            new RevisionTracker.Report(aside.reportedAt(), aside.revision(), true, aside.counts()));
    layoutOne[0] = 1;
    memory.put("I1", Codec.decodeReport(layoutOne));
    assertInstanceOf(RevisionTracker.SetAside.class, accept(protest(10)));
    assertInstanceOf(RevisionTracker.Unchanged.class, accept(protest(10)));
  }
}
