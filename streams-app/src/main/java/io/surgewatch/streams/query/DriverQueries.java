package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.streams.engine.Tally;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What drives a rollup key's excess: its drill-down keys' observed and expected values and their
 * shares of the excess, from the same daily buckets as the counts, in the task of the key's shard.
 */
public final class DriverQueries {
  private final QueryRouter router;
  private final int baselineBlocks;

  /**
   * @param baselineBlocks how many windows the baseline spans (its expected value is their mean)
   */
  DriverQueries(final QueryRouter router, final int baselineBlocks) {
    this.router = router;
    this.baselineBlocks = baselineBlocks;
  }

  /**
   * The drill-down keys of a rollup key (its regions when region is {@code *}, its groups when
   * group is {@code *}; within its country's shard) with each one's observed value of {@code
   * metric} from {@code from} to {@code to}, its expected value (the mean of the {@code
   * surge.baseline-days} before {@code baselineTo}, inclusive, in blocks as long as the window) and
   * its share of the key's excess (observed minus expected), largest excess first.
   */
  public Answer ofKey(
      final CubeKey key,
      final String metric,
      final LocalDate from,
      final LocalDate to,
      final LocalDate baselineTo,
      final Hop hop) {
    final int m = Arrays.asList(Tally.METRIC_NAMES).indexOf(metric);
    if (m < 0) {
      throw new IllegalArgumentException(
          "'metric' must be incidents, killed or injured, got '" + metric + "'");
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
    }
    final int days = (int) (to.toEpochDay() - from.toEpochDay() + 1);
    final int baseEnd = (int) (baselineTo == null ? from.minusDays(1) : baselineTo).toEpochDay();
    final int baseFrom = baseEnd - baselineBlocks * days + 1;
    return router.routed(
        SurgewatchTopology.STORE_BUCKETS,
        key.shard(),
        hop,
        partition -> {
          final DailyBuckets buckets = new DailyBuckets(router, partition);
          final ReadOnlyKeyValueStore<String, byte[]> keys =
              router.store(SurgewatchTopology.STORE_CUBE_KEYS, partition);
          final List<CubeKey> regions = new ArrayList<>();
          final List<CubeKey> groups = new ArrayList<>();
          try (KeyValueIterator<String, byte[]> it =
              keys.range(key.country() + '|', key.country() + "|\uffff")) {
            it.forEachRemaining(
                kv -> {
                  final CubeKey k = CubeKey.parse(kv.key);
                  if (!k.country().equals(key.country())) {
                    return;
                  }
                  if (CubeKey.ALL.equals(key.region())
                      && !CubeKey.ALL.equals(k.region())
                      && k.group().equals(key.group())) {
                    regions.add(k);
                  }
                  if (CubeKey.ALL.equals(key.group())
                      && !CubeKey.ALL.equals(k.group())
                      && k.region().equals(key.region())) {
                    groups.add(k);
                  }
                });
          }
          final ObjectNode out =
              CubeKeyJson.of(key)
                  .put("metric", metric)
                  .put("from", from.toString())
                  .put("to", to.toString());
          out.put("baselineFrom", LocalDate.ofEpochDay(baseFrom).toString())
              .put("baselineTo", LocalDate.ofEpochDay(baseEnd).toString())
              .put("baselineBlocks", baselineBlocks);
          final double[] whole = figures(buckets, key, m, from, to, baseFrom, baseEnd);
          final double excess = whole[0] - whole[1];
          out.put("observed", (long) whole[0])
              .put("expected", round(whole[1]))
              .put("excess", round(excess));
          out.set("regions", driverList(buckets, regions, m, from, to, baseFrom, baseEnd, excess));
          out.set("groups", driverList(buckets, groups, m, from, to, baseFrom, baseEnd, excess));
          return out;
        });
  }

  private ArrayNode driverList(
      final DailyBuckets buckets,
      final List<CubeKey> keys,
      final int m,
      final LocalDate from,
      final LocalDate to,
      final int baseFrom,
      final int baseEnd,
      final double excess) {
    final List<ObjectNode> rows = new ArrayList<>();
    for (final CubeKey k : keys) {
      final double[] f = figures(buckets, k, m, from, to, baseFrom, baseEnd);
      if (f[0] == 0 && f[1] == 0) {
        continue;
      }
      final ObjectNode row =
          CubeKeyJson.of(k)
              .put("observed", (long) f[0])
              .put("expected", round(f[1]))
              .put("excess", round(f[0] - f[1]));
      row.put("share", excess > 0 ? round((f[0] - f[1]) / excess) : null);
      rows.add(row);
    }
    rows.sort(
        Comparator.comparingDouble((ObjectNode r) -> -r.get("excess").asDouble())
            .thenComparing(r -> r.get("region").asText() + '|' + r.get("group").asText()));
    final ArrayNode out = EventJson.MAPPER.createArrayNode();
    rows.forEach(out::add);
    return out;
  }

  /** Observed over [from, to] and expected (baseline total / blocks) of one key. */
  private double[] figures(
      final DailyBuckets buckets,
      final CubeKey k,
      final int m,
      final LocalDate from,
      final LocalDate to,
      final int baseFrom,
      final int baseEnd) {
    final long observed =
        Tally.metric(buckets.sum(k, (int) from.toEpochDay(), (int) to.toEpochDay()), m);
    final long base = Tally.metric(buckets.sum(k, baseFrom, baseEnd), m);
    return new double[] {observed, (double) base / baselineBlocks};
  }

  private static double round(final double v) {
    return Math.round(v * 100) / 100.0;
  }
}
