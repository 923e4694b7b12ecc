package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementContext;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.StatementSubject;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** Stage 3's stories: what an alert carries of the statements about it, and how much. */
class AlertStoriesTest {
  private static final LocalDate DAY = LocalDate.of(2023, 2, 10);

  @Test
  void anAlertCarriesTheNewestFiveStatementsWithTheirQuotesCutSoItStaysSmall() {
    final AlertStories stories = new AlertStories(new AlertStories.InMemory(), 30, 400);
    final String transcript = "Mr Speaker, the house will note ".repeat(8_000); // 256,000 chars
    for (int i = 1; i <= 6; i++) {
      stories.statement(statement("ST-" + i, DAY.minusDays(7 - i), transcript));
    }
    final List<SurgeAlert> out = new ArrayList<>();
    stories.alert(opened(), (id, alert) -> out.add(alert));

    final List<StatementContext> carried = out.get(0).getStatements();
    assertEquals(
        List.of("ST-6", "ST-5", "ST-4", "ST-3", "ST-2"),
        carried.stream().map(StatementContext::getId).toList());
    for (final StatementContext c : carried) {
      assertTrue(transcript.startsWith(c.getQuote().substring(0, c.getQuote().indexOf('\u2026'))));
      assertTrue(c.getQuote().endsWith("[quote cut: 256000 characters in all]"), c.getQuote());
    }
    assertTrue(avroBytes(out.get(0)) < 16_384, "the alert is " + avroBytes(out.get(0)) + " bytes");
  }

  @Test
  void aShortQuoteIsCarriedAsSaid() {
    final AlertStories stories = new AlertStories(new AlertStories.InMemory(), 30, 400);
    stories.statement(statement("ST-1", DAY, "We deny it."));
    final List<SurgeAlert> out = new ArrayList<>();
    stories.alert(opened(), (id, alert) -> out.add(alert));
    assertEquals("We deny it.", out.get(0).getStatements().get(0).getQuote());
    assertEquals(
        "ISPR, Director General, Pakistan Army", out.get(0).getStatements().get(0).getSpeaker());
  }

  @Test
  void anAlertCitesTheStatementsOfItsContextDaysUpToItsWindowsEnd() {
    final AlertStories stories = new AlertStories(new AlertStories.InMemory(), 30, 400);
    stories.statement(statement("before-context", DAY.minusDays(30), "Old."));
    stories.statement(statement("first-context-day", DAY.minusDays(29), "In."));
    stories.statement(statement("window-end", DAY, "In."));
    stories.statement(statement("after-window", DAY.plusDays(1), "Later."));
    assertEquals(List.of("window-end", "first-context-day"), cited(stories));
  }

  @Test
  void statementsOlderThanTheRetentionBeforeTheNewestAreForgottenAndNotTakenWhenBackfilled() {
    final AlertStories.InMemory store = new AlertStories.InMemory();
    final AlertStories stories = new AlertStories(store, 30, 400);
    stories.statement(statement("old", DAY.minusDays(401), "Old."));
    stories.statement(statement("edge", DAY.minusDays(400), "Kept."));
    stories.statement(statement("newest", DAY, "New."));
    stories.statement(statement("backfilled", DAY.minusDays(450), "Too old to keep."));
    final List<String> kept = new ArrayList<>();
    store.statements().forEach(s -> kept.add(s.getId()));
    assertEquals(List.of("edge", "newest"), kept);
  }

  @Test
  void statementsTheStoreHeldBeforeTheStageStartedAreCited() {
    final AlertStories.InMemory store = new AlertStories.InMemory();
    new AlertStories(store, 30, 400).statement(statement("before-restart", DAY, "Said."));
    final AlertStories restarted = new AlertStories(store, 30, 400);
    restarted.statement(statement("after-restart", DAY.minusDays(1), "Said too."));
    assertEquals(List.of("before-restart", "after-restart"), cited(restarted));
  }

  private static List<String> cited(final AlertStories stories) {
    final List<SurgeAlert> out = new ArrayList<>();
    stories.alert(opened(), (id, alert) -> out.add(alert));
    return out.get(0).getStatements().stream().map(StatementContext::getId).toList();
  }

  @Test
  void anAlertNamesTheHundredMostSevereOfTheOpenAlertsItOverlaps() {
    final AlertStories stories = new AlertStories(new AlertStories.InMemory(), 30, 400);
    for (int i = 0; i < 150; i++) {
      final SurgeAlert region =
          SurgeAlert.newBuilder(opened())
              .setAlertId(String.format("PK|R%03d|*|killed|%s", i, DAY))
              .setRegion(String.format("R%03d", i))
              .setSeverity(i % 3 == 0 ? Severity.CRITICAL : Severity.LOW)
              .build();
      stories.alert(region, (id, alert) -> {});
    }
    final List<SurgeAlert> out = new ArrayList<>();
    stories.alert(opened(), (id, alert) -> out.add(alert));
    final List<String> related = out.get(0).getRelatedAlertIds();
    assertEquals(AlertStories.MAX_RELATED, related.size());
    for (int i = 0; i < 150; i += 3) {
      assertTrue(related.contains(String.format("PK|R%03d|*|killed|%s", i, DAY)), "CRITICAL " + i);
    }
    assertEquals(related.stream().sorted().toList(), related);
  }

  private static StatementEvent statement(
      final String id, final LocalDate day, final String quote) {
    return StatementEvent.newBuilder()
        .setId(id)
        .setMadeAt(Instant.parse(day + "T12:00:00Z"))
        .setSpeaker(
            Speaker.newBuilder()
                .setName("ISPR")
                .setRole("Director General")
                .setOrganisation("Pakistan Army")
                .build())
        .setKind(StatementKind.CASUALTY_REPORT)
        .setQuote(quote)
        .setSource(Source.newBuilder().setName("ISPR").build())
        .setAbout(StatementSubject.newBuilder().setCountries(List.of("PK")).build())
        .build();
  }

  private static SurgeAlert opened() {
    return SurgeAlert.newBuilder()
        .setAlertId("PK|*|*|killed|" + DAY)
        .setSequence(1)
        .setStatus(AlertStatus.OPEN)
        .setCountry("PK")
        .setRegion("*")
        .setGroup("*")
        .setMetric("killed")
        .setWindowStart(DAY.minusDays(6))
        .setWindowEnd(DAY)
        .setObserved(120)
        .setExpected(14.5)
        .setScore(11.25)
        .setPValue(5.6e-12)
        .setSeverity(Severity.HIGH)
        .setReason("a surge")
        .setOpenedOn(DAY)
        .build();
  }

  private static int avroBytes(final SurgeAlert alert) {
    try {
      final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new SpecificDatumWriter<>(SurgeAlert.class).write(alert, encoder);
      encoder.flush();
      return bytes.size();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
