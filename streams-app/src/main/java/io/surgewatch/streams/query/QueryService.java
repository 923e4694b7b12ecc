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
import io.surgewatch.streams.topology.AlertHistory;
import io.surgewatch.streams.topology.CubeWatermark;
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
  /** The cube's stores are partitioned by shard placement, not by the default key hash. */
  private static final java.util.Set<String> CUBE_STORES = java.util.Set.of(SurgewatchTopology.STORE_BUCKETS,
      SurgewatchTopology.STORE_CUBE_KEYS, SurgewatchTopology.STORE_CUBE_META);
  private static final org.apache.kafka.streams.processor.StreamPartitioner<String, Object> SHARDS =
      (topic, key, value, partitions) -> java.util.Optional.of(java.util.Set.of(
          io.surgewatch.core.ShardPlacement.partition(key, partitions)));

  private final KafkaStreams streams;
  private final HostInfo self;
  private final List<String> windows;
  private final Forwarder forwarder = new Forwarder();
  // Avro readers are not documented as thread-safe; HTTP requests run on many threads.
  private final ThreadLocal<Deserializer<SurgeAlert>> alertReader = reader(SurgeAlert.class);
  private final ThreadLocal<Deserializer<StatementEvent>> statementReader = reader(StatementEvent.class);
  private final ThreadLocal<Deserializer<io.surgewatch.events.v1.IncidentEvent>> incidentReader =
      reader(io.surgewatch.events.v1.IncidentEvent.class);
  private final int baselineBlocks;

  /**
   * @param self this instance's {@code application.server}, or null when not set (a single instance)
   * @param windowDays the published window sizes (windows.days)
   */
  public QueryService(final KafkaStreams streams, final HostInfo self, final List<Integer> windowDays,
      final int baselineBlocks) {
    this.baselineBlocks = baselineBlocks;
    this.streams = streams;
    this.self = self;
    this.windows = windowDays.stream().map(d -> "P" + d + "D").toList();
  }

  public static QueryService of(final KafkaStreams streams, final SurgewatchConfig config) {
    final String server = config.getOrNull(StreamsConfig.APPLICATION_SERVER_CONFIG);
    return new QueryService(streams, server == null ? null : HostInfo.buildFromEndpoint(server),
        config.getIntList(io.surgewatch.core.Keys.WINDOWS_DAYS),
        io.surgewatch.streams.engine.EngineConfig.from(config).baselineBlocks());
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
      final LocalDate latest = w == null ? null : LocalDate.ofEpochDay(CubeWatermark.decode(w));
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

  /**
   * Every alert that is open or escalated now, one entry each (see {@link #alerts}), by current severity (the latest
   * transition's), then recency.
   */
  public Answer openAlerts(final Predicate<SurgeAlert> filter, final Hop hop) {
    return alerts(filter, true, MAX_ALERTS, hop);
  }

  /** Every alert, one entry each (see {@link #alerts}), by peak severity, then recency, at most {@code limit}. */
  public Answer recentAlerts(final Predicate<SurgeAlert> filter, final int limit, final Hop hop) {
    return alerts(filter, false, limit, hop);
  }

  private static final int MAX_ALERTS = 10_000;

  /**
   * Alerts from the history store of the story task. An entry is the latest transition's fields (as the alerts
   * topic has them) plus {@code peakSeverity}, {@code transitionCount}, the figures of its {@code opened} (the OPEN
   * transition), {@code peak} and {@code latest} transitions, and {@code current}: the alert's metric over a window
   * of the same length ending on the latest day its key's shard has seen (the counts API's value for that day), or
   * null while that shard cannot answer.
   */
  private Answer alerts(final Predicate<SurgeAlert> filter, final boolean openOnly, final int limit, final Hop hop) {
    return routed(SurgewatchTopology.STORE_ALERT_HISTORY, SurgewatchTopology.STORY_KEY, hop, partition -> {
      final List<List<SurgeAlert>> found = new ArrayList<>();
      final ReadOnlyKeyValueStore<String, byte[]> store = store(SurgewatchTopology.STORE_ALERT_HISTORY, partition);
      try (KeyValueIterator<String, byte[]> it = store.all()) {
        it.forEachRemaining(kv -> {
          final List<SurgeAlert> h = AlertHistory.decode(kv.value);
          final SurgeAlert latest = h.isEmpty() ? null : AlertHistory.latest(h);
          if (latest != null && filter.test(latest) && (!openOnly || isOpen(latest))) {
            found.add(h);
          }
        });
      }
      final Comparator<List<SurgeAlert>> severity = Comparator.comparingInt(
          h -> -AlertHistory.rank((openOnly ? AlertHistory.latest(h) : AlertHistory.peak(h)).getSeverity()));
      found.sort(severity.thenComparing((List<SurgeAlert> h) -> AlertHistory.latest(h).getWindowEnd(), Comparator.reverseOrder())
          .thenComparing(h -> AlertHistory.latest(h).getAlertId()));
      final ObjectNode out = EventJson.MAPPER.createObjectNode();
      out.put("total", found.size());
      final ArrayNode alerts = out.putArray("alerts");
      final List<List<SurgeAlert>> page = found.stream().limit(limit).toList();
      final java.util.Map<String, JsonNode> current = current(page.stream().map(AlertHistory::latest).toList(), hop);
      page.forEach(h -> {
        final ObjectNode e = entry(h);
        final SurgeAlert latest = AlertHistory.latest(h);
        final JsonNode c = current.get(currentKey(latest));
        e.set("current", c == null ? null : currentFigures(c, latest.getMetric()));
        alerts.add(e);
      });
      return out;
    });
  }

  /** One alert: its entry (as in the list) and {@code transitions}, every transition in sequence order. */
  public Answer alert(final String alertId, final Hop hop) {
    return routed(SurgewatchTopology.STORE_ALERT_HISTORY, SurgewatchTopology.STORY_KEY, hop, partition -> {
      final List<SurgeAlert> h = history(alertId, partition);
      final ObjectNode e = entry(h);
      final SurgeAlert latest = AlertHistory.latest(h);
      final JsonNode c = current(List.of(latest), hop).get(currentKey(latest));
      e.set("current", c == null ? null : currentFigures(c, latest.getMetric()));
      final ArrayNode transitions = e.putArray("transitions");
      h.forEach(a -> transitions.add(EventJson.toTree(a)));
      return e;
    });
  }

  private List<SurgeAlert> history(final String alertId, final Integer partition) {
    final ReadOnlyKeyValueStore<String, byte[]> store = store(SurgewatchTopology.STORE_ALERT_HISTORY, partition);
    final List<SurgeAlert> h = AlertHistory.decode(store.get(alertId));
    if (h.isEmpty()) {
      throw new NotFoundException("no alert " + alertId);
    }
    return h;
  }

  private static boolean isOpen(final SurgeAlert a) {
    return a.getStatus() == io.surgewatch.events.v1.AlertStatus.OPEN
        || a.getStatus() == io.surgewatch.events.v1.AlertStatus.ESCALATED;
  }

  private static ObjectNode entry(final List<SurgeAlert> h) {
    final SurgeAlert latest = AlertHistory.latest(h);
    final SurgeAlert peak = AlertHistory.peak(h);
    final ObjectNode e = EventJson.toTree(latest);
    e.put("peakSeverity", peak.getSeverity().name());
    e.put("transitionCount", h.size());
    e.set("opened", figures(AlertHistory.opened(h)));
    e.set("peak", figures(peak));
    e.set("latest", figures(latest));
    return e;
  }

  private static ObjectNode figures(final SurgeAlert a) {
    final ObjectNode f = EventJson.MAPPER.createObjectNode();
    f.put("sequence", a.getSequence()).put("status", a.getStatus().name()).put("severity", a.getSeverity().name());
    f.put("windowStart", a.getWindowStart().toString()).put("windowEnd", a.getWindowEnd().toString());
    f.put("observed", a.getObserved()).put("expected", a.getExpected()).put("score", a.getScore());
    f.put("reason", a.getReason());
    return f;
  }

  private static int windowDays(final SurgeAlert a) {
    return (int) (a.getWindowEnd().toEpochDay() - a.getWindowStart().toEpochDay() + 1);
  }

  private static String currentKey(final SurgeAlert a) {
    return new CubeKey(a.getCountry(), a.getRegion(), a.getGroup()).id() + '|' + windowDays(a);
  }

  private static ObjectNode currentFigures(final JsonNode c, final String metric) {
    final ObjectNode f = EventJson.MAPPER.createObjectNode();
    f.put("windowStart", c.path("windowStart").asText(null)).put("windowEnd", c.path("windowEnd").asText(null));
    f.put("observed", c.path(metric).asLong());
    return f;
  }

  /**
   * The current window of each alert's key (keyed by {@link #currentKey}), asked of each shard's owner once per
   * window length; a shard that cannot answer leaves its alerts without current figures.
   */
  private java.util.Map<String, JsonNode> current(final List<SurgeAlert> alerts, final Hop hop) {
    final java.util.Map<String, java.util.TreeSet<String>> byShard = new java.util.TreeMap<>();
    for (final SurgeAlert a : alerts) {
      byShard.computeIfAbsent(a.getCountry() + '|' + windowDays(a), k -> new TreeSet<>())
          .add(new CubeKey(a.getCountry(), a.getRegion(), a.getGroup()).id());
    }
    final java.util.Map<String, JsonNode> out = new java.util.HashMap<>();
    byShard.forEach((shardAndDays, keys) -> {
      final String shard = shardAndDays.substring(0, shardAndDays.indexOf('|'));
      final int days = Integer.parseInt(shardAndDays.substring(shardAndDays.indexOf('|') + 1));
      try {
        final StringBuilder path = new StringBuilder("/api/v1/counts/current?days=").append(days);
        keys.forEach(k -> path.append("&key=").append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)));
        final JsonNode body = json(currentCounts(shard, keys.stream().map(CubeKey::parse).toList(), days,
            new Hop(path.toString(), hop.authorization(), false)));
        body.path("counts").forEach(c -> out.put(c.get("country").asText() + '|' + c.get("region").asText() + '|'
            + c.get("group").asText() + '|' + days, c));
      } catch (final NotReadyException e) {
        // Current figures are a convenience beside the alert: the list still answers.
      }
    });
    return out;
  }

  /**
   * The rolling totals of keys of one shard over the {@code days} days ending on the latest day that shard has seen
   * (the last point of the counts API's series for a window of that length).
   */
  public Answer currentCounts(final String shard, final List<CubeKey> keys, final int days, final Hop hop) {
    if (days < 1 || days > 10_000) {
      throw new IllegalArgumentException("'days' must be from 1 to 10000, got " + days);
    }
    for (final CubeKey k : keys) {
      if (!k.shard().equals(shard)) {
        throw new IllegalArgumentException("every key must be of one country (shard " + shard + "): " + k.id());
      }
    }
    return routed(SurgewatchTopology.STORE_BUCKETS, shard, hop, partition -> {
      final ReadOnlyKeyValueStore<String, byte[]> buckets = store(SurgewatchTopology.STORE_BUCKETS, partition);
      final LocalDate latest = latestDay(partition);
      final ObjectNode out = EventJson.MAPPER.createObjectNode().put("days", days);
      out.put("latestDay", latest == null ? null : latest.toString());
      final ArrayNode counts = out.putArray("counts");
      if (latest == null) {
        return out;
      }
      final int to = (int) latest.toEpochDay();
      for (final CubeKey k : keys) {
        final long[] sum = sum(buckets, k, to - days + 1, to);
        counts.add(EventJson.toTree(count(k, "P" + days + "D", days, to, sum)));
      }
      return out;
    });
  }

  private LocalDate latestDay(final Integer partition) {
    final byte[] w = this.<byte[]>store(SurgewatchTopology.STORE_CUBE_META, partition).get(SurgewatchTopology.WATERMARK_KEY);
    return w == null ? null : LocalDate.ofEpochDay(CubeWatermark.decode(w));
  }

  private static long[] sum(final ReadOnlyKeyValueStore<String, byte[]> buckets, final CubeKey key, final int from,
      final int to) {
    final long[] sum = new long[io.surgewatch.streams.engine.Tally.SIZE];
    if (from > to) {
      return sum;
    }
    try (KeyValueIterator<String, byte[]> it = buckets.range(SurgewatchTopology.bucketKey(key.id(), from),
        SurgewatchTopology.bucketKey(key.id(), to))) {
      it.forEachRemaining(kv -> io.surgewatch.streams.engine.Tally.add(sum, SurgewatchTopology.bucketTally(kv.value)));
    }
    return sum;
  }

  /**
   * What drives an alert on a rollup: its drill-down keys' shares of the excess over the baseline, for the window of
   * the alert's peak transition ({@code at}: {@code opened}, {@code peak} or {@code latest}) against the baseline the
   * alert opened on (the blocks before its opening window), computed from the same daily buckets as the counts API.
   */
  public Answer alertDrivers(final String alertId, final String at, final Hop hop) {
    return routed(SurgewatchTopology.STORE_ALERT_HISTORY, SurgewatchTopology.STORY_KEY, hop, partition -> {
      final List<SurgeAlert> h = history(alertId, partition);
      final SurgeAlert opened = AlertHistory.opened(h);
      final SurgeAlert chosen = switch (at) {
        case "opened" -> opened;
        case "latest" -> AlertHistory.latest(h);
        case "peak" -> AlertHistory.peak(h);
        default -> throw new IllegalArgumentException("'at' must be opened, peak or latest, got '" + at + "'");
      };
      final CubeKey key = new CubeKey(chosen.getCountry(), chosen.getRegion(), chosen.getGroup());
      final LocalDate baselineTo = opened.getWindowStart().minusDays(1);
      final String path = "/api/v1/drivers?country=" + enc(key.country()) + "&region=" + enc(key.region())
          + "&group=" + enc(key.group()) + "&metric=" + chosen.getMetric() + "&from=" + chosen.getWindowStart()
          + "&to=" + chosen.getWindowEnd() + "&baselineTo=" + baselineTo;
      final ObjectNode out = (ObjectNode) json(drivers(key, chosen.getMetric(), chosen.getWindowStart(),
          chosen.getWindowEnd(), baselineTo, new Hop(path, hop.authorization(), false)));
      out.put("alertId", alertId).put("at", at).put("sequence", chosen.getSequence())
          .put("severity", chosen.getSeverity().name()).put("alertObserved", chosen.getObserved())
          .put("alertExpected", chosen.getExpected());
      return out;
    });
  }

  /**
   * The drill-down keys of a rollup key (its regions when region is {@code *}, its groups when group is {@code *};
   * within its country's shard) with each one's observed value of {@code metric} from {@code from} to {@code to},
   * its expected value (the mean of the {@code surge.baseline-days} before {@code baselineTo}, inclusive, in blocks
   * as long as the window) and its share of the key's excess (observed minus expected), largest excess first.
   */
  public Answer drivers(final CubeKey key, final String metric, final LocalDate from, final LocalDate to,
      final LocalDate baselineTo, final Hop hop) {
    final int m = java.util.Arrays.asList(io.surgewatch.streams.engine.Tally.METRIC_NAMES).indexOf(metric);
    if (m < 0) {
      throw new IllegalArgumentException("'metric' must be incidents, killed or injured, got '" + metric + "'");
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
    }
    final int days = (int) (to.toEpochDay() - from.toEpochDay() + 1);
    final int baseEnd = (int) (baselineTo == null ? from.minusDays(1) : baselineTo).toEpochDay();
    final int baseFrom = baseEnd - baselineBlocks * days + 1;
    return routed(SurgewatchTopology.STORE_BUCKETS, key.shard(), hop, partition -> {
      final ReadOnlyKeyValueStore<String, byte[]> buckets = store(SurgewatchTopology.STORE_BUCKETS, partition);
      final ReadOnlyKeyValueStore<String, byte[]> keys = store(SurgewatchTopology.STORE_CUBE_KEYS, partition);
      final List<CubeKey> regions = new ArrayList<>();
      final List<CubeKey> groups = new ArrayList<>();
      try (KeyValueIterator<String, byte[]> it = keys.range(key.country() + '|', key.country() + "|\uffff")) {
        it.forEachRemaining(kv -> {
          final CubeKey k = CubeKey.parse(kv.key);
          if (!k.country().equals(key.country())) {
            return;
          }
          if (CubeKey.ALL.equals(key.region()) && !CubeKey.ALL.equals(k.region()) && k.group().equals(key.group())) {
            regions.add(k);
          }
          if (CubeKey.ALL.equals(key.group()) && !CubeKey.ALL.equals(k.group()) && k.region().equals(key.region())) {
            groups.add(k);
          }
        });
      }
      final ObjectNode out = keyNode(key).put("metric", metric).put("from", from.toString()).put("to", to.toString());
      out.put("baselineFrom", LocalDate.ofEpochDay(baseFrom).toString())
          .put("baselineTo", LocalDate.ofEpochDay(baseEnd).toString()).put("baselineBlocks", baselineBlocks);
      final double[] whole = figures(buckets, key, m, from, to, baseFrom, baseEnd);
      final double excess = whole[0] - whole[1];
      out.put("observed", (long) whole[0]).put("expected", round(whole[1])).put("excess", round(excess));
      out.set("regions", driverList(buckets, regions, m, from, to, baseFrom, baseEnd, excess));
      out.set("groups", driverList(buckets, groups, m, from, to, baseFrom, baseEnd, excess));
      return out;
    });
  }

  private ArrayNode driverList(final ReadOnlyKeyValueStore<String, byte[]> buckets, final List<CubeKey> keys,
      final int m, final LocalDate from, final LocalDate to, final int baseFrom, final int baseEnd, final double excess) {
    final List<ObjectNode> rows = new ArrayList<>();
    for (final CubeKey k : keys) {
      final double[] f = figures(buckets, k, m, from, to, baseFrom, baseEnd);
      if (f[0] == 0 && f[1] == 0) {
        continue;
      }
      final ObjectNode row = keyNode(k).put("observed", (long) f[0]).put("expected", round(f[1]))
          .put("excess", round(f[0] - f[1]));
      row.put("share", excess > 0 ? round((f[0] - f[1]) / excess) : null);
      rows.add(row);
    }
    rows.sort(Comparator.comparingDouble((ObjectNode r) -> -r.get("excess").asDouble())
        .thenComparing(r -> r.get("region").asText() + '|' + r.get("group").asText()));
    final ArrayNode out = EventJson.MAPPER.createArrayNode();
    rows.forEach(out::add);
    return out;
  }

  /** Observed over [from, to] and expected (baseline total / blocks) of one key. */
  private double[] figures(final ReadOnlyKeyValueStore<String, byte[]> buckets, final CubeKey k, final int m,
      final LocalDate from, final LocalDate to, final int baseFrom, final int baseEnd) {
    final long observed = io.surgewatch.streams.engine.Tally.metric(
        sum(buckets, k, (int) from.toEpochDay(), (int) to.toEpochDay()), m);
    final long base = io.surgewatch.streams.engine.Tally.metric(sum(buckets, k, baseFrom, baseEnd), m);
    return new double[] {observed, (double) base / baselineBlocks};
  }

  private static double round(final double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String enc(final String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * An incident's winning report (its JSON form) from the stage-1 task that owns its id, with {@code link}: the
   * source's URL when it is an http or https URL, else null.
   */
  public Answer incident(final String id, final Hop hop) {
    return routed(SurgewatchTopology.STORE_INCIDENTS, id, hop, partition -> {
      final byte[] bytes = this.<byte[]>store(SurgewatchTopology.STORE_INCIDENTS, partition).get(id);
      if (bytes == null) {
        throw new NotFoundException("no incident " + id);
      }
      final io.surgewatch.events.v1.IncidentEvent e = incidentReader.get().deserialize(null, bytes);
      final ObjectNode out = EventJson.toTree(e);
      out.put("link", e.getSource() == null ? null : safeLink(e.getSource().getUrl()));
      return out;
    });
  }

  /** An http(s) URL, or null: a page may link it without running anything. */
  static String safeLink(final String url) {
    if (url == null) {
      return null;
    }
    try {
      final java.net.URI u = new java.net.URI(url.trim());
      final String scheme = u.getScheme();
      return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && u.getHost() != null ? u.toString() : null;
    } catch (final java.net.URISyntaxException e) {
      return null;
    }
  }

  private static JsonNode json(final Answer answer) {
    if (answer.status() == 404) {
      throw new NotFoundException(parse(answer.body()).path("detail").asText("not found"));
    }
    if (answer.status() != 200) {
      throw new NotReadyException("another instance answered " + answer.status(), null);
    }
    return parse(answer.body());
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
      final KeyQueryMetadata md = CUBE_STORES.contains(storeName)
          ? streams.queryMetadataForKey(storeName, key, SHARDS)
          : streams.queryMetadataForKey(storeName, key, STRINGS);
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
