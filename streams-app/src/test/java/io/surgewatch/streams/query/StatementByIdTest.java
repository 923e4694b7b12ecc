package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * A statement asked for by an id the id store holds nothing for, or only the made-at of, is a 404
 * that says why: how long statements are kept by id, under which settings, or where the statement
 * is found instead.
 */
class StatementByIdTest {
  private static String notFound(final StatementQueries queries, final byte[] taken) {
    return assertThrows(NotFoundException.class, () -> queries.found("ST-9", taken)).getMessage();
  }

  @Test
  void whileEveryStatementIsKeptAnIdWithoutOneWasNeverTaken() {
    assertEquals(
        "no statement ST-9: every statement taken is kept by id (statement.timeline-days=0), and"
            + " none was taken under this one; /api/v1/dead-letters lists the records refused",
        notFound(new StatementQueries(null, 0, 0), null));
  }

  @Test
  void aBoundedTimelineKeepsIdsForItsDaysOrTheStoriesWhereLonger() {
    assertEquals(
        "no statement ST-9 is kept: statements are kept by id 30 days back from the newest"
            + " (statement.timeline-days=30), so it was made before that, or never taken;"
            + " /api/v1/dead-letters lists the records refused",
        notFound(new StatementQueries(null, 30, 30), null));
    assertEquals(
        "no statement ST-9 is kept: statements are kept by id 400 days back from the newest"
            + " (statement.timeline-days=30, and statement.retention-days=400 for alert stories),"
            + " so it was made before that, or never taken; /api/v1/dead-letters lists the"
            + " records refused",
        notFound(new StatementQueries(null, 30, 400), null));
  }

  @Test
  void aStatementTakenByAReleaseThatKeptItsMadeAtAloneIsFoundInTheListOfItsDay() {
    final byte[] madeAtAlone =
        Serdes.Long()
            .serializer()
            .serialize(null, Instant.parse("2023-01-14T23:30:00Z").toEpochMilli());
    assertEquals(
        "statement ST-9 was taken by a release that kept by id only when it was made"
            + " (2023-01-14T23:30:00Z): /api/v1/statements?country=*&from=2023-01-14&to=2023-01-14"
            + " lists it",
        notFound(new StatementQueries(null, 0, 0), madeAtAlone));
  }
}
