package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.AlertHistory;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Alerts from the history store of the single story task, one entry per alert ({@link AlertEntry})
 * with {@code current}: the alert's metric over a window of the same length ending on the latest
 * day its key's shard has seen, asked of that shard's owner through the count queries (null while
 * that shard cannot answer). Also what drives an alert, through the driver queries.
 */
public final class AlertQueries {
  private static final int MAX_ALERTS = 10_000;

  private final QueryRouter router;
  private final CountQueries counts;
  private final DriverQueries drivers;

  AlertQueries(final QueryRouter router, final CountQueries counts, final DriverQueries drivers) {
    this.router = router;
    this.counts = counts;
    this.drivers = drivers;
  }

  /**
   * Which alerts a query asks for: those whose key parts are the asked ones ({@code exact}); when
   * none is, those whose region and group are the asked ones in the matching form ({@link
   * Canonicalizer#matchingForm}), for a name the alias tables lack is stored as its source wrote it
   * and "rsf/janjaweed" asks for the alerts of "RSF/Janjaweed".
   */
  public record Filter(Predicate<SurgeAlert> exact, Predicate<SurgeAlert> inOtherWriting) {}

  /** The alerts of the given country, region and group; a null part matches anything. */
  public static Filter matching(final String country, final String region, final String group) {
    final String regionForm = formOf(region);
    final String groupForm = formOf(group);
    return new Filter(
        a ->
            (country == null || a.getCountry().equals(country))
                && (region == null || a.getRegion().equals(region))
                && (group == null || a.getGroup().equals(group)),
        a ->
            (country == null || a.getCountry().equals(country))
                && (region == null || sameName(a.getRegion(), region, regionForm))
                && (group == null || sameName(a.getGroup(), group, groupForm)));
  }

  private static String formOf(final String name) {
    return name == null || CubeKey.ALL.equals(name) ? name : Canonicalizer.matchingForm(name);
  }

  private static boolean sameName(final String stored, final String asked, final String form) {
    return stored.equals(asked)
        || !CubeKey.ALL.equals(asked)
            && !CubeKey.ALL.equals(stored)
            && Canonicalizer.matchingForm(stored).equals(form);
  }

  /**
   * Every alert that is open or escalated now, one entry each, by current severity (the latest
   * transition's), then recency.
   */
  public Answer open(final Filter filter, final Hop hop) {
    return list(filter, true, 0, MAX_ALERTS, hop);
  }

  /**
   * Every alert, one entry each: open ones, then resolved ones, then withdrawn ones, each by peak
   * severity, then recency: at most {@code limit} of them, after the first {@code offset}. {@code
   * total} counts them all, so a caller pages on until offset reaches it.
   */
  public Answer recent(final Filter filter, final int offset, final int limit, final Hop hop) {
    return list(filter, false, offset, limit, hop);
  }

  private Answer list(
      final Filter filter,
      final boolean openOnly,
      final int offset,
      final int limit,
      final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_ALERT_HISTORY,
        SurgewatchTopology.STORY_KEY,
        hop,
        partition -> {
          final List<List<SurgeAlert>> exact = new ArrayList<>();
          final List<List<SurgeAlert>> otherwise = new ArrayList<>();
          final ReadOnlyKeyValueStore<String, byte[]> store =
              router.store(SurgewatchTopology.STORE_ALERT_HISTORY, partition);
          try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(
                kv -> {
                  final List<SurgeAlert> h = AlertHistory.decode(kv.value);
                  final SurgeAlert latest = h.isEmpty() ? null : AlertHistory.latest(h);
                  if (latest == null || openOnly && !isOpen(latest)) {
                    return;
                  }
                  if (filter.exact().test(latest)) {
                    exact.add(h);
                  } else if (exact.isEmpty() && filter.inOtherWriting().test(latest)) {
                    otherwise.add(h);
                  }
                });
          }
          final List<List<SurgeAlert>> found = exact.isEmpty() ? otherwise : exact;
          final Comparator<List<SurgeAlert>> severity =
              Comparator.comparingInt(
                  h ->
                      -AlertHistory.rank(
                          (openOnly ? AlertHistory.latest(h) : AlertHistory.peak(h))
                              .getSeverity()));
          found.sort(
              Comparator.comparingInt((List<SurgeAlert> h) -> standing(AlertHistory.latest(h)))
                  .thenComparing(severity)
                  .thenComparing(
                      (List<SurgeAlert> h) -> AlertHistory.latest(h).getWindowEnd(),
                      Comparator.reverseOrder())
                  .thenComparing(h -> AlertHistory.latest(h).getAlertId()));
          final ObjectNode out = EventJson.MAPPER.createObjectNode();
          out.put("total", found.size());
          if (!openOnly) {
            out.put("offset", offset);
          }
          final ArrayNode alerts = out.putArray("alerts");
          final List<List<SurgeAlert>> page = found.stream().skip(offset).limit(limit).toList();
          final Map<String, JsonNode> current =
              current(page.stream().map(AlertHistory::latest).toList(), hop);
          page.forEach(
              h -> {
                final ObjectNode e = AlertEntry.of(h);
                final SurgeAlert latest = AlertHistory.latest(h);
                e.set(
                    "current",
                    AlertEntry.current(current.get(currentKey(latest)), latest.getMetric()));
                alerts.add(e);
              });
          return out;
        });
  }

  /**
   * One alert: its entry (as in the list) and {@code transitions}, every transition in sequence
   * order.
   */
  public Answer alert(final String alertId, final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_ALERT_HISTORY,
        SurgewatchTopology.STORY_KEY,
        hop,
        partition -> {
          final List<SurgeAlert> h = history(alertId, partition);
          final ObjectNode e = AlertEntry.of(h);
          final SurgeAlert latest = AlertHistory.latest(h);
          final JsonNode c = current(List.of(latest), hop).get(currentKey(latest));
          e.set("current", AlertEntry.current(c, latest.getMetric()));
          final ArrayNode transitions = e.putArray("transitions");
          h.forEach(a -> transitions.add(EventJson.toTree(a)));
          return e;
        });
  }

  /**
   * What drives an alert on a rollup: its drill-down keys' shares of the excess over the baseline,
   * for the window of the alert's peak transition ({@code at}: {@code opened}, {@code peak} or
   * {@code latest}) against the baseline the alert opened on (the blocks before its opening
   * window), computed from the same daily buckets as the counts API.
   */
  public Answer drivers(final String alertId, final String at, final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_ALERT_HISTORY,
        SurgewatchTopology.STORY_KEY,
        hop,
        partition -> {
          final List<SurgeAlert> h = history(alertId, partition);
          final SurgeAlert opened = AlertHistory.opened(h);
          final SurgeAlert chosen =
              switch (at) {
                case "opened" -> opened;
                case "latest" -> AlertHistory.latest(h);
                case "peak" -> AlertHistory.peak(h);
                default ->
                    throw new IllegalArgumentException(
                        "'at' must be opened, peak or latest, got '" + at + "'");
              };
          final CubeKey key =
              new CubeKey(chosen.getCountry(), chosen.getRegion(), chosen.getGroup());
          final LocalDate baselineTo = opened.getWindowStart().minusDays(1);
          final ObjectNode out =
              (ObjectNode)
                  QueryRouter.body(
                      drivers.ofKey(
                          new DriverQueries.Ask(
                              key,
                              chosen.getMetric(),
                              chosen.getWindowStart(),
                              chosen.getWindowEnd(),
                              baselineTo),
                          new Hop(hop.pathAndQuery(), hop.authorization(), false)));
          out.put("alertId", alertId)
              .put("at", at)
              .put("sequence", chosen.getSequence())
              .put("severity", chosen.getSeverity().name())
              .put("alertObserved", chosen.getObserved())
              .put("alertExpected", chosen.getExpected());
          return out;
        });
  }

  private List<SurgeAlert> history(final String alertId, final Integer partition) {
    final ReadOnlyKeyValueStore<String, byte[]> store =
        router.store(SurgewatchTopology.STORE_ALERT_HISTORY, partition);
    final List<SurgeAlert> h = AlertHistory.decode(store.get(alertId));
    if (h.isEmpty()) {
      throw new NotFoundException(
          "no alert "
              + alertId
              + " (an alert id is country|region|group|metric|the day it opened, written as on"
              + " the alerts topic, e.g. PK|Khyber Pakhtunkhwa|TTP|incidents|2023-01-30;"
              + " /api/v1/alerts?country=&region=&group= finds a key's alerts by names in any"
              + " writing)");
    }
    return h;
  }

  /**
   * The current window of each alert's key (keyed by {@link #currentKey}), asked once per window
   * length ({@link CountQueries#current} asks each shard's owner); a shard that cannot answer
   * leaves its alerts without current figures.
   */
  private Map<String, JsonNode> current(final List<SurgeAlert> alerts, final Hop hop) {
    final Map<Integer, TreeSet<String>> byDays = new TreeMap<>();
    for (final SurgeAlert a : alerts) {
      byDays
          .computeIfAbsent(windowDays(a), k -> new TreeSet<>())
          .add(new CubeKey(a.getCountry(), a.getRegion(), a.getGroup()).id());
    }
    final Map<String, JsonNode> out = new HashMap<>();
    byDays.forEach(
        (days, keys) ->
            counts
                .currentOfEach(
                    keys.stream().map(CubeKey::parse).toList(), days, hop.authorization())
                .forEach(
                    c ->
                        out.put(
                            c.get("country").asText()
                                + '|'
                                + c.get("region").asText()
                                + '|'
                                + c.get("group").asText()
                                + '|'
                                + days,
                            c)));
    return out;
  }

  private static String currentKey(final SurgeAlert a) {
    return new CubeKey(a.getCountry(), a.getRegion(), a.getGroup()).id() + '|' + windowDays(a);
  }

  private static int windowDays(final SurgeAlert a) {
    return (int) (a.getWindowEnd().toEpochDay() - a.getWindowStart().toEpochDay() + 1);
  }

  /**
   * Where an alert stands in the list: open ones first, then those that resolved (real surges,
   * over), then the withdrawn (revisions removed their basis: never a surge, whatever severity they
   * were told with).
   */
  private static int standing(final SurgeAlert latest) {
    if (isOpen(latest)) {
      return 0;
    }
    return latest.getStatus() == AlertStatus.WITHDRAWN ? 2 : 1;
  }

  private static boolean isOpen(final SurgeAlert a) {
    return a.getStatus() == AlertStatus.OPEN || a.getStatus() == AlertStatus.ESCALATED;
  }

  private static String enc(final String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
