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

  public static final String TOPIC_PARTITIONS = "topic.partitions";

  public static final String TOPIC_INPUT_PARTITIONS = "topic.input-partitions";

  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication-factor";

  public static final String TOPICS_WAIT_MS = "topics.wait-ms";
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

  public static final String HISTORY_DAYS = "history.days";

  public static final String QUERY_HISTORY_DAYS = "query.history-days";

  public static final String INCIDENTS_COUNTED_TYPES = "incidents.counted-types";

  public static final String OPEN_DAY_FLUSH_MS = "open-day.flush-ms";

  public static final String CUBE_STATE_LAYOUT = "cube.state-layout";

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

  public static final String INGEST_UNKNOWN_NAMES = "ingest.unknown-names";

  public static final String INGEST_SCAN_RECORDS = "ingest.scan-records";

  public static final String API_TOKEN = "api.token";

  public static final String ALERTS_DEBOUNCE_MS = "alerts.debounce-ms";

  public static final String FAILURE_MAX_REPLACEMENTS = "failure.max-replacements";

  public static final String FAILURE_WINDOW_MS = "failure.window-ms";

  public static final String ALERTS_WEBHOOK_TOKEN = "alerts.webhook-token";

  public static final String DATA_DIR = "data.dir";
  public static final String KAFKA_PORT = "kafka.port";
  public static final String REGISTRY_PORT = "registry.port";

  public static final String STATEMENT_RETENTION_DAYS = "statement.retention-days";

  public static final String STATEMENT_TIMELINE_DAYS = "statement.timeline-days";

  public static final String INGEST_ACK_TIMEOUT_MS = "ingest.ack-timeout-ms";

  public static final String INGEST_PRODUCER_TIMEOUT_MS = "ingest.producer-timeout-ms";

  public static final String INGEST_CATCH_UP_TIMEOUT_MS = "ingest.catch-up-timeout-ms";

  public static final String ROCKSDB_TOTAL_OFF_HEAP_BYTES = "rocksdb.total-off-heap-bytes";

  public static final String ROCKSDB_TOTAL_MEMTABLE_BYTES = "rocksdb.total-memtable-bytes";

  public static final String BACKTEST_READ_THREADS = "backtest.read-threads";

  public static final String BACKTEST_CUBE_THREADS = "backtest.cube-threads";

  public static final String BACKTEST_REPORTED_AT = "backtest.reported-at";

  /** Keys Surgewatch reads that Kafka clients and the serde need too. */
  static final Set<String> PASS_THROUGH = Set.of(BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL);
}
