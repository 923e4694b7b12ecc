package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ReplacementHeaders;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.Tally;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How incidents become rolling counts: canonical keys, the cube, revisions, lateness and windows.
 */
class CountingSemanticsTest {
  static final LocalDate D = LocalDate.of(2023, 1, 10);
  static final String KP_TTP = "PK|Khyber Pakhtunkhwa|TTP";
  final TopologyHarness h = new TopologyHarness();

  @AfterEach
  void close() {
    h.close();
  }

  static Instant at(final LocalDate day, final int hour) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(hour * 3600L);
  }

  @Test
  void aliasesAreCanonicalisedAndEveryIncidentCountsInSixCubeKeys() {
    h.send(incident("A1", D, at(D, 10), 5, "KPK", "Tehrik-i-Taliban Pakistan"));
    final Set<String> keys =
        h.drainCounts().stream()
            .map(c -> c.getCountry() + "|" + c.getRegion() + "|" + c.getGroup())
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "PK|Khyber Pakhtunkhwa|TTP",
            "PK|Khyber Pakhtunkhwa|*",
            "PK|*|TTP",
            "PK|*|*",
            "*|*|TTP",
            "*|*|*"),
        keys);
  }

  @Test
  void anIncidentNamingTwoGroupsCountsOncePerGroupAndOnceInEachAllGroupsRollup() {
    final IncidentEvent two =
        IncidentEvent.newBuilder(incident("A1", D, 4))
            .setGroups(
                List.of(
                    new PerpetratorGroup("TTP", Attribution.CLAIMED),
                    new PerpetratorGroup("ISKP", Attribution.SUSPECTED)))
            .build();
    h.send(two);
    assertEquals(1, h.incidentsAsOf("PK|*|TTP", "P30D", D));
    assertEquals(1, h.incidentsAsOf("PK|*|IS-K", "P30D", D));
    assertEquals(1, h.incidentsAsOf("PK|*|*", "P30D", D));
    assertEquals(4, h.killedAsOf("*|*|*", "P30D", D));
  }

  @Test
  void aMissingRegionAndGroupCountAsUnknown() {
    h.send(incident("A1", D, at(D, 10), 2, null, null));
    assertEquals(1, h.incidentsAsOf("PK|UNKNOWN|UNKNOWN", "P30D", D));
  }

  @Test
  void aReportNamingTheRollupMarkerIsDeadLetteredAndTheNextIsCounted() {
    // Anything may write to the input topic: a group "*" would be the country's every group, two
    // of the report's keys one, and stopped the cube's task for good.
    h.send(
        IncidentEvent.newBuilder(incident("A1", D, 4))
            .setGroups(List.of(new PerpetratorGroup("*", Attribution.CLAIMED)))
            .build());
    h.send(incident("A2", D, 3));
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(1, dead.size());
    assertEquals(DeadLetters.VALIDATION, dead.get(0).getCategory());
    assertTrue(dead.get(0).getReason().contains("rollup marker"), dead.get(0).getReason());
    assertEquals(1, h.incidentsAsOf("PK|*|*", "P30D", D));
    assertEquals(3, h.killedAsOf("PK|*|*", "P30D", D));
  }

  @Test
  void anIncidentResentUnchangedCountsOnce() {
    h.send(incident("A1", D, 5));
    h.send(incident("A1", D, 5));
    assertEquals(1, h.incidentsAsOf(KP_TTP, "P30D", D));
    assertEquals(5, h.killedAsOf(KP_TTP, "P30D", D));
    assertTrue(h.deadLetters().isEmpty(), "a re-sent report is counted: no dead letter");
  }

  @Test
  void aLaterReportReplacesTheFiguresAndCountsCanGoDown() {
    h.send(incident("A1", D, at(D, 10), 28, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(28, h.killedAsOf(KP_TTP, "P30D", D));
    h.send(incident("A1", D, at(D, 20), 100, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(100, h.killedAsOf(KP_TTP, "P30D", D));
    h.send(incident("A1", D, at(D.plusDays(2), 9), 84, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(84, h.killedAsOf(KP_TTP, "P30D", D.plusDays(2)));
    assertEquals(1, h.incidentsAsOf(KP_TTP, "P30D", D.plusDays(2)));
  }

  @Test
  void aDeletedIncidentsDetailsStillShowWhatWasTakenOutMarkedRetracted() {
    h.send(incident("A1", D, at(D, 10), 28, "Khyber Pakhtunkhwa", "TTP"));
    h.send(
        IncidentEvent.newBuilder(
                incident("A1", D.plusDays(3), at(D.plusDays(3), 10), 0, null, null))
            .setCountry("ZZ")
            .setRetracted(true)
            .setSource(new Source("ACLED deletions", null, SourceKind.TRACKER))
            .build());
    assertEquals(0, h.killedAsOf(KP_TTP, "P30D", D.plusDays(3)), "the deletion takes it out");
    final IncidentEvent details =
        InternalSerdes.avroBinary(IncidentEvent.class)
            .deserializer()
            .deserialize(
                null,
                h.driver
                    .<String, byte[]>getKeyValueStore(IncidentIntakeProcessor.DETAILS)
                    .get("A1"));
    assertTrue(details.getRetracted());
    assertEquals("ACLED deletions", details.getSource().getName(), "who took it out, and when");
    assertEquals(at(D.plusDays(3), 10), details.getReportedAt());
    assertEquals("PK", details.getCountry(), "what was taken out: the incident as last reported");
    assertEquals("Khyber Pakhtunkhwa", details.getRegion());
    assertEquals(D, details.getOccurredOn());
    assertEquals(28, details.getKilled().getSecurityForces());

    // A deletion of an id never seen leaves nothing to show, and an older report of that id that
    // comes after it stays out of the details as it stays out of the counts.
    h.send(
        IncidentEvent.newBuilder(
                incident("B9", D.plusDays(3), at(D.plusDays(3), 11), 0, null, null))
            .setCountry("ZZ")
            .setRetracted(true)
            .build());
    h.send(incident("B9", D, at(D, 9), 5, "Khyber Pakhtunkhwa", "TTP"));
    assertNull(
        h.driver.<String, byte[]>getKeyValueStore(IncidentIntakeProcessor.DETAILS).get("B9"));
    assertEquals(0, h.killedAsOf(KP_TTP, "P30D", D.plusDays(3)));
  }

  @Test
  void anOlderReportArrivingLateDoesNotRollTheFiguresBackAndIsDeadLetteredSayingWhyUnlessACopy() {
    h.send(incident("A1", D, at(D, 20), 59, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("A1", D, at(D, 10), 28, "Khyber Pakhtunkhwa", "TTP"));
    h.send(
        incident("A1", D, at(D, 5), 59, "Khyber Pakhtunkhwa", "TTP")); // older, figures as counted
    assertEquals(59, h.killedAsOf(KP_TTP, "P30D", D));
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(1, dead.size(), dead.toString());
    assertEquals(DeadLetters.SUPERSEDED, dead.get(0).getCategory());
    assertEquals("A1", dead.get(0).getRecordId());
    assertEquals("reportedAt", dead.get(0).getField());
    assertTrue(
        dead.get(0)
            .getReason()
            .startsWith(
                "superseded: this report (reported at "
                    + at(D, 10)
                    + ", revision 0) is older than the one that stands for the incident (reported at "
                    + at(D, 20)
                    + ", revision 0)"),
        dead.get(0).getReason());
    assertTrue(
        dead.get(0)
            .getReason()
            .endsWith(
                "To count it, send it with a later reportedAt (or a higher revision at the same"
                    + " one); an older export published after a newer one: publish the newer with"
                    + " produce --replaces OLDER instead"),
        "published without --replaces: " + dead.get(0).getReason());
  }

  @Test
  void aDeletionOlderThanTheReportThatStandsTakesNothingOutAndIsDeadLetteredSayingSo() {
    h.send(incident("A2", D, at(D, 20), 12, "Khyber Pakhtunkhwa", "TTP"));
    h.send(
        IncidentEvent.newBuilder(incident("A2", D, at(D, 10), 0, null, null))
            .setCountry("ZZ")
            .setRetracted(true)
            .build());
    assertEquals(12, h.killedAsOf(KP_TTP, "P30D", D), "the later report still counts");
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(1, dead.size(), dead.toString());
    assertEquals(DeadLetters.SUPERSEDED, dead.get(0).getCategory());
    assertEquals("A2", dead.get(0).getRecordId());
    assertTrue(
        dead.get(0).getReason().startsWith("superseded: this retraction (reported at " + at(D, 10)),
        dead.get(0).getReason());
    assertTrue(
        dead.get(0).getReason().contains("To take the incident out, send it with a later"),
        dead.get(0).getReason());

    // A second deletion, older than one that took the incident out: nothing to say.
    h.send(
        IncidentEvent.newBuilder(incident("A2", D, at(D, 30), 0, null, null))
            .setCountry("ZZ")
            .setRetracted(true)
            .build());
    h.send(
        IncidentEvent.newBuilder(incident("A2", D, at(D, 25), 0, null, null))
            .setCountry("ZZ")
            .setRetracted(true)
            .build());
    assertEquals(0, h.killedAsOf(KP_TTP, "P30D", D));
    assertEquals(List.of(), h.deadLetters().readValuesToList());
  }

  @Test
  void aReportProduceReplacesRaisedThatIsSupersededNamesItsOwnTimeAndSuggestsNoReplaces() {
    // produce OLDER, then produce NEWER --replaces OLDER: NEWER's A1 (10:00, revision 1) is dated
    // before OLDER's (20:00, revision 3), so it is published raised to 20:00, where revision 3
    // stands. The headers say so; the reason names the file's time, not the raised one.
    h.send(
        IncidentEvent.newBuilder(incident("A1", D, at(D, 20), 59, "Khyber Pakhtunkhwa", "TTP"))
            .setRevision(3)
            .build());
    h.send(
        IncidentEvent.newBuilder(incident("A1", D, at(D, 20), 28, "Khyber Pakhtunkhwa", "TTP"))
            .setRevision(1)
            .build(),
        ReplacementHeaders.of("older.ndjson", at(D, 10)));
    // Not raised (at the older report's time already), but published with --replaces all the same.
    h.send(
        IncidentEvent.newBuilder(incident("A1", D, at(D, 20), 27, "Khyber Pakhtunkhwa", "TTP"))
            .setRevision(2)
            .build(),
        ReplacementHeaders.of("older.ndjson", null));
    assertEquals(59, h.killedAsOf(KP_TTP, "P30D", D));
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(2, dead.size(), dead.toString());
    assertEquals(DeadLetters.SUPERSEDED, dead.get(0).getCategory());
    assertEquals(
        "superseded: this report (reported at "
            + at(D, 10)
            + ", revision 1; raised to "
            + at(D, 20)
            + ", the time of older.ndjson's report of the incident, by --replaces older.ndjson: a"
            + " newer export's report dated before the older export's is taken as reported at the"
            + " older one's time, so that it stands over it as the later arrival, but its revision"
            + " stays its own) is older than the one that stands for the incident (reported at "
            + at(D, 20)
            + ", revision 3): the later reported-at wins, at equal reported-at the higher"
            + " revision",
        dead.get(0).getReason());
    assertEquals(
        "superseded: this report (reported at "
            + at(D, 20)
            + ", revision 2) is older than the one that stands for the incident (reported at "
            + at(D, 20)
            + ", revision 3): the later reported-at wins, at equal reported-at the higher"
            + " revision",
        dead.get(1).getReason());
  }

  @Test
  void aRetractionIsNeverSetAsideWhateverTypeItNames() {
    // produce --replaces retracts an incident the newer export dropped with the older's row, type
    // and all: the retraction takes out what stands and is no dead letter of its own.
    final IncidentEvent protest =
        IncidentEvent.newBuilder(incident("P1", D, at(D, 10), 0, "Khyber Pakhtunkhwa", null))
            .setSourceEventType("Protests")
            .build();
    h.send(protest);
    h.send(
        IncidentEvent.newBuilder(protest)
            .setReportedAt(at(D.plusDays(1), 10))
            .setRetracted(true)
            .build());
    // One that names a type not counted still takes out a counted incident's figures.
    h.send(incident("A1", D, at(D, 11), 5, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(5, h.killedAsOf(KP_TTP, "P30D", D));
    h.send(
        IncidentEvent.newBuilder(
                incident("A1", D, at(D.plusDays(1), 11), 5, "Khyber Pakhtunkhwa", "TTP"))
            .setSourceEventType("Protests")
            .setRetracted(true)
            .build());
    assertEquals(0, h.killedAsOf(KP_TTP, "P30D", D.plusDays(1)));
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(1, dead.size(), "the protest itself, set aside: " + dead);
    assertEquals(DeadLetters.NOT_COUNTED, dead.get(0).getCategory());
  }

  @Test
  void aReportSetAsideIsDeadLetteredOnceHoweverOftenItIsRepeated() {
    final IncidentEvent protest =
        IncidentEvent.newBuilder(incident("P1", D, at(D, 10), 0, "Khyber Pakhtunkhwa", null))
            .setSourceEventType("Protests")
            .build();
    h.send(protest);
    h.send(protest); // the next download of the same export
    h.send(IncidentEvent.newBuilder(protest).setReportedAt(at(D, 20)).build()); // edited notes
    h.send(protest); // an older copy, after
    assertEquals(1, h.deadLetters().readValuesToList().size(), "set aside once");

    // Re-coded to another type that does not count: news, said so.
    h.send(
        IncidentEvent.newBuilder(protest)
            .setReportedAt(at(D.plusDays(1), 10))
            .setSourceEventType("Riots")
            .build());
    // A retraction is no set-aside report: one of the same time that comes after it is set aside.
    final IncidentEvent other =
        IncidentEvent.newBuilder(protest).setId("P2").setReportedAt(at(D, 12)).build();
    h.send(IncidentEvent.newBuilder(other).setRetracted(true).build());
    h.send(other);
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(
        List.of("P1 Riots", "P2 Protests"),
        dead.stream()
            .map(
                d ->
                    d.getRecordId()
                        + " "
                        + (d.getReason().contains("'Riots'") ? "Riots" : "Protests"))
            .toList());
    dead.forEach(d -> assertEquals(DeadLetters.NOT_COUNTED, d.getCategory()));
  }

  @Test
  void atEqualReportedAtTheHigherRevisionWins() {
    final IncidentEvent r2 = IncidentEvent.newBuilder(incident("A1", D, 9)).setRevision(2).build();
    final IncidentEvent r1 = IncidentEvent.newBuilder(incident("A1", D, 3)).setRevision(1).build();
    h.send(r2);
    h.send(r1);
    assertEquals(9, h.killedAsOf(KP_TTP, "P30D", D));
  }

  @Test
  void aRetractionRemovesTheIncidentFromEveryCountLeavingZerosNotTombstones() {
    h.send(incident("A1", D, at(D, 10), 7, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(7, h.killedAsOf("PK|*|*", "P30D", D));
    h.send(
        IncidentEvent.newBuilder(incident("A1", D, at(D, 12), 7, "Khyber Pakhtunkhwa", "TTP"))
            .setRetracted(true)
            .build());
    final RollingCount c = h.valueAsOf("PK", "*", "*", "P30D", D);
    assertNotNull(c, "a zero record, not a missing one");
    assertEquals(0, c.getIncidents());
    assertEquals(0, c.getKilled());
  }

  @Test
  void aRevisionMovingAnIncidentToAnotherRegionMovesItsCounts() {
    h.send(incident("A1", D, at(D, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("A1", D, at(D, 12), 5, "Balochistan", "TTP"));
    assertEquals(0, h.incidentsAsOf(KP_TTP, "P30D", D));
    assertEquals(1, h.incidentsAsOf("PK|Balochistan|TTP", "P30D", D));
    assertEquals(1, h.incidentsAsOf("PK|*|*", "P30D", D));
  }

  @Test
  void aRevisionIsOneChangeNoReaderSeesTheIncidentGoneInBetween() {
    h.send(incident("A1", D, at(D, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("B1", D.plusDays(2), at(D.plusDays(2), 10), 1, "Punjab", null));
    h.drainCounts();
    h.send(incident("A1", D, at(D.plusDays(2), 12), 7, "Khyber Pakhtunkhwa", "TTP"));
    final List<RollingCount> corrections =
        h.drainCounts().stream()
            .filter(
                c ->
                    c.getCountry().equals("PK")
                        && c.getRegion().equals("*")
                        && c.getGroup().equals("*")
                        && c.getWindow().equals("P7D")
                        && c.getWindowEnd().equals(D))
            .toList();
    assertEquals(
        List.of(7L),
        corrections.stream().map(RollingCount::getKilled).toList(),
        "the day is re-emitted once, with the revised figure, never as zero");
  }

  @Test
  void aRevisionThatChangesOnlyTheGroupLeavesTheCountryAndRegionRollupsUntouched() {
    h.send(incident("A1", D, at(D, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("B1", D.plusDays(2), at(D.plusDays(2), 10), 1, "Punjab", null));
    h.drainCounts();
    h.send(incident("A1", D, at(D.plusDays(2), 12), 5, "Khyber Pakhtunkhwa", null));
    final Set<String> touched =
        h.drainCounts().stream()
            .map(c -> c.getCountry() + "|" + c.getRegion() + "|" + c.getGroup())
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            KP_TTP,
            "PK|Khyber Pakhtunkhwa|UNKNOWN",
            "PK|*|TTP",
            "PK|*|UNKNOWN",
            "*|*|TTP",
            "*|*|UNKNOWN"),
        touched);
    assertEquals(1, h.incidentsAsOf("PK|Khyber Pakhtunkhwa|UNKNOWN", "P30D", D));
    assertEquals(0, h.incidentsAsOf(KP_TTP, "P30D", D));
  }

  @Test
  void aDayWhoseRecordARevisionMadeARepeatIsCorrectedByTheNextRevision() {
    // Four TTP incidents; two later revisions attribute the first two to nobody. The 7-day value on
    // day 7 (when the first incident leaves the window) first stays as it was while the day before
    // changes, then changes itself.
    h.send(incident("A1", D, at(D, 10), 3, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("A2", D.plusDays(1), at(D.plusDays(1), 10), 2, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("A3", D.plusDays(2), at(D.plusDays(2), 10), 4, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("A4", D.plusDays(9), at(D.plusDays(9), 10), 1, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("A1", D, at(D.plusDays(9), 12), 3, "Khyber Pakhtunkhwa", null));
    h.send(incident("A2", D.plusDays(1), at(D.plusDays(9), 13), 2, "Khyber Pakhtunkhwa", null));
    for (int day = 0; day <= 9; day++) {
      final long expected = day < 2 ? 0 : day <= 8 ? 4 : 1; // A3 alone from day 2 to day 8, then A4
      assertEquals(expected, h.killedAsOf(KP_TTP, "P7D", D.plusDays(day)), "day " + day);
    }
  }

  @Test
  void aRevisionOfAReportCountedBeforeABoundedHistoryIsTooLate() {
    try (TopologyHarness bounded = new TopologyHarness(Map.of(Keys.HISTORY_DAYS, "60"))) {
      bounded.send(incident("A1", D, at(D, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
      bounded.send(incident("B1", D.plusDays(100), at(D.plusDays(100), 10), 1, "Punjab", null));
      // Moved to a recent day, but taking its figures out of day D would change days the history no
      // longer keeps.
      bounded.send(
          incident("A1", D.plusDays(99), at(D.plusDays(100), 12), 9, "Khyber Pakhtunkhwa", "TTP"));
      final List<DeadLetter> dead = bounded.deadLetters().readValuesToList();
      assertEquals(List.of("TOO_LATE"), dead.stream().map(DeadLetter::getCategory).toList());
      assertTrue(
          dead.get(0).getReason().contains("revises the report counted for incident day " + D),
          dead.get(0).getReason());
      assertEquals(
          5, bounded.killedAsOf(KP_TTP, "P365D", D.plusDays(100)), "the counted report stands");
    }
  }

  @Test
  void aRevisionMovingAnIncidentBeforeABoundedHistoryTakesItsFiguresOutOfTheDayItWasCountedOn() {
    try (TopologyHarness bounded = new TopologyHarness(Map.of(Keys.HISTORY_DAYS, "60"))) {
      final LocalDate counted = D.plusDays(100);
      bounded.send(incident("A1", counted, at(counted, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
      bounded.send(incident("B1", D.plusDays(101), at(D.plusDays(101), 10), 1, "Punjab", null));
      // Re-dated to day D, before the history: too late to count there, and no longer on day 100.
      bounded.send(incident("A1", D, at(D.plusDays(101), 12), 5, "Khyber Pakhtunkhwa", "TTP"));
      final List<DeadLetter> dead = bounded.deadLetters().readValuesToList();
      assertEquals(List.of("TOO_LATE"), dead.stream().map(DeadLetter::getCategory).toList());
      assertTrue(
          dead.get(0)
              .getReason()
              .contains("counted on " + counted + ", are taken out of the counts"),
          dead.get(0).getReason());
      assertEquals(0, bounded.killedAsOf(KP_TTP, "P7D", D.plusDays(101)), "out of day 100");
      // The incidents API shows the report that stands, out of the counts.
      final IncidentEvent standing =
          InternalSerdes.avroBinary(IncidentEvent.class)
              .deserializer()
              .deserialize(
                  null,
                  bounded
                      .driver
                      .<String, byte[]>getKeyValueStore(SurgewatchTopology.STORE_INCIDENTS)
                      .get("A1"));
      assertEquals(D, standing.getOccurredOn());
      assertTrue(standing.getRetracted(), standing.toString());
      // A later report that moves it back inside the history counts it afresh.
      bounded.send(
          incident("A1", counted, at(D.plusDays(101), 13), 7, "Khyber Pakhtunkhwa", "TTP"));
      assertEquals(7, bounded.killedAsOf(KP_TTP, "P7D", D.plusDays(101)));
      assertEquals(List.of(), bounded.deadLetters().readValuesToList());
    }
  }

  @Test
  void aRevisionOfAReportCountedBeyondTheGraceMovesItsFiguresWithTheHistoryUnbounded() {
    h.send(incident("A1", D, at(D, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("B1", D.plusDays(100), at(D.plusDays(100), 10), 1, "Punjab", null));
    h.send(incident("A1", D.plusDays(99), at(D.plusDays(100), 12), 9, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(List.of(), h.deadLetters().readValuesToList());
    assertEquals(0, h.killedAsOf(KP_TTP, "P30D", D), "out of its old day");
    assertEquals(9, h.killedAsOf(KP_TTP, "P7D", D.plusDays(100)), "into its new one");
  }

  @Test
  void windowsRollDailyInEventTimeAndAnIncidentLeavesAWindowAfterItsLength() {
    h.send(incident("A1", D, 3));
    h.send(incident("B1", D.plusDays(10), at(D.plusDays(10), 10), 1, "Punjab", null));
    assertEquals(3, h.killedAsOf(KP_TTP, "P7D", D.plusDays(6)));
    assertEquals(0, h.killedAsOf(KP_TTP, "P7D", D.plusDays(7)));
    assertEquals(3, h.killedAsOf(KP_TTP, "P30D", D.plusDays(10)));
    final RollingCount p7 = h.valueAsOf("PK", "Khyber Pakhtunkhwa", "TTP", "P7D", D.plusDays(7));
    assertEquals(D.plusDays(7), p7.getWindowEnd());
    assertEquals(D.plusDays(1), p7.getWindowStart(), "windowEnd - windowStart = size - 1 day");
  }

  @Test
  void theEventDayIsTheIncidentsOwnDayNotTheReportDay() {
    // Reported the next day, late in UTC: the incident still counts on its own day, where it
    // happened.
    h.send(incident("A1", D, at(D.plusDays(1), 23), 2, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("B1", D.plusDays(3), at(D.plusDays(3), 23), 1, "Punjab", null));
    h.drainCounts();
    assertEquals(
        D,
        h.countLog.stream()
            .filter(
                c ->
                    c.getWindow().equals("P7D")
                        && c.getRegion().equals("Khyber Pakhtunkhwa")
                        && c.getGroup().equals("TTP"))
            .map(RollingCount::getWindowEnd)
            .min(LocalDate::compareTo)
            .orElseThrow());
  }

  @Test
  void nothingIsEmittedBeyondTheLatestEventDaySeen() {
    h.send(incident("A1", D, 3));
    h.send(incident("B1", D.plusDays(2), 1));
    assertTrue(h.drainCounts().stream().noneMatch(c -> c.getWindowEnd().isAfter(D.plusDays(2))));
    assertTrue(h.countLog.stream().noneMatch(c -> c.getWindowEnd().isAfter(D.plusDays(2))));
  }

  @Test
  void unchangedDaysAreNotRepeated() {
    h.send(incident("A1", D, 3));
    h.send(incident("B1", D.plusDays(5), at(D.plusDays(5), 10), 1, "Punjab", null));
    h.drainCounts();
    // Days 1..5 after the incident have the same 30-day value: one record, on the day it changed.
    assertEquals(
        List.of(D),
        h.countLog.stream()
            .filter(
                c ->
                    c.getWindow().equals("P30D")
                        && c.getRegion().equals("Khyber Pakhtunkhwa")
                        && c.getGroup().equals("TTP"))
            .map(RollingCount::getWindowEnd)
            .toList());
  }

  @Test
  void aLateReportWithinTheGraceUpdatesThePastDaysItFallsIn() {
    h.send(incident("A1", D, 3));
    h.send(incident("B1", D.plusDays(20), at(D.plusDays(20), 10), 1, "Punjab", null));
    h.drainCounts();
    // Reported on day 20 about day 5: the windows ending on days 5.. now include it.
    h.send(incident("L1", D.plusDays(5), at(D.plusDays(20), 12), 4, "Khyber Pakhtunkhwa", "TTP"));
    final List<RollingCount> reEmitted = h.drainCounts();
    assertTrue(
        reEmitted.stream()
            .anyMatch(
                c ->
                    c.getWindowEnd().equals(D.plusDays(5))
                        && c.getWindow().equals("P30D")
                        && c.getRegion().equals("Khyber Pakhtunkhwa")
                        && c.getGroup().equals("TTP")
                        && c.getKilled() == 7));
    assertEquals(7, h.killedAsOf(KP_TTP, "P30D", D.plusDays(20)));
    assertEquals(4, h.killedAsOf(KP_TTP, "P7D", D.plusDays(11)));
    assertEquals(0, h.killedAsOf(KP_TTP, "P7D", D.plusDays(12)));
  }

  @Test
  void aReportBeyondTheGraceIsCountedAndEveryDayItChangesReEmitted() {
    h.send(incident("A1", D.plusDays(100), 3));
    h.send(incident("OLD", D, at(D.plusDays(100), 12), 9, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(
        List.of(), h.deadLetters().readValuesToList(), "the history has no limit by default");
    assertEquals(9, h.killedAsOf(KP_TTP, "P7D", D.plusDays(6)));
    assertEquals(0, h.killedAsOf(KP_TTP, "P7D", D.plusDays(7)));
    assertEquals(12, h.killedAsOf(KP_TTP, "P365D", D.plusDays(100)));
  }

  @Test
  void aReportBeforeABoundedHistoryIsDeadLetteredAsTooLate() {
    try (TopologyHarness bounded = new TopologyHarness(Map.of(Keys.HISTORY_DAYS, "60"))) {
      bounded.send(incident("A1", D.plusDays(100), 3));
      bounded.send(incident("OLD", D, at(D.plusDays(100), 12), 9, "Khyber Pakhtunkhwa", "TTP"));
      final List<DeadLetter> dead = bounded.deadLetters().readValuesToList();
      assertEquals(1, dead.size());
      assertEquals("TOO_LATE", dead.get(0).getCategory());
      assertEquals("OLD", dead.get(0).getRecordId());
      assertTrue(
          dead.get(0).getReason().contains("history.days=60; history.days=100 or 0"),
          dead.get(0).getReason());
      assertEquals(
          3,
          bounded.killedAsOf(KP_TTP, "P365D", D.plusDays(100)),
          "the late report is not counted");
    }
  }

  @Test
  void aContributionTooLateForItsShardIsDeadLetteredAndTheShardGoesOn() {
    try (TopologyHarness bounded = new TopologyHarness(Map.of(Keys.HISTORY_DAYS, "60"))) {
      contributionTooLateForItsShard(bounded);
    }
  }

  private void contributionTooLateForItsShard(final TopologyHarness h) {
    // With several input partitions a lagging stage-1 task can pass a report that its cube shard
    // has left behind.
    h.send(incident("A1", D.plusDays(100), 3));
    h.settle();
    final var repartition =
        h.driver.createInputTopic(
            h.config.get(Keys.APPLICATION_ID) + "-cube-contributions-repartition",
            new StringSerializer(),
            ShardInput.serde().serializer());
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    repartition.pipeInput(
        "PK",
        new ShardInput.Unplaced(
            new Contribution(
                Contribution.Shard.COUNTRY,
                "OLD",
                (int) D.toEpochDay(),
                "PK",
                "Khyber Pakhtunkhwa",
                List.of("TTP"),
                tally)));
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(List.of("OLD"), dead.stream().map(DeadLetter::getRecordId).toList());
    assertEquals("TOO_LATE", dead.get(0).getCategory());
    assertTrue(
        dead.get(0).getReason().startsWith("too late for its shard"), dead.get(0).getReason());
    assertEquals(
        null,
        dead.get(0).getOriginalValue(),
        "an internal record is not replayable into its topic");
    h.send(incident("A2", D.plusDays(101), 4));
    assertEquals(
        7,
        h.killedAsOf(KP_TTP, "P7D", D.plusDays(101)),
        "the shard goes on; the late one is not counted");
  }

  @Test
  void poisonInputIsDeadLetteredWithAReasonAndProcessingContinues() {
    h.rawIncidents.pipeInput("X1", new byte[] {1, 2, 3, 4, 5, 6});
    h.rawIncidents.pipeInput("X2", new byte[] {0, 0, 0, 0, 99, 1, 2});
    h.send(
        IncidentEvent.newBuilder(incident("X3", D, 1))
            .setKilled(Casualties.newBuilder().setCivilians(-4).build())
            .build());
    h.send(IncidentEvent.newBuilder(incident("X4", D, 1)).setCountry("ZZ").build());
    h.send(
        IncidentEvent.newBuilder(incident("X5", LocalDate.now(ZoneOffset.UTC).plusDays(5), 1))
            .setReportedAt(Instant.now())
            .build());
    h.send(incident("OK", D, 2));
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(
        List.of("X1", "X2", "X3", "X4", "X5"), dead.stream().map(DeadLetter::getRecordId).toList());
    assertTrue(dead.get(0).getReason().contains("magic byte"), dead.get(0).getReason());
    assertTrue(
        dead.get(1).getReason().contains("99") || dead.get(1).getReason().contains("schema id"),
        dead.get(1).getReason());
    assertEquals("killed.civilians", dead.get(2).getField());
    assertEquals("country", dead.get(3).getField());
    assertEquals("occurredOn", dead.get(4).getField());
    assertNotNull(dead.get(0).getOriginalValue(), "the original bytes are kept for replay");
    assertEquals(2, h.killedAsOf(KP_TTP, "P30D", D));
  }
}
