package io.surgewatch.core;

import java.util.Set;

/**
 * The names of the configuration keys Surgewatch reads. Each is declared, with its type, default,
 * validator and documentation, in {@link ConfigDeclarations}.
 */
public final class Keys {
  private Keys() {}

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String TOPIC_INCIDENTS = "topic.incidents";
  public static final String TOPIC_STATEMENTS = "topic.statements";
  public static final String TOPIC_COUNTS = "topic.counts";
  public static final String TOPIC_ALERTS = "topic.alerts";
  public static final String TOPIC_DEAD_LETTER = "topic.dead-letter";
  public static final String TOPIC_STATEMENT_COUNTS = "topic.statement-counts";

  /**
   * Partitions of the output topics and of the cube's internal repartition topic: the app's
   * parallelism.
   */
  public static final String TOPIC_PARTITIONS = "topic.partitions";

  /** Partitions of the input topics; 1 keeps one arrival order (see Topics). */
  public static final String TOPIC_INPUT_PARTITIONS = "topic.input-partitions";

  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication-factor";
  public static final String APPLICATION_ID = "application.id";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String STATE_DIR = "state.dir";
  public static final String WINDOWS_DAYS = "windows.days";
  public static final String GRACE_DAYS = "grace.days";
  public static final String SURGE_RECENT_DAYS = "surge.recent-days";
  public static final String SURGE_BASELINE_DAYS = "surge.baseline-days";
  public static final String SURGE_OPEN_SCORE = "surge.open-score";
  public static final String SURGE_RESOLVE_SCORE = "surge.resolve-score";
  public static final String SURGE_MIN_BASELINE_PER_WEEK = "surge.min-baseline-per-week";
  public static final String SURGE_MIN_RATIO = "surge.min-ratio";
  public static final String STATEMENT_CONTEXT_DAYS = "statement.context-days";

  /**
   * Days of history the app keeps, back from the latest reported-at: a report of a day inside it is
   * counted and every count record it changes re-emitted, however late it comes; older ones are
   * dead-lettered TOO_LATE. 0: no limit. One setting for stage 1, the cube and the query API.
   */
  public static final String HISTORY_DAYS = "history.days";

  /**
   * The old name of {@link #HISTORY_DAYS}, still read (a value given under it applies when
   * history.days is not).
   */
  public static final String QUERY_HISTORY_DAYS = "query.history-days";

  /**
   * The source event types counted as incidents (canonical names, see EventTypes); others are set
   * aside.
   */
  public static final String INCIDENTS_COUNTED_TYPES = "incidents.counted-types";

  /**
   * How often the streams app publishes the open day's figures (the newest day, which no later
   * report has closed yet), in milliseconds of wall-clock time.
   */
  public static final String OPEN_DAY_FLUSH_MS = "open-day.flush-ms";

  /**
   * How the cube writes its key heads and buckets: {@code compact} (variable-length numbers) or
   * {@code fixed} (the layouts earlier releases read), for rolling upgrades.
   */
  public static final String CUBE_STATE_LAYOUT = "cube.state-layout";

  /** Daily buckets a cube task holds decoded for the recent span (memory against store reads). */
  public static final String CUBE_SPAN_BUCKETS = "cube.span-buckets";

  public static final String CUBE_HELD_COUNT_RECORDS = "cube.held-count-records";

  public static final String PROGRESS_INTERVAL_MS = "progress.interval-ms";
  public static final String PROGRESS_IDLE_MS = "progress.idle-ms";
  public static final String PROGRESS_STATEMENTS_IDLE_MS = "progress.statements-idle-ms";
  public static final String DASHBOARD_HOST = "dashboard.host";
  public static final String DASHBOARD_PORT = "dashboard.port";
  public static final String DASHBOARD_CORS_ORIGINS = "dashboard.cors-origins";
  public static final String INGEST_HOST = "ingest.host";
  public static final String INGEST_PORT = "ingest.port";
  public static final String INGEST_MAX_BODY_BYTES = "ingest.max-body-bytes";

  /**
   * What the ingest API does with a region or group name that neither the alias tables nor the data
   * so far know for the report's country: {@code warn} (accept, with a NEW_NAME warning in the 202)
   * or {@code reject} (a 400).
   */
  public static final String INGEST_UNKNOWN_NAMES = "ingest.unknown-names";

  /**
   * The newest incident reports the ingest API reads back from the input topic at start (split over
   * its partitions), to learn the latest reported-at and the names in use before following the
   * topic; 0 reads none.
   */
  public static final String INGEST_SCAN_RECORDS = "ingest.scan-records";

  /** Bearer token protecting the ingest and query APIs; empty means no authentication. */
  public static final String API_TOKEN = "api.token";

  /**
   * How long {@code surgewatch alerts} holds back the later transitions of one alert (after its
   * first) to deliver them as one, in milliseconds; 0 coalesces only what arrives in the same poll.
   */
  public static final String ALERTS_DEBOUNCE_MS = "alerts.debounce-ms";

  /**
   * How many times within {@link #FAILURE_WINDOW_MS} a stream thread that failed for a reason other
   * than an outage (a bug, corrupt state, state built with other windows) is replaced; the next
   * such failure shuts the application down. Outages (broker or registry unreachable) are retried
   * however long they last.
   */
  public static final String FAILURE_MAX_REPLACEMENTS = "failure.max-replacements";

  /**
   * The window, in milliseconds, over which {@link #FAILURE_MAX_REPLACEMENTS} counts repeated
   * failures.
   */
  public static final String FAILURE_WINDOW_MS = "failure.window-ms";

  /**
   * Bearer token {@code surgewatch alerts --webhook} sends (environment:
   * SURGEWATCH_ALERTS_WEBHOOK_TOKEN).
   */
  public static final String ALERTS_WEBHOOK_TOKEN = "alerts.webhook-token";

  public static final String DATA_DIR = "data.dir";
  public static final String KAFKA_PORT = "kafka.port";
  public static final String REGISTRY_PORT = "registry.port";

  /**
   * Days a statement is kept for alert stories (was the constant
   * SurgewatchTopology.STATEMENT_RETENTION_DAYS).
   */
  public static final String STATEMENT_RETENTION_DAYS = "statement.retention-days";

  /**
   * Longest wait of the ingest API for the broker's acknowledgements before answering 503, in
   * milliseconds.
   */
  public static final String INGEST_ACK_TIMEOUT_MS = "ingest.ack-timeout-ms";

  /** Delivery timeout of the ingest API's producer, in milliseconds. */
  public static final String INGEST_PRODUCER_TIMEOUT_MS = "ingest.producer-timeout-ms";

  /**
   * Longest wait of the ingest API for its read-back of the input topic (see {@link
   * #INGEST_SCAN_RECORDS}).
   */
  public static final String INGEST_CATCH_UP_TIMEOUT_MS = "ingest.catch-up-timeout-ms";

  /** RocksDB's off-heap budget shared by every store of the streams app (was a system property). */
  public static final String ROCKSDB_TOTAL_OFF_HEAP_BYTES = "rocksdb.total-off-heap-bytes";

  /**
   * The part of {@link #ROCKSDB_TOTAL_OFF_HEAP_BYTES} memtables may use (was a system property).
   */
  public static final String ROCKSDB_TOTAL_MEMTABLE_BYTES = "rocksdb.total-memtable-bytes";

  /** Threads that parse one large backtest input; 0: one per core (was a system property). */
  public static final String BACKTEST_READ_THREADS = "backtest.read-threads";

  /** Cube threads of the backtest; 0: one per partition (was a system property). */
  public static final String BACKTEST_CUBE_THREADS = "backtest.cube-threads";

  /** Which time a backtest takes as an incident report's reported-at: the export's or its day's. */
  public static final String BACKTEST_REPORTED_AT = "backtest.reported-at";

  /** Keys Surgewatch reads that Kafka clients and the serde need too. */
  static final Set<String> PASS_THROUGH = Set.of(BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL);
}
