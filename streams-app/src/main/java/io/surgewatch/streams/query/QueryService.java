package io.surgewatch.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.InternalSerdes;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the running app's stores, answered as JSON. Each query runs where its data lives: the
 * count series in the task of the key's shard (its country, or {@code *}), alerts and statements in the single story
 * task, cube keys and statement counts everywhere (fanned out to every instance and merged). When another instance
 * owns the data (its {@code application.server} differs from ours) the request is forwarded to it as it came, with
 * the same bearer token. Without {@code application.server} the app is a single instance and everything is local.
 *
 * <p>A store that is not queryable (starting, restoring, rebalancing) is retried with backoff for up to
 * {@link #RETRY_BUDGET}; then {@link NotReadyException} (HTTP 503 with Retry-After).
 */
public final class QueryService {
  public static final Duration RETRY_BUDGET = Duration.ofSeconds(3);
  private static final StringSerializer STRINGS = new StringSerializer();

  private final KafkaStreams streams;
  private final HostInfo self;
  private final List<String> windows;
  private final Forwarder forwarder = new Forwarder();
  // Avro readers are not documented as thread-safe; HTTP requests run on many threads.
  private final ThreadLocal<Deserializer<SurgeAlert>> alertReader = reader(SurgeAlert.class);
  private final ThreadLocal<Deserializer<StatementEvent>> statementReader = reader(StatementEvent.class);

  /**
   * @param self this instance's {@code application.server}, or null when not set (a single instance)
   * @param windowDays the published window sizes (windows.days)
   */
  public QueryService(final KafkaStreams streams, final HostInfo self, final List<Integer> windowDays) {
    this.streams = streams;
    this.self = self;
    this.windows = windowDays.stream().map(d -> "P" + d + "D").toList();
  }

  public static QueryService of(final KafkaStreams streams, final SurgewatchConfig config) {
    final String server = config.getOrNull(StreamsConfig.APPLICATION_SERVER_CONFIG);
    return new QueryService(streams, server == null ? null : HostInfo.buildFromEndpoint(server),
        config.getIntList(io.surgewatch.core.Keys.WINDOWS_DAYS));
  }

  public List<String> windows() {
    return windows;
  }

  // ---- queries ----

  /**
   * The daily series of one key and window from {@code from} to {@code to} (inclusive; null for unbounded),
   * computed from the key's daily buckets, up to the latest event day its shard has seen (the same values the
   * counts topic carries). With {@code fill}, every day; without, the change points only (the days the topic has a
   * record for). History reaches back {@code history.days} (all of it by default).
   */
  public Answer counts(final CubeKey key, final String window, final LocalDate from, final LocalDate to,
      final boolean fill, final Hop hop) {
    if (!windows.contains(window)) {
      throw new IllegalArgumentException("window must be one of " + windows + ", got " + window);
    }
    final int days = Integer.parseInt(window.substring(1, window.length() - 1));
    return routed(SurgewatchTopology.STORE_BUCKETS, key.shard(), hop, partition -> {
      final ReadOnlyKeyValueStore<String, byte[]> buckets = store(SurgewatchTopology.STORE_BUCKETS, partition);
      final ReadOnlyKeyValueStore<String, byte[]> meta = store(SurgewatchTopology.STORE_CUBE_META, partition);
      final byte[] w = meta.get(SurgewatchTopology.WATERMARK_KEY);
      final LocalDate latest = w == null ? null : LocalDate.ofEpochDay(java.nio.ByteBuffer.wrap(w).getInt());
      final java.util.TreeMap<Integer, long[]> tallies = new java.util.TreeMap<>();
      final int scanFrom = from == null ? -1_000_000 + 1 : (int) from.toEpochDay() - days + 1;
      final int scanTo = (int) (to == null ? (latest == null ? LocalDate.now() : latest) : to).toEpochDay();
      try (KeyValueIterator<String, byte[]> it = buckets.range(SurgewatchTopology.bucketKey(key.id(), scanFrom),
          SurgewatchTopology.bucketKey(key.id(), scanTo))) {
        it.forEachRemaining(kv -> tallies.put(dayOf(kv.key), SurgewatchTopology.bucketTally(kv.value)));
      }
      final LocalDate end = latest == null ? null : to == null || latest.isBefore(to) ? latest : to;
      final ObjectNode out = keyNode(key).put("window", window).put("filled", fill);
      out.put("from", from == null ? null : from.toString()).put("to", to == null ? null : to.toString());
      out.put("latestDay", latest == null ? null : latest.toString());
      final ArrayNode points = out.putArray("points");
      if (end == null || tallies.isEmpty()) {
        return out;
      }
      // Roll the window day by day over the buckets; a day is a change point when its value differs from the day before.
      final int first = from != null ? (int) from.toEpochDay() : tallies.firstKey();
      final List<RollingCount> changes = new ArrayList<>();
      RollingCount carried = null;
      long[] sum = new long[io.surgewatch.streams.engine.Tally.SIZE];
      long[] previous = null;
      for (int d = Math.min(first, tallies.firstKey()); d <= end.toEpochDay(); d++) {
        final long[] entering = tallies.get(d);
        final long[] leaving = tallies.get(d - days);
        if (entering != null) {
          io.surgewatch.streams.engine.Tally.add(sum, entering);
        }
        if (leaving != null) {
          io.surgewatch.streams.engine.Tally.subtract(sum, leaving);
        }
        final boolean changed = previous == null ? !io.surgewatch.streams.engine.Tally.isZero(sum)
            : !java.util.Arrays.equals(sum, previous);
        previous = sum.clone();
        if (changed) {
          final RollingCount c = count(key, window, days, d, sum);
          if (d < first) {
            carried = c;
          } else {
            changes.add(c);
          }
        }
      }
      if (carried == null && changes.isEmpty()) {
        // Buckets, all at zero: the key's incidents were revised away. It reads as zeros (as its records on the
        // counts topic do), not as a series with no data.
        changes.add(count(key, window, days, Math.max(first, tallies.firstKey()), new long[sum.length]));
      }
      CountSeries.points(carried, changes, from, end, fill, days).forEach(points::add);
      return out;
    });
  }

  private static int dayOf(final String bucketKey) {
    return Integer.parseInt(bucketKey.substring(bucketKey.lastIndexOf('|') + 1)) - 1_000_000;
  }

  private static RollingCount count(final CubeKey key, final String window, final int days, final int day,
      final long[] v) {
    final LocalDate end = LocalDate.ofEpochDay(day);
    return new RollingCount(key.country(), key.region(), key.group(), window, end.minusDays(days - 1L), end,
        v[io.surgewatch.streams.engine.Tally.INCIDENTS], io.surgewatch.streams.engine.Tally.killed(v),
        io.surgewatch.streams.engine.Tally.injured(v), io.surgewatch.streams.engine.Tally.killedBy(v),
        io.surgewatch.streams.engine.Tally.injuredBy(v));
  }

  /** The cube keys that exist on every instance, optionally of one country, sorted. */
  public Answer keys(final String country, final Hop hop) {
    return fanOut(hop, "keys", () -> {
      final TreeSet<String> ids = new TreeSet<>();
      final ReadOnlyKeyValueStore<String, byte[]> store = store(SurgewatchTopology.STORE_CUBE_KEYS, null);
      try (KeyValueIterator<String, byte[]> it = store.all()) {
        it.forEachRemaining(kv -> ids.add(kv.key));
      }
      final ArrayNode keys = EventJson.MAPPER.createArrayNode();
      ids.stream().map(CubeKey::parse).filter(k -> country == null || k.country().equals(country))
          .forEach(k -> keys.add(keyNode(k)));
      return keys;
    }, Comparator.comparing(n -> n.get("country").asText() + '|' + n.get("region").asText() + '|' + n.get("group").asText()));
  }

  /** Alerts that are open or escalated now, latest window first. */
  public Answer openAlerts(final Predicate<SurgeAlert> filter, final Hop hop) {
    return alerts(SurgewatchTopology.STORE_OPEN_ALERTS, filter, Integer.MAX_VALUE, hop);
  }

  /** The latest transition of every alert, latest window first, at most {@code limit}. */
  public Answer recentAlerts(final Predicate<SurgeAlert> filter, final int limit, final Hop hop) {
    return alerts(SurgewatchTopology.STORE_ALERTS, filter, limit, hop);
  }

  private Answer alerts(final String storeName, final Predicate<SurgeAlert> filter, final int limit, final Hop hop) {
    return routed(storeName, SurgewatchTopology.STORY_KEY, hop, partition -> {
      final List<SurgeAlert> found = new ArrayList<>();
      final ReadOnlyKeyValueStore<String, byte[]> store = store(storeName, partition);
      try (KeyValueIterator<String, byte[]> it = store.all()) {
        it.forEachRemaining(kv -> {
          final SurgeAlert a = alertReader.get().deserialize(null, kv.value);
          if (filter.test(a)) {
            found.add(a);
          }
        });
      }
      found.sort(Comparator.comparing(SurgeAlert::getWindowEnd).thenComparing(SurgeAlert::getAlertId).reversed());
      final ObjectNode out = EventJson.MAPPER.createObjectNode();
      out.put("total", found.size());
      final ArrayNode alerts = out.putArray("alerts");
      found.stream().limit(limit).forEach(a -> alerts.add(EventJson.toTree(a)));
      return out;
    });
  }

  /** Statements about a key ({@code *} matches anything) made from {@code from} to {@code to} (UTC days), latest first. */
  public Answer statements(final CubeKey key, final LocalDate from, final LocalDate to, final int limit, final Hop hop) {
    return routed(SurgewatchTopology.STORE_STATEMENTS, SurgewatchTopology.STORY_KEY, hop, partition -> {
      final List<StatementEvent> found = new ArrayList<>();
      final ReadOnlyKeyValueStore<String, byte[]> store = store(SurgewatchTopology.STORE_STATEMENTS, partition);
      try (KeyValueIterator<String, byte[]> it = store.all()) {
        it.forEachRemaining(kv -> {
          final StatementEvent s = statementReader.get().deserialize(null, kv.value);
          final LocalDate day = s.getMadeAt().atZone(java.time.ZoneOffset.UTC).toLocalDate();
          if (about(key, s) && (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to))) {
            found.add(s);
          }
        });
      }
      found.sort(Comparator.comparing(StatementEvent::getMadeAt).thenComparing(StatementEvent::getId).reversed());
      final ObjectNode out = keyNode(key);
      out.put("total", found.size());
      final ArrayNode statements = out.putArray("statements");
      found.stream().limit(limit).forEach(s -> statements.add(EventJson.toTree(s)));
      return out;
    });
  }

  static boolean about(final CubeKey key, final StatementEvent s) {
    return matches(key.country(), s.getAbout().getCountries()) && matches(key.region(), s.getAbout().getRegions())
        && matches(key.group(), s.getAbout().getGroups());
  }

  private static boolean matches(final String wanted, final List<String> values) {
    return CubeKey.ALL.equals(wanted) || values.contains(wanted);
  }

  /** Statement counts by country and kind (all instances), optionally of one country. */
  public Answer statementCounts(final String country, final Hop hop) {
    return fanOut(hop, "counts", () -> {
      final ArrayNode counts = EventJson.MAPPER.createArrayNode();
      final ReadOnlyKeyValueStore<String, StatementCount> store = store(SurgewatchTopology.STORE_STATEMENT_COUNTS, null);
      try (KeyValueIterator<String, StatementCount> it = store.all()) {
        it.forEachRemaining(kv -> {
          if (country == null || kv.value.getCountry().equals(country)) {
            counts.add(EventJson.toTree(kv.value));
          }
        });
      }
      return counts;
    }, Comparator.comparing(n -> n.get("country").asText() + '|' + n.get("kind").asText()));
  }

  /** Entries of a store on this instance (RocksDB's estimate), for metrics; -1 when it is not queryable. */
  public long approximateEntries(final String storeName) {
    try {
      return store(storeName, null).approximateNumEntries();
    } catch (final InvalidStateStoreException e) {
      return -1;
    }
  }

  // ---- routing ----

  private Answer routed(final String storeName, final String key, final Hop hop, final Function<Integer, JsonNode> local) {
    if (self == null) {
      return ok(retry(() -> local.apply(null)));
    }
    final KeyQueryMetadata owner = retry(() -> {
      final KeyQueryMetadata md = streams.queryMetadataForKey(storeName, key, STRINGS);
      if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md) || md.activeHost().port() < 0) {
        throw new InvalidStateStoreException("no owner of " + storeName + " for " + key + " yet");
      }
      return md;
    });
    if (self.equals(owner.activeHost())) {
      return ok(retry(() -> local.apply(owner.partition())));
    }
    if (hop.forwarded()) {
      // The sender thought we own it; ownership is moving. Never forward twice: the caller retries.
      throw new NotReadyException(storeName + " for " + key + " is owned by " + owner.activeHost() + " now", null);
    }
    return forwarder.get(owner.activeHost(), hop);
  }

  private Answer fanOut(final Hop hop, final String field, final Supplier<ArrayNode> local,
      final Comparator<JsonNode> order) {
    final List<JsonNode> all = new ArrayList<>();
    retry(local).forEach(all::add);
    if (self != null && !hop.forwarded()) {
      for (final HostInfo other : others()) {
        final Answer answer = forwarder.get(other, hop);
        if (answer.status() != 200) {
          throw new NotReadyException("instance " + other + " answered " + answer.status(), null);
        }
        parse(answer.body()).get(field).forEach(all::add);
      }
    }
    all.sort(order);
    final ObjectNode out = EventJson.MAPPER.createObjectNode();
    final ArrayNode items = out.putArray(field);
    all.stream().distinct().forEach(items::add);
    return ok(out);
  }

  private List<HostInfo> others() {
    return retry(() -> streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
        .filter(h -> !h.equals(self) && h.port() >= 0).distinct().toList());
  }

  private <T> T retry(final Supplier<T> query) {
    final long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
    long backoffMs = 50;
    while (true) {
      try {
        return query.get();
      } catch (final InvalidStateStoreException e) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED
            || System.nanoTime() + backoffMs * 1_000_000 > deadline) {
          throw new NotReadyException("stores not queryable yet (" + state + "): " + e.getMessage(), e);
        }
        try {
          Thread.sleep(backoffMs);
        } catch (final InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new NotReadyException("interrupted", ie);
        }
        backoffMs = Math.min(backoffMs * 2, 800);
      }
    }
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(final String name, final Integer partition) {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
    if (partition != null) {
      params = params.withPartition(partition);
    }
    return streams.store(params);
  }

  private static Answer ok(final JsonNode body) {
    return new Answer(200, body.toString());
  }

  private static JsonNode parse(final String json) {
    try {
      return EventJson.MAPPER.readTree(json);
    } catch (final JsonProcessingException e) {
      throw new NotReadyException("unreadable answer from another instance: " + e.getOriginalMessage(), e);
    }
  }

  static ObjectNode keyNode(final CubeKey key) {
    return EventJson.MAPPER.createObjectNode().put("country", key.country()).put("region", key.region())
        .put("group", key.group());
  }

  private static <T extends SpecificRecord> ThreadLocal<Deserializer<T>> reader(final Class<T> type) {
    return ThreadLocal.withInitial(() -> InternalSerdes.avroBinary(type).deserializer());
  }

  /** Alerts matching the given country, region and group exactly; a null part matches anything. */
  public static Predicate<SurgeAlert> alertsOf(final String country, final String region, final String group) {
    return a -> (country == null || a.getCountry().equals(country)) && (region == null || a.getRegion().equals(region))
        && (group == null || a.getGroup().equals(group));
  }
}
