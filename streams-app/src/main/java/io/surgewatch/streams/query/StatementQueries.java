package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.InternalSerdes;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Statements: those about a key, from the single story task, and the counts by country and kind,
 * which every instance holds a part of (fanned out and merged).
 */
public final class StatementQueries {
  private final QueryRouter router;
  // Avro readers are not documented as thread-safe; HTTP requests run on many threads.
  private final ThreadLocal<Deserializer<StatementEvent>> reader =
      ThreadLocal.withInitial(() -> InternalSerdes.avroBinary(StatementEvent.class).deserializer());

  StatementQueries(final QueryRouter router) {
    this.router = router;
  }

  /**
   * Statements about a key ({@code *} matches anything) made from {@code from} to {@code to} (UTC
   * days), latest first.
   */
  public Answer about(
      final CubeKey key, final LocalDate from, final LocalDate to, final int limit, final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_STATEMENTS,
        SurgewatchTopology.STORY_KEY,
        hop,
        partition -> {
          final List<StatementEvent> found = new ArrayList<>();
          final ReadOnlyKeyValueStore<String, byte[]> store =
              router.store(SurgewatchTopology.STORE_STATEMENTS, partition);
          try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(
                kv -> {
                  final StatementEvent s = reader.get().deserialize(null, kv.value);
                  final LocalDate day = s.getMadeAt().atZone(ZoneOffset.UTC).toLocalDate();
                  if (isAbout(key, s)
                      && (from == null || !day.isBefore(from))
                      && (to == null || !day.isAfter(to))) {
                    found.add(s);
                  }
                });
          }
          found.sort(
              Comparator.comparing(StatementEvent::getMadeAt)
                  .thenComparing(StatementEvent::getId)
                  .reversed());
          final ObjectNode out = CubeKeyJson.of(key);
          out.put("total", found.size());
          final ArrayNode statements = out.putArray("statements");
          found.stream().limit(limit).forEach(s -> statements.add(EventJson.toTree(s)));
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

  static boolean isAbout(final CubeKey key, final StatementEvent s) {
    return matches(key.country(), s.getAbout().getCountries())
        && matches(key.region(), s.getAbout().getRegions())
        && matches(key.group(), s.getAbout().getGroups());
  }

  private static boolean matches(final String wanted, final List<String> values) {
    return CubeKey.ALL.equals(wanted) || values.contains(wanted);
  }
}
