package io.surgewatch.streams.query;

import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive queries over the running app's stores, answered as JSON, by resource: counts,
 * drivers, alerts, statements and incidents. Each runs where its data lives ({@link QueryRouter}):
 * the count series in the task of the key's shard ({@link CubeKey#shard}), a rollup's drivers on
 * every instance (its drill-downs sit on other shards) and a region's on its shard's, alerts and
 * statements in the single story task (one by its id in the statement-intake task of the id),
 * incidents in the stage-1 task of their id, cube keys and statement counts everywhere (fanned out
 * and merged).
 */
public final class QueryService {
  private final QueryRouter router;
  private final List<String> windows;
  private final CountQueries counts;
  private final DriverQueries drivers;
  private final AlertQueries alerts;
  private final StatementQueries statements;
  private final IncidentQueries incidents;
  private final KeySpelling spelling;

  /**
   * @param self this instance's {@code application.server}, or null when not set (a single
   *     instance)
   * @param windowDays the published window sizes (windows.days)
   * @param counted the source event types counted as incidents (incidents.counted-types)
   * @param deadLetterTopic the dead-letter topic, where a refused report's dead letter is
   * @param statementTimelineDays days the statements timeline keeps (statement.timeline-days)
   * @param statementIdDays days statements are kept by id ({@link
   *     SurgewatchTopology#statementIdDays})
   */
  public QueryService(
      final KafkaStreams streams,
      final HostInfo self,
      final List<Integer> windowDays,
      final int baselineBlocks,
      final EventTypes counted,
      final String deadLetterTopic,
      final int statementTimelineDays,
      final int statementIdDays) {
    this.router = new QueryRouter(streams, self);
    this.windows = windowDays.stream().map(d -> "P" + d + "D").toList();
    this.counts = new CountQueries(router, windows);
    this.drivers = new DriverQueries(router, baselineBlocks);
    this.alerts = new AlertQueries(router, counts, drivers);
    this.statements = new StatementQueries(router, statementTimelineDays, statementIdDays);
    this.incidents = new IncidentQueries(router, counted, deadLetterTopic);
    this.spelling = new KeySpelling(counts);
  }

  public static QueryService of(final KafkaStreams streams, final SurgewatchConfig config) {
    final String server = config.getOrNull(StreamsConfig.APPLICATION_SERVER_CONFIG);
    return new QueryService(
        streams,
        server == null ? null : HostInfo.buildFromEndpoint(server),
        config.getIntList(Keys.WINDOWS_DAYS),
        EngineConfig.from(config).baselineBlocks(),
        EventTypes.of(config.getList(Keys.INCIDENTS_COUNTED_TYPES)),
        Topics.from(config).deadLetter().name(),
        config.getInt(Keys.STATEMENT_TIMELINE_DAYS),
        SurgewatchTopology.statementIdDays(config));
  }

  /** The published windows, as the counts API names them ({@code P7D}, ...). */
  public List<String> windows() {
    return windows;
  }

  public KeySpelling spelling() {
    return spelling;
  }

  public CountQueries counts() {
    return counts;
  }

  public DriverQueries drivers() {
    return drivers;
  }

  public AlertQueries alerts() {
    return alerts;
  }

  public StatementQueries statements() {
    return statements;
  }

  public IncidentQueries incidents() {
    return incidents;
  }

  /**
   * Entries of a store on this instance (RocksDB's estimate), for metrics; -1 when it is not
   * queryable.
   */
  public long approximateEntries(final String storeName) {
    return router.approximateEntries(storeName);
  }

  /** Queries this instance sent on to another that did not answer (down, hung or cut off). */
  public long unansweredForwards() {
    return router.unansweredForwards();
  }

  /** Reads of this instance's standby copies for an instance that did not answer. */
  public long standbyReads() {
    return router.standbyReads();
  }
}
