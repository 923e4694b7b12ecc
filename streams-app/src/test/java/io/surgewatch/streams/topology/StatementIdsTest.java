package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.Keys;
import io.surgewatch.core.StatementTaking;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.StatementSubject;
import io.surgewatch.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A statement re-sent with the same id counts once, for as long as statements are kept (shown in
 * the timeline or cited by alerts), and no longer; sent again with other content, it is refused
 * with a reason.
 */
class StatementIdsTest {
  private static final int RETENTION_DAYS =
      SurgewatchConfig.defaultsOnly().getInt(Keys.STATEMENT_RETENTION_DAYS);

  private static final Instant T0 = Instant.parse("2023-01-04T17:00:00Z");
  private TopologyHarness h = new TopologyHarness();
  private TestOutputTopic<String, StatementCount> counts = countsOf(h);

  private static TestOutputTopic<String, StatementCount> countsOf(final TopologyHarness h) {
    return h.driver.createOutputTopic(
        h.topics.statementCounts().name(),
        new StringDeserializer(),
        AvroSerdes.specific(StatementCount.class, h.config.clientProperties(), false)
            .deserializer());
  }

  /** Runs the test on a topology of these settings instead. */
  private void configure(final Map<String, String> settings) {
    h.close();
    h = new TopologyHarness(settings);
    counts = countsOf(h);
  }

  @AfterEach
  void close() {
    h.close();
  }

  private static StatementEvent statement(final String id, final Instant madeAt) {
    return StatementEvent.newBuilder()
        .setId(id)
        .setMadeAt(madeAt)
        .setSpeaker(new Speaker("Ned Price", "Spokesperson", "US Department of State", "US"))
        .setKind(StatementKind.ACCUSATION)
        .setQuote("The Taliban had not lived up to that commitment.")
        .setSource(new Source("The Media Line", null, SourceKind.NEWS))
        .setAbout(new StatementSubject(List.of("PK"), List.of(), List.of("TTP"), List.of()))
        .build();
  }

  /** The latest count of PK accusations after draining the output (the cache emits at commit). */
  private long accusations() {
    h.driver.advanceWallClockTime(Duration.ofSeconds(1));
    long total = -1;
    for (final StatementCount c : counts.readValuesToList()) {
      total = c.getTotal();
    }
    return total;
  }

  @Test
  void aStatementTooLargeForTheAppsOwnRecordsIsDeadLetteredWithoutItsBytes() {
    // Another writer can publish what produce refuses: held in a store, or wrapped in a dead
    // letter, it would make a record larger than Kafka takes, and stop the app.
    final StatementEvent big =
        StatementEvent.newBuilder(statement("ST-BIG", T0)).setQuote("a".repeat(1_040_000)).build();
    h.send(big);
    h.send(statement("ST1", T0));
    final DeadLetter dead = h.deadLetters().readValue();
    assertEquals("ST-BIG", dead.getRecordId());
    assertEquals(DeadLetters.VALIDATION, dead.getCategory());
    assertEquals("quote", dead.getField());
    assertNull(dead.getOriginalValue());
    assertTrue(
        dead.getReason().contains("bytes as published, more than the 1015808"), dead.getReason());
    assertEquals(1, accusations(), "the next statement is taken");
  }

  @Test
  void aReSentStatementCountsOnceWithinTheRetention() {
    h.send(statement("ST1", T0));
    h.send(statement("ST1", T0));
    h.driver.advanceWallClockTime(StatementIntakeProcessor.PURGE_EVERY);
    h.send(statement("ST1", T0));
    assertEquals(1, accusations());
  }

  @Test
  void aStatementSentAgainWithOtherContentIsDeadLetteredNamingWhatDiffersAndNotCounted() {
    h.send(statement("ST1", T0));
    final StatementEvent denial = statement("ST1", T0);
    denial.setKind(StatementKind.DENIAL);
    h.send(denial);
    assertEquals(1, accusations());
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(1, dead.size());
    assertEquals(DeadLetters.VALIDATION, dead.get(0).getCategory());
    assertEquals("id", dead.get(0).getField());
    assertTrue(
        dead.get(0)
            .getReason()
            .startsWith("statement ST1 was taken before with a different kind (as taken:"),
        dead.get(0).getReason());
  }

  @Test
  void aStatementTakenByAReleaseThatKeptItsIdAloneIsARepeatWhenSentAgain() {
    final StatementEvent st1 = statement("ST1", T0);
    assertEquals(T0.toEpochMilli(), TakenStatement.madeAt(TakenStatement.of(st1)));
    assertEquals(st1, TakenStatement.statement(TakenStatement.of(st1)));
    assertNull(
        TakenStatement.statement(Serdes.Long().serializer().serialize(null, T0.toEpochMilli())));
    assertEquals(
        StatementTaking.Verdict.REPEAT, StatementTaking.of(true, null, statement("ST1", T0)));
  }

  @Test
  void whileTheTimelineKeepsEveryStatementEveryIdIsRemembered() {
    h.send(statement("ST1", T0));
    h.send(statement("ST2", T0.plus(Duration.ofDays(RETENTION_DAYS + 1))));
    h.driver.advanceWallClockTime(StatementIntakeProcessor.PURGE_EVERY);
    h.send(statement("ST1", T0)); // still shown in the timeline: a repeat
    assertEquals(2, accusations());
  }

  @Test
  void withABoundedTimelineIdsAreRememberedForItOrTheRetentionWhicheverIsLonger() {
    configure(Map.of(Keys.STATEMENT_TIMELINE_DAYS, String.valueOf(RETENTION_DAYS + 10)));
    h.send(statement("ST1", T0));
    h.send(statement("ST2", T0.plus(Duration.ofDays(RETENTION_DAYS + 1))));
    h.driver.advanceWallClockTime(StatementIntakeProcessor.PURGE_EVERY);
    h.send(statement("ST1", T0)); // shown in the timeline for 10 days more
    assertEquals(2, accusations());
  }

  @Test
  void idsOlderThanTheRetentionAreForgottenSoTheStoreIsBoundedByItNotByHistory() {
    configure(Map.of(Keys.STATEMENT_TIMELINE_DAYS, "30"));
    h.send(statement("ST1", T0));
    h.send(statement("ST2", T0.plus(Duration.ofDays(RETENTION_DAYS + 1))));
    assertEquals(2, accusations());
    h.driver.advanceWallClockTime(StatementIntakeProcessor.PURGE_EVERY);
    h.send(statement("ST1", T0)); // forgotten: counted as new
    h.send(statement("ST2", T0.plus(Duration.ofDays(RETENTION_DAYS + 1)))); // kept
    assertEquals(3, accusations());
  }
}
