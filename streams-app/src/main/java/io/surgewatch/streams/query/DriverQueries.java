package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import io.surgewatch.engine.Tally;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What drives a rollup key's excess: its drill-down keys' observed and expected values and their
 * shares of the excess, from the same daily buckets as the counts. A rollup's drill-downs live on
 * other shards than the rollup itself (a country's regions each on their region's, an all-countries
 * key's countries each on their country's rollup's, the grand total's groups each on their
 * group's), so every instance reads the ones its tasks hold ({@link #rows}) and the instance asked
 * puts them together. A region's key and its groups share one shard ({@link
 * io.surgewatch.core.ShardKeys}): those are read on that shard's owner alone.
 */
public final class DriverQueries {
  private static final StringSerializer PREFIX = new StringSerializer();

  /** The path of the part each instance answers for its own tasks. */
  public static final String ROWS_PATH = "/api/v1/drivers/rows";

  private final QueryRouter router;
  private final int baselineBlocks;

  /**
   * @param baselineBlocks how many windows the baseline spans (its expected value is their mean)
   */
  DriverQueries(final QueryRouter router, final int baselineBlocks) {
    this.router = router;
    this.baselineBlocks = baselineBlocks;
  }

  /** What a drivers query asks: the key, the metric, the window and the baseline's end. */
  public record Ask(
      CubeKey key, String metric, LocalDate from, LocalDate to, LocalDate baselineTo) {
    public Ask {
      metric(metric);
      if (from.isAfter(to)) {
        throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
      }
      if (baselineTo == null) {
        baselineTo = from.minusDays(1);
      }
    }

    /** {@code name} when it names a metric; else the bad request saying which do. */
    public static String metric(final String name) {
      if (Arrays.asList(Tally.METRIC_NAMES).indexOf(name) < 0) {
        throw new IllegalArgumentException(
            "'metric' must be incidents, killed or injured, got '" + name + "'");
      }
      return name;
    }

    int metricIndex() {
      return Arrays.asList(Tally.METRIC_NAMES).indexOf(metric);
    }

    /** The window's first and last epoch day. */
    int fromDay() {
      return (int) from.toEpochDay();
    }

    int toDay() {
      return (int) to.toEpochDay();
    }

    /** The baseline's last epoch day, inclusive. */
    int baselineEnd() {
      return (int) baselineTo.toEpochDay();
    }

    /** The baseline's first epoch day: {@code blocks} blocks as long as the window. */
    int baselineStart(final int blocks) {
      return baselineEnd() - blocks * (toDay() - fromDay() + 1) + 1;
    }

    /** Whether every key the answer needs sits on the key's own shard (a region's key). */
    boolean onOneShard() {
      return !CubeKey.ALL.equals(key.region());
    }

    String rowsPath() {
      return ROWS_PATH
          + "?country="
          + enc(key.country())
          + "&region="
          + enc(key.region())
          + "&group="
          + enc(key.group())
          + "&metric="
          + metric
          + "&from="
          + from
          + "&to="
          + to
          + "&baselineTo="
          + baselineTo;
    }
  }

  /**
   * The drill-down keys of a rollup key (its countries when country is {@code *}, its regions when
   * region is {@code *} in a country, its groups when group is {@code *}) with each one's observed
   * value of the metric over the window, its expected value (the mean of the {@code
   * surge.baseline-days} before {@code baselineTo}, inclusive, in blocks as long as the window) and
   * its share of the key's excess (observed minus expected), largest excess first.
   */
  public Answer ofKey(final Ask ask, final Hop hop) {
    final JsonNode found =
        QueryRouter.body(
            rows(
                ask, new Hop(ask.rowsPath(), hop.authorization(), hop.forwarded(), hop.standby())));
    double observed = 0;
    double expected = 0;
    boolean known = false;
    final List<JsonNode> countries = new ArrayList<>();
    final List<JsonNode> regions = new ArrayList<>();
    final List<JsonNode> groups = new ArrayList<>();
    for (final JsonNode row : found.get("rows")) {
      switch (row.get("kind").asText()) {
        case "key" -> {
          known = true;
          observed = row.get("observed").asDouble();
          expected = row.get("expected").asDouble();
        }
        case "country" -> countries.add(row);
        case "region" -> regions.add(row);
        default -> groups.add(row);
      }
    }
    if (!known) {
      throw NotFoundException.noCounts(List.of(ask.key()));
    }
    final double excess = observed - expected;
    final ObjectNode out =
        CubeKeyJson.of(ask.key())
            .put("metric", ask.metric())
            .put("from", ask.from().toString())
            .put("to", ask.to().toString());
    out.put("baselineFrom", LocalDate.ofEpochDay(ask.baselineStart(baselineBlocks)).toString())
        .put("baselineTo", ask.baselineTo().toString())
        .put("baselineBlocks", baselineBlocks);
    out.put("observed", (long) observed)
        .put("expected", round(expected))
        .put("excess", round(excess));
    out.set("countries", driverList(countries, excess));
    out.set("regions", driverList(regions, excess));
    out.set("groups", driverList(groups, excess));
    if (found.path("stale").asBoolean()) {
      out.put("stale", true); // some rows were read from a standby copy
    }
    return new Answer(200, out.toString());
  }

  /**
   * The key's own figures and its drill-downs': {@code rows}, each with its {@code kind} ({@code
   * key}, {@code country}, {@code region} or {@code group}), {@code observed} and {@code expected}.
   * A region's key is read on its shard's owner; a rollup's on this instance's tasks and (unless
   * this request was forwarded) every other instance's.
   */
  public Answer rows(final Ask ask, final Hop hop) {
    if (ask.onOneShard()) {
      return router.routed(
          SurgewatchTopology.STORE_CUBE_KEYS,
          ask.key().shard(),
          hop,
          partition -> {
            final ObjectNode out = EventJson.MAPPER.createObjectNode();
            out.set("rows", localRows(ask, partition));
            return out;
          });
    }
    return router.fanOut(
        hop,
        SurgewatchTopology.STORE_CUBE_KEYS,
        "rows",
        partition -> localRows(ask, partition),
        CubeKeyJson.BY_KEY);
  }

  /** The rows this instance's tasks hold: one partition's, or (null) all of them. */
  private ArrayNode localRows(final Ask ask, final Integer partition) {
    final CubeKey key = ask.key();
    final int m = ask.metricIndex();
    final int baseFrom = ask.baselineStart(baselineBlocks);
    final int baseEnd = ask.baselineEnd();
    final DailyBuckets buckets = new DailyBuckets(router, partition);
    final ReadOnlyKeyValueStore<String, byte[]> keys =
        router.store(SurgewatchTopology.STORE_CUBE_KEYS, partition);
    final ArrayNode rows = EventJson.MAPPER.createArrayNode();
    final Consumer<CubeKey> row =
        k -> {
          final String kind = kindOf(key, k);
          if (kind == null) {
            return;
          }
          final long observed = Tally.metric(buckets.sum(k, ask.fromDay(), ask.toDay()), m);
          final long base = Tally.metric(buckets.sum(k, baseFrom, baseEnd), m);
          rows.add(
              CubeKeyJson.of(k)
                  .put("kind", kind)
                  .put("observed", observed)
                  .put("expected", (double) base / baselineBlocks));
        };
    if (CubeKey.ALL.equals(key.country())) {
      // Its countries are one key of each country (c|*|g): looked up country by country, each
      // found by seeking past the one before, not by reading every key of every country.
      countries(
          keys,
          c -> {
            final CubeKey k = new CubeKey(c, CubeKey.ALL, key.group());
            if (keys.get(k.id()) != null) {
              row.accept(k);
            }
          });
    }
    try (KeyValueIterator<String, byte[]> it = keys.prefixScan(key.country() + '|', PREFIX)) {
      it.forEachRemaining(kv -> row.accept(CubeKey.parse(kv.key)));
    }
    return rows;
  }

  /**
   * Calls {@code found} with each country (not {@code *}) that has keys in {@code keys}, in order.
   * Ids are {@code country|region|group}, and '}' follows '|': a range from {@code c}'s code and
   * '}' starts past every key of {@code c}.
   */
  private static void countries(
      final ReadOnlyKeyValueStore<String, byte[]> keys, final Consumer<String> found) {
    String from = null;
    while (true) {
      final String country;
      try (KeyValueIterator<String, byte[]> it = keys.range(from, null)) {
        if (!it.hasNext()) {
          return;
        }
        final String id = it.next().key;
        country = id.substring(0, id.indexOf('|'));
      }
      if (!CubeKey.ALL.equals(country)) {
        found.accept(country);
      }
      from = country + '}';
    }
  }

  /**
   * How {@code k} stands to the asked {@code key}: itself, a country, region or group under it, or
   * null.
   */
  private static String kindOf(final CubeKey key, final CubeKey k) {
    if (CubeKey.ALL.equals(key.country())
        && !CubeKey.ALL.equals(k.country())
        && CubeKey.ALL.equals(k.region())
        && k.group().equals(key.group())) {
      return "country";
    }
    if (!k.country().equals(key.country())) {
      return null;
    }
    if (k.equals(key)) {
      return "key";
    }
    if (CubeKey.ALL.equals(key.region())
        && !CubeKey.ALL.equals(k.region())
        && k.group().equals(key.group())) {
      return "region";
    }
    if (CubeKey.ALL.equals(key.group())
        && !CubeKey.ALL.equals(k.group())
        && k.region().equals(key.region())) {
      return "group";
    }
    return null;
  }

  private static ArrayNode driverList(final List<JsonNode> found, final double excess) {
    final List<ObjectNode> rows = new ArrayList<>();
    for (final JsonNode f : found) {
      final double observed = f.get("observed").asDouble();
      final double expected = f.get("expected").asDouble();
      if (observed == 0 && expected == 0) {
        continue;
      }
      final ObjectNode row =
          CubeKeyJson.of(CubeKeyJson.key(f))
              .put("observed", (long) observed)
              .put("expected", round(expected))
              .put("excess", round(observed - expected));
      row.put("share", excess > 0 ? round((observed - expected) / excess) : null);
      rows.add(row);
    }
    rows.sort(
        Comparator.comparingDouble((ObjectNode r) -> -r.get("excess").asDouble())
            .thenComparing(CubeKeyJson.BY_KEY));
    final ArrayNode out = EventJson.MAPPER.createArrayNode();
    rows.forEach(out::add);
    return out;
  }

  private static double round(final double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String enc(final String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
