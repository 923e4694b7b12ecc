package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.InternalSerdes;
import io.surgewatch.streams.topology.StatementSearch;
import io.surgewatch.streams.topology.StatementTimeline;
import io.surgewatch.streams.topology.SurgewatchTopology;
import io.surgewatch.streams.topology.TakenStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Statements: those about a key, from the timeline of the single story task ({@link
 * StatementTimeline}); one by its id, from statement intake's id store in the task of the
 * statements topic's partition the id is keyed to; and the counts by country and kind, which every
 * instance holds a part of (fanned out and merged).
 */
public final class StatementQueries {
  private final QueryRouter router;

  /** statement.timeline-days: days the timeline keeps back from the newest statement, 0 for all. */
  private final int timelineDays;

  // Avro readers are not documented as thread-safe; HTTP requests run on many threads.
  private final ThreadLocal<Deserializer<StatementEvent>> reader =
      ThreadLocal.withInitial(() -> InternalSerdes.avroBinary(StatementEvent.class).deserializer());

  /** Days statement intake keeps a statement by id back from the newest statement, 0 for all. */
  private final int idDays;

  StatementQueries(final QueryRouter router, final int timelineDays, final int idDays) {
    this.router = router;
    this.timelineDays = timelineDays;
    this.idDays = idDays;
  }

  /**
   * The statement taken under {@code id}, in the JSON form the list gives; a 404 naming the id when
   * none is kept, saying how long statements are kept by id.
   */
  public Answer statement(final String id, final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_STATEMENT_IDS,
        id,
        hop,
        partition ->
            found(
                id,
                router.<byte[]>store(SurgewatchTopology.STORE_STATEMENT_IDS, partition).get(id)));
  }

  /**
   * A statement as the id store keeps it ({@link TakenStatement}, or null), as the API gives it.
   */
  JsonNode found(final String id, final byte[] taken) {
    if (taken == null) {
      throw new NotFoundException(
          "no statement "
              + id
              + (idDays == 0
                  ? ": every statement taken is kept by id (statement.timeline-days=0), and none"
                      + " was taken under this one"
                  : " is kept: statements are kept by id "
                      + idDays
                      + " days back from the newest (statement.timeline-days="
                      + timelineDays
                      + (idDays > timelineDays
                          ? ", and statement.retention-days=" + idDays + " for alert stories"
                          : "")
                      + "), so it was made before that, or never taken")
              + "; /api/v1/dead-letters lists the records refused");
    }
    final StatementEvent statement = TakenStatement.statement(taken);
    if (statement == null) {
      // Kept by a release that remembered ids with their made-at alone: the timeline has it.
      final Instant made = Instant.ofEpochMilli(TakenStatement.madeAt(taken));
      final LocalDate day = made.atZone(ZoneOffset.UTC).toLocalDate();
      throw new NotFoundException(
          "statement "
              + id
              + " was taken by a release that kept by id only when it was made ("
              + made
              + "): /api/v1/statements?country=*&from="
              + day
              + "&to="
              + day
              + " lists it");
    }
    return EventJson.toTree(statement);
  }

  /**
   * Statements about a key ({@code *} matches anything) made from {@code from} to {@code to} (UTC
   * days), latest first: a range read of the timeline or its index ({@link StatementSearch}). When
   * the timeline is bounded and the days asked reach before the first day it keeps, a {@code note}
   * says so, naming the setting: those statements are still in the counts.
   */
  public Answer about(
      final CubeKey key, final LocalDate from, final LocalDate to, final int limit, final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_STATEMENT_TIMELINE,
        SurgewatchTopology.STORY_KEY,
        hop,
        partition -> {
          final ReadOnlyKeyValueStore<String, byte[]> store =
              router.store(SurgewatchTopology.STORE_STATEMENT_TIMELINE, partition);
          final ObjectNode out = CubeKeyJson.of(key);
          final StatementSearch.Found found =
              StatementSearch.about(
                  store,
                  router.store(SurgewatchTopology.STORE_STATEMENT_INDEX, partition),
                  key,
                  from,
                  to,
                  limit,
                  reader.get());
          final ArrayNode statements = out.putArray("statements");
          found.newest().forEach(s -> statements.add(EventJson.toTree(s)));
          out.put("total", found.total());
          final LocalDate firstKept = StatementTimeline.firstDayKept(store, timelineDays);
          if (firstKept != null && (from == null || from.isBefore(firstKept))) {
            out.put("keptFrom", firstKept.toString());
            out.put(
                "note",
                "statements made before "
                    + firstKept
                    + " are not kept (statement.timeline-days="
                    + timelineDays
                    + ", back from the newest statement); /api/v1/statement-counts still counts them");
          }
          return out;
        });
  }

  /** Statement counts by country and kind (all instances), optionally of one country. */
  public Answer counts(final String country, final Hop hop) {
    return router.fanOut(
        hop,
        SurgewatchTopology.STORE_STATEMENT_COUNTS,
        "counts",
        partition -> {
          final ArrayNode counts = EventJson.MAPPER.createArrayNode();
          final ReadOnlyKeyValueStore<String, StatementCount> store =
              router.store(SurgewatchTopology.STORE_STATEMENT_COUNTS, partition);
          try (KeyValueIterator<String, StatementCount> it = store.all()) {
            it.forEachRemaining(
                kv -> {
                  if (country == null || kv.value.getCountry().equals(country)) {
                    counts.add(EventJson.toTree(kv.value));
                  }
                });
          }
          return counts;
        },
        Comparator.comparing(n -> n.get("country").asText() + '|' + n.get("kind").asText()));
  }
}
