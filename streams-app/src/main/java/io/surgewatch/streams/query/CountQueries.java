package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import io.surgewatch.engine.Tally;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The cube's keys and their rolling counts: the keys there are, a key's daily series, and the
 * current window of several keys. Series run in the task of the key's shard ({@link
 * CubeKey#shard}); the keys exist on every instance and are fanned out and merged.
 */
public final class CountQueries {
  private static final StringSerializer PREFIX = new StringSerializer();
  private final QueryRouter router;
  private final List<String> windows;

  /**
   * @param windows the published windows ({@code P7D}, ...) a series may be asked for
   */
  CountQueries(final QueryRouter router, final List<String> windows) {
    this.router = router;
    this.windows = windows;
  }

  /** The cube keys that exist on every instance, optionally of one country, sorted. */
  public Answer keys(final String country, final Hop hop) {
    return router.fanOut(
        hop,
        SurgewatchTopology.STORE_CUBE_KEYS,
        "keys",
        partition -> {
          final TreeSet<String> ids = new TreeSet<>();
          final ReadOnlyKeyValueStore<String, byte[]> store =
              router.store(SurgewatchTopology.STORE_CUBE_KEYS, partition);
          // One country's keys are the ids that start with its code: read those alone.
          try (KeyValueIterator<String, byte[]> it =
              country == null ? store.all() : store.prefixScan(country + '|', PREFIX)) {
            it.forEachRemaining(kv -> ids.add(kv.key));
          }
          final ArrayNode keys = EventJson.MAPPER.createArrayNode();
          ids.stream().map(CubeKey::parse).forEach(k -> keys.add(CubeKeyJson.of(k)));
          return keys;
        },
        CubeKeyJson.BY_KEY);
  }

  /**
   * The daily series of one key and window from {@code from} to {@code to} (inclusive; null for
   * unbounded), computed from the key's daily buckets, up to the latest event day its shard has
   * seen (the same values the counts topic carries). With {@code fill}, every day; without, the
   * change points only (the days the topic has a record for). History reaches back {@code
   * history.days} (all of it by default).
   */
  public Answer series(
      final CubeKey key,
      final String window,
      final LocalDate from,
      final LocalDate to,
      final boolean fill,
      final Hop hop) {
    if (!windows.contains(window)) {
      throw new IllegalArgumentException("window must be one of " + windows + ", got " + window);
    }
    final int days = Integer.parseInt(window.substring(1, window.length() - 1));
    return router.routed(
        SurgewatchTopology.STORE_BUCKETS,
        key.shard(),
        hop,
        partition -> {
          final DailyBuckets buckets = new DailyBuckets(router, partition);
          final LocalDate latest = buckets.latestDay();
          // From the bucket that leaves the window on the first day wanted: that day is a change
          // point when it differs from the day before, whose window starts one day earlier.
          final int scanFrom = from == null ? -1_000_000 + 1 : (int) from.toEpochDay() - days;
          final int scanTo =
              (int) (to == null ? (latest == null ? LocalDate.now() : latest) : to).toEpochDay();
          final TreeMap<Integer, long[]> tallies = buckets.tallies(key, scanFrom, scanTo);
          if (tallies.isEmpty()) {
            buckets.requireKnown(List.of(key));
          }
          final LocalDate end =
              latest == null ? null : to == null || latest.isBefore(to) ? latest : to;
          final ObjectNode out = CubeKeyJson.of(key).put("window", window).put("filled", fill);
          out.put("from", from == null ? null : from.toString())
              .put("to", to == null ? null : to.toString());
          out.put("latestDay", latest == null ? null : latest.toString());
          final ArrayNode points = out.putArray("points");
          if (end == null) {
            return out;
          }
          if (tallies.isEmpty()) {
            // No incident in any window of the range: after the key's last one left them, each
            // day reads 0 (the zero its last record on the counts topic carries forward); before
            // its first, there is no series yet.
            if (fill && from != null && buckets.anyBefore(key, scanFrom)) {
              final RollingCount zero =
                  count(key, window, days, (int) from.toEpochDay() - 1, new long[Tally.SIZE]);
              CountSeries.points(zero, List.of(), from, end, true, days).forEach(points::add);
            }
            return out;
          }
          // Roll the window day by day over the buckets; a day is a change point when its value
          // differs from the day before.
          final int first = from != null ? (int) from.toEpochDay() : tallies.firstKey();
          final List<RollingCount> changes = new ArrayList<>();
          RollingCount carried = null;
          boolean seen = false;
          long[] sum = new long[Tally.SIZE];
          long[] previous = null;
          for (int d = Math.min(first, tallies.firstKey()); d <= end.toEpochDay(); d++) {
            final long[] entering = tallies.get(d);
            final long[] leaving = tallies.get(d - days);
            if (entering != null) {
              Tally.add(sum, entering);
            }
            if (leaving != null) {
              Tally.subtract(sum, leaving);
            }
            final boolean changed =
                previous == null ? !Tally.isZero(sum) : !Arrays.equals(sum, previous);
            previous = sum.clone();
            seen |= !Tally.isZero(sum);
            if (d == first - 1 && seen) {
              // The value carried into the first day: the only day before it whose window is
              // whole in what was scanned.
              carried = count(key, window, days, d, sum);
            } else if (changed && d >= first) {
              changes.add(count(key, window, days, d, sum));
            }
          }
          if (carried == null
              && from != null
              && (tallies.firstKey() < first || buckets.anyBefore(key, scanFrom))) {
            // No incident in the window of the day before the range, but the key had some before:
            // the range starts from the zero its last record carries forward, as filled days after
            // the key's last incident do, not from its next change.
            carried = count(key, window, days, first - 1, new long[Tally.SIZE]);
          }
          if (carried == null && changes.isEmpty()) {
            // Buckets, all at zero: the key's incidents were revised away. It reads as zeros (as
            // its records on the counts topic do), not as a series with no data.
            changes.add(
                count(
                    key, window, days, Math.max(first, tallies.firstKey()), new long[sum.length]));
          }
          CountSeries.points(carried, changes, from, end, fill, days).forEach(points::add);
          return out;
        });
  }

  /**
   * The rolling totals of keys over the {@code days} days ending on the latest day of each key's
   * shard (the last point of the counts API's series for a window of that length), asked of each
   * shard's owner. {@code latestDay} is the latest of those days; each count's own end is its
   * shard's.
   */
  public Answer current(final List<CubeKey> keys, final int days, final Hop hop) {
    checkDays(days);
    final Map<String, List<CubeKey>> byShard = byShard(keys);
    if (byShard.size() == 1) {
      return currentOfShard(byShard.keySet().iterator().next(), keys, days, hop);
    }
    if (hop.forwarded()) {
      // Instances forward one shard's keys at a time: this one asks for another's now.
      throw new NotReadyException("keys of several shards in a forwarded request", null);
    }
    final ObjectNode out = EventJson.MAPPER.createObjectNode().put("days", days);
    final ArrayNode counts = EventJson.MAPPER.createArrayNode();
    String latest = null;
    final List<String> unknown = new ArrayList<>(); // every shard's, not the first's alone
    for (final Map.Entry<String, List<CubeKey>> e : byShard.entrySet()) {
      final JsonNode body;
      try {
        body =
            QueryRouter.body(
                currentOfShard(
                    e.getKey(),
                    e.getValue(),
                    days,
                    currentHop(e.getValue(), days, hop.authorization())));
      } catch (final NotFoundException notFound) {
        unknown.add(notFound.getMessage());
        continue;
      }
      final String day = body.path("latestDay").asText(null);
      if (day != null && (latest == null || day.compareTo(latest) > 0)) {
        latest = day;
      }
      body.path("counts").forEach(counts::add);
      if (body.path("stale").asBoolean()) {
        out.put("stale", true); // a shard read from a standby copy
      }
    }
    if (!unknown.isEmpty()) {
      throw new NotFoundException(String.join("; ", unknown));
    }
    out.put("latestDay", latest);
    out.set("counts", counts);
    return new Answer(200, out.toString());
  }

  /**
   * As {@link #current}, the counts only, leaving out the keys of a shard that cannot answer now
   * (for answers where current figures are a convenience beside the main ones).
   */
  List<JsonNode> currentOfEach(final List<CubeKey> keys, final int days, final String auth) {
    final List<JsonNode> counts = new ArrayList<>();
    byShard(keys)
        .forEach(
            (shard, ks) -> {
              try {
                QueryRouter.body(currentOfShard(shard, ks, days, currentHop(ks, days, auth)))
                    .path("counts")
                    .forEach(counts::add);
              } catch (final NotReadyException | NotFoundException e) {
                // this shard's keys go without
              }
            });
    return counts;
  }

  private static Map<String, List<CubeKey>> byShard(final List<CubeKey> keys) {
    final Map<String, List<CubeKey>> byShard = new LinkedHashMap<>();
    keys.forEach(k -> byShard.computeIfAbsent(k.shard(), s -> new ArrayList<>()).add(k));
    return byShard;
  }

  /** The request another instance gets for one shard's keys. */
  private static Hop currentHop(final List<CubeKey> keys, final int days, final String auth) {
    final StringBuilder path = new StringBuilder("/api/v1/counts/current?days=").append(days);
    keys.forEach(
        k ->
            path.append("&key=")
                .append(URLEncoder.encode(k.id(), StandardCharsets.UTF_8).replace("+", "%20")));
    return new Hop(path.toString(), auth, false);
  }

  /** A bad request unless {@code days} is a span the current figures can be asked for. */
  public static void checkDays(final int days) {
    if (days < 1 || days > 10_000) {
      throw new IllegalArgumentException("'days' must be from 1 to 10000, got " + days);
    }
  }

  private Answer currentOfShard(
      final String shard, final List<CubeKey> keys, final int days, final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_BUCKETS,
        shard,
        hop,
        partition -> {
          final DailyBuckets buckets = new DailyBuckets(router, partition);
          final LocalDate latest = buckets.latestDay();
          final ObjectNode out = EventJson.MAPPER.createObjectNode().put("days", days);
          out.put("latestDay", latest == null ? null : latest.toString());
          buckets.requireKnown(keys);
          final ArrayNode counts = out.putArray("counts");
          if (latest == null) {
            return out;
          }
          final int to = (int) latest.toEpochDay();
          for (final CubeKey k : keys) {
            final long[] sum = buckets.sum(k, to - days + 1, to);
            counts.add(EventJson.toTree(count(k, "P" + days + "D", days, to, sum)));
          }
          return out;
        });
  }

  /**
   * The key's rolling count (as the counts topic has it) for the window of {@code days} ending on
   * {@code day}.
   */
  private static RollingCount count(
      final CubeKey key, final String window, final int days, final int day, final long[] v) {
    final LocalDate end = LocalDate.ofEpochDay(day);
    return new RollingCount(
        key.country(),
        key.region(),
        key.group(),
        window,
        end.minusDays(days - 1L),
        end,
        v[Tally.INCIDENTS],
        Tally.killed(v),
        Tally.injured(v),
        Tally.killedBy(v),
        Tally.injuredBy(v));
  }
}
