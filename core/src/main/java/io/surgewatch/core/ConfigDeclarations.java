package io.surgewatch.core;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;

/**
 * Every Surgewatch setting, declared once: name, type, default, validator, importance and doc.
 * Kafka's {@link ConfigDef} parses and validates the values ({@link #parse}); the declarations also
 * keep each default as the text a user writes ("6", not 6.0), because Surgewatch merges its sources
 * (defaults, file, environment, flags) as text before any of them is parsed, and the {@code config}
 * command and the README table show defaults as written. ConfigDef alone would not do: it knows
 * nothing of the layering, of environment names, of renamed keys, of the system properties some
 * keys replace, or of the keys that pass through to Kafka clients.
 */
public final class ConfigDeclarations {
  private ConfigDeclarations() {}

  /**
   * One declared key. {@code shownDefault} is the default as documented when it depends on the
   * machine.
   */
  public record Setting(
      String key,
      Type type,
      String defaultValue,
      String shownDefault,
      Validator validator,
      Importance importance,
      String doc,
      String deprecatedSystemProperty) {

    /** The type as the {@code config} command and the README name it. */
    public String typeName() {
      return type == Type.LIST && validator instanceof PositiveIntList
          ? "list of int"
          : type.name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Map<String, Setting> SETTINGS = declare();
  private static final ConfigDef DEFINITION = definition();

  private static Map<String, Setting> declare() {
    final Declarations d = new Declarations();
    // Connections
    d.add(
        Keys.BOOTSTRAP_SERVERS,
        Type.STRING,
        "127.0.0.1:9092",
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "Kafka");
    d.add(
        Keys.SCHEMA_REGISTRY_URL,
        Type.STRING,
        "http://127.0.0.1:8081/apis/ccompat/v7",
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "any Confluent-compatible registry (Confluent, Apicurio `/apis/ccompat/v7`, ...)");
    // Topics
    d.add(
        Keys.TOPIC_INCIDENTS,
        Type.STRING,
        "security.incidents.v1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "input: incident reports");
    d.add(
        Keys.TOPIC_STATEMENTS,
        Type.STRING,
        "security.statements.v1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "input: statements");
    d.add(
        Keys.TOPIC_COUNTS,
        Type.STRING,
        "security.counts.v1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "output: rolling counts");
    d.add(
        Keys.TOPIC_ALERTS,
        Type.STRING,
        "security.alerts.v1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "output: surge alerts");
    d.add(
        Keys.TOPIC_DEAD_LETTER,
        Type.STRING,
        "security.dead-letter.v1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "output: rejected records");
    d.add(
        Keys.TOPIC_STATEMENT_COUNTS,
        Type.STRING,
        "security.statement-counts.v1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "output: statement counts");
    d.add(
        Keys.TOPIC_PARTITIONS,
        Type.INT,
        "6",
        Range.atLeast(1),
        Importance.MEDIUM,
        "partitions of the outputs and of the cube's repartition topic: the app's parallelism");
    d.add(
        Keys.TOPIC_INPUT_PARTITIONS,
        Type.INT,
        "6",
        Range.atLeast(1),
        Importance.MEDIUM,
        "partitions of the input topics when Surgewatch creates them; the streams app reads the actual count from the "
            + "broker, and `backtest` orders simultaneous statements by it (see \"Arrival order\")");
    d.add(
        Keys.TOPIC_REPLICATION_FACTOR,
        Type.INT,
        "1",
        Range.atLeast(1),
        Importance.MEDIUM,
        "for created topics");
    d.add(
        Keys.TOPICS_WAIT_MS,
        Type.INT,
        "60000",
        Range.atLeast(0),
        Importance.LOW,
        "how long `streams`, `ingest` and `alerts` wait at start for their topics to exist (ms), for an operator "
            + "making them beside it, before they fail naming the missing ones (exit 2); `alerts` waits as long for its "
            + "topic deleted while it follows, then fails (exit 1)");
    // Kafka Streams
    d.add(
        Keys.APPLICATION_ID,
        Type.STRING,
        "surgewatch-streams",
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "Kafka Streams' application id: consumer group and prefix of internal topics");
    d.add(
        Keys.PROCESSING_GUARANTEE,
        Type.STRING,
        "exactly_once_v2",
        ConfigDef.ValidString.in("exactly_once_v2", "at_least_once"),
        Importance.MEDIUM,
        "Kafka Streams' processing guarantee: with `exactly_once_v2` every report counts once through"
            + " crashes and rebalances; with `at_least_once` a task that fails after applying"
            + " reports applies them again when it resumes, so counts and alerts can be too high"
            + " until a reset (for trials of the cost of transactions only)");
    d.add(
        Keys.STATE_DIR,
        Type.STRING,
        System.getProperty("java.io.tmpdir") + "/surgewatch-streams",
        "<java.io.tmpdir>/surgewatch-streams",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "Kafka Streams' state directory",
        null);
    d.add(
        Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES,
        Type.LONG,
        String.valueOf(512L << 20),
        null,
        Range.atLeast(1L << 20),
        Importance.LOW,
        "RocksDB's off-heap memory (block cache, index and filter blocks, memtables) shared by every "
            + "store of the streams app",
        "rocksdb.total.off.heap.bytes");
    d.add(
        Keys.ROCKSDB_TOTAL_MEMTABLE_BYTES,
        Type.LONG,
        String.valueOf(256L << 20),
        null,
        Range.atLeast(1L << 20),
        Importance.LOW,
        "the part of `rocksdb.total-off-heap-bytes` memtables may take, shared by every store (too "
            + "small a budget makes RocksDB flush tiny files and stall writes on compaction; with "
            + "96 MiB a million-report backlog stalled a commit past the transaction timeout)",
        "rocksdb.total.memtable.bytes");
    // The engine
    d.add(
        Keys.WINDOWS_DAYS,
        Type.LIST,
        "7,30,90,365",
        new PositiveIntList(),
        Importance.MEDIUM,
        "published rolling windows");
    d.add(
        Keys.HISTORY_DAYS,
        Type.INT,
        "0",
        Range.atLeast(0),
        Importance.MEDIUM,
        "days back from the latest reported-at whose reports are counted, however late (older ones are "
            + "`TOO_LATE`); one setting for stage 1, the cube and the query API (the old name `query.history-days` "
            + "still works); `0`: no limit");
    d.add(
        Keys.GRACE_DAYS,
        Type.INT,
        "60",
        Range.atLeast(0),
        Importance.MEDIUM,
        "days back from the latest reported-at whose changes re-test alerts (older corrections change "
            + "counts only); a backtest of a historical export whose rows were all edited years after "
            + "their events needs more to find its past surges");
    d.add(
        Keys.INCIDENTS_COUNTED_TYPES,
        Type.LIST,
        String.join(",", EventTypes.DEFAULT_COUNTED),
        new CountedTypes(),
        Importance.MEDIUM,
        "source event types counted as incidents (canonical names, "
            + "[event-types.csv](core/src/main/resources/io/surgewatch/core/event-types.csv)); others are set aside "
            + "as `NOT_COUNTED`. Add `Riots` to count riots with deaths");
    d.add(
        Keys.SURGE_RECENT_DAYS,
        Type.INT,
        "30",
        Range.atLeast(1),
        Importance.MEDIUM,
        "recent window");
    d.add(
        Keys.SURGE_BASELINE_DAYS,
        Type.INT,
        "180",
        Range.atLeast(1),
        Importance.MEDIUM,
        "trailing baseline before the recent window (days): a whole number, at least two, of"
            + " `surge.recent-days` blocks");
    d.add(
        Keys.SURGE_OPEN_SCORE,
        Type.DOUBLE,
        "6",
        Range.atLeast(0),
        Importance.MEDIUM,
        "score (-log10 p) at which an alert opens");
    d.add(
        Keys.SURGE_RESOLVE_SCORE,
        Type.DOUBLE,
        "2",
        Range.atLeast(0),
        Importance.MEDIUM,
        "score (-log10 p) under which an open alert resolves (hysteresis)");
    d.add(
        Keys.SURGE_MIN_BASELINE_PER_WEEK,
        Type.DOUBLE,
        "1",
        Range.atLeast(0),
        Importance.MEDIUM,
        "guard: the least baseline per week an alert needs");
    d.add(
        Keys.SURGE_MIN_RATIO,
        Type.DOUBLE,
        "1.5",
        Range.atLeast(0),
        Importance.MEDIUM,
        "guard: the least ratio of recent to baseline rate an alert needs");
    d.add(
        Keys.STATEMENT_CONTEXT_DAYS,
        Type.INT,
        "30",
        Range.atLeast(0),
        Importance.MEDIUM,
        "statements attached to alerts: days before the alert (the five most recent, their quotes "
            + "cut to 400 characters: see \"What an alert carries of a statement\")");
    d.add(
        Keys.STATEMENT_RETENTION_DAYS,
        Type.INT,
        "400",
        Range.atLeast(1),
        Importance.LOW,
        "days statements are kept for alert stories, back from the newest statement (alerts cite the last few "
            + "weeks); the statements API and the dashboard's timeline keep theirs by `statement.timeline-days`");
    d.add(
        Keys.STATEMENT_TIMELINE_DAYS,
        Type.INT,
        "0",
        Range.atLeast(0),
        Importance.LOW,
        "days back from the newest statement whose statements the statements API and the dashboard's timeline "
            + "keep (older ones are still counted; the API's `note` names the first day kept); `0`: no limit, "
            + "every statement is kept (each about 200 bytes and its quote, as much again for its id); the app "
            + "remembers a statement's id this long, or `statement.retention-days` if longer (`/api/v1/statements/{id}` "
            + "finds it while it does)");
    d.add(
        Keys.PROGRESS_INTERVAL_MS,
        Type.INT,
        "100",
        Range.atLeast(1),
        Importance.LOW,
        "how often, on the wall clock, writers put progress markers on every input partition (`produce`, `ingest`, "
            + "`bench`) and stage 1 tells every cube shard how far its partition has come (ms): the most a report "
            + "waits for a quiet partition");
    d.add(
        Keys.PROGRESS_IDLE_MS,
        Type.INT,
        "0",
        Range.atLeast(0),
        Importance.LOW,
        "`0` (the default): the cube waits for every input partition's progress, and results are exact. A number: an "
            + "input partition with nothing read for this long (ms, wall clock) is left out of the merge until it gets a "
            + "record, its latest time taken as passed, for writers that mark no progress; a report that then comes to it behind the others is applied as "
            + "it comes, so results can differ from backtest's after a quiet spell");
    d.add(
        Keys.PROGRESS_STATEMENTS_IDLE_MS,
        Type.INT,
        "10000",
        Range.atLeast(0),
        Importance.LOW,
        "the most an alert waits for a quiet statements partition (ms, wall clock): the story stage waits for the "
            + "progress of every statements partition it has heard from, and one with nothing read for this long is "
            + "left out until it gets a record, so a statements writer that marks no progress delays alerts by this "
            + "much, not for ever (a statement that then comes behind the alerts told is attached to later ones "
            + "only). `0`: wait for the markers of every statements partition, heard from yet or not, for stories exactly as "
            + "backtest tells them whatever the writers and however the tasks start");
    d.add(
        Keys.OPEN_DAY_FLUSH_MS,
        Type.INT,
        "1000",
        Range.atLeast(1),
        Importance.LOW,
        "how often, on the wall clock, the streams app publishes the open day's values (ms); tests shorten it");
    d.add(
        Keys.CUBE_STATE_LAYOUT,
        Type.STRING,
        "compact",
        ConfigDef.CaseInsensitiveValidString.in("compact", "fixed"),
        Importance.LOW,
        "how the cube writes key heads and buckets: `compact` (variable-length numbers, a quarter of the "
            + "bytes); `fixed`, the layouts earlier releases read (key heads 2, buckets 1): set it for a rolling "
            + "upgrade from such a release, then roll again without it (both layouts are always read)");
    d.add(
        Keys.CUBE_SPAN_BUCKETS,
        Type.INT,
        "0",
        Range.atLeast(0),
        Importance.LOW,
        "daily buckets each cube task holds decoded for the recent span (the longest window and the grace), "
            + "where nearly every lookup falls: a few hundred bytes each; past it keys not used lately are "
            + "dropped and read again from the store when next needed. 0 (the default) sizes it from the heap: an "
            + "eighth of it at 480 bytes a bucket, shared by the cube partitions (`topic.partitions`), at least "
            + "10,000: about 175,000 a task with -Xmx4g (the JVM reports a little less than -Xmx). A task whose keys hold more (a key with a bucket every day holds "
            + "about 430) reads them again and again, several times slower; the app logs a warning naming this key");
    d.add(
        Keys.CUBE_HELD_COUNT_RECORDS,
        Type.INT,
        "60000",
        Range.atLeast(0),
        Importance.LOW,
        "count records each cube task holds between commits, the latest value of each record key, written to "
            + "the counts topic at the commit (once per key and commit, not once per change; the last value of "
            + "every key is the same); past it the least recently changed is written at once. About 180 bytes "
            + "each, held only as a commit's changes need them: 60,000 hold a second of a cube task's changes at "
            + "10,000 reports/s (20,000 wrote 14.1 count records a report in bench, 60,000 and 120,000 12.9). 0 "
            + "writes every change as it happens");
    // APIs
    d.add(
        Keys.DASHBOARD_HOST,
        Type.STRING,
        "127.0.0.1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "dashboard and query API: address to listen on");
    d.add(
        Keys.DASHBOARD_PORT,
        Type.INT,
        "8080",
        Range.between(0, 65535),
        Importance.MEDIUM,
        "dashboard and query API: port (below 32768, as `kafka.port`)");
    d.add(
        Keys.DASHBOARD_CORS_ORIGINS,
        Type.LIST,
        "",
        null,
        Importance.LOW,
        "origins whose pages may call the query API from a browser (CORS), e.g. `https://dash.example.org`; `*` "
            + "any; empty (the default): none, only pages this server serves");
    d.add(
        Keys.INGEST_HOST,
        Type.STRING,
        "127.0.0.1",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "ingest API: address to listen on");
    d.add(
        Keys.INGEST_PORT,
        Type.INT,
        "8082",
        Range.between(0, 65535),
        Importance.MEDIUM,
        "ingest API: port (below 32768, as `kafka.port`)");
    d.add(
        Keys.INGEST_MAX_BODY_BYTES,
        Type.INT,
        "1048576",
        Range.atLeast(1),
        Importance.LOW,
        "ingest API: largest request body");
    d.add(
        Keys.INGEST_UNKNOWN_NAMES,
        Type.STRING,
        "warn",
        ConfigDef.CaseInsensitiveValidString.in("warn", "reject"),
        Importance.LOW,
        "a region or group name new to its country (see \"Ingest API\"): `warn` accepts it with a "
            + "`NEW_NAME` warning, `reject` answers `400`");
    d.add(
        Keys.INGEST_SCAN_RECORDS,
        Type.INT,
        "100000",
        Range.atLeast(0),
        Importance.LOW,
        "newest incident reports the ingest API reads back from the input topic at start (then it follows the "
            + "topic), to know the latest reported-at and the names in use; `0` reads none");
    d.add(
        Keys.INGEST_ACK_TIMEOUT_MS,
        Type.LONG,
        "10000",
        Range.atLeast(1),
        Importance.LOW,
        "ingest API: longest wait for the broker's acknowledgements before answering `503` (ms)");
    d.add(
        Keys.INGEST_PRODUCER_TIMEOUT_MS,
        Type.LONG,
        "6000",
        Range.between(1000, Integer.MAX_VALUE), // the producer's own timeouts are ints
        Importance.LOW,
        "ingest API: delivery timeout of its producer, so an unreachable broker or registry fails a request "
            + "instead of hanging it (ms)");
    d.add(
        Keys.INGEST_CATCH_UP_TIMEOUT_MS,
        Type.LONG,
        "10000",
        Range.atLeast(0),
        Importance.LOW,
        "ingest API: longest wait of a request for the read-back of `ingest.scan-records` at start (ms)");
    d.add(
        Keys.API_TOKEN,
        Type.PASSWORD,
        "",
        null,
        Importance.HIGH,
        "bearer token for the ingest and query APIs (empty: no authentication)");
    d.add(
        Keys.FAILURE_MAX_REPLACEMENTS,
        Type.INT,
        "3",
        Range.atLeast(0),
        Importance.MEDIUM,
        "how many times within `failure.window-ms` a stream thread that failed for a reason other than an outage is "
            + "replaced; the next such failure shuts the application down (outages are retried however long)");
    d.add(
        Keys.FAILURE_WINDOW_MS,
        Type.LONG,
        "600000",
        Range.atLeast(1),
        Importance.MEDIUM,
        "the window over which `failure.max-replacements` counts repeated failures (ms)");
    d.add(
        Keys.ALERTS_DEBOUNCE_MS,
        Type.INT,
        "3000",
        Range.atLeast(0),
        Importance.LOW,
        "`./surgewatch alerts`: how long an alert's later transitions (after its first, delivered at once) are "
            + "held to be delivered as one, its latest state "
            + "([details](#one-page-per-alert-per-change-that-matters)); `0`: only those read in one poll");
    d.add(
        Keys.ALERTS_WEBHOOK_TOKEN,
        Type.PASSWORD,
        "",
        null,
        Importance.LOW,
        "`./surgewatch alerts --webhook`: bearer token sent to the webhook (empty: none; `--webhook-token` overrides)");
    // Backtest and the local stack
    d.add(
        Keys.BACKTEST_READ_THREADS,
        Type.INT,
        "0",
        null,
        Range.atLeast(0),
        Importance.LOW,
        "`./surgewatch backtest`: threads that parse one large input; `0`: one per core",
        "surgewatch.backtest.read-threads");
    d.add(
        Keys.BACKTEST_REPORTED_AT,
        Type.STRING,
        "as-exported",
        ConfigDef.CaseInsensitiveValidString.in("as-exported", "event-day"),
        Importance.MEDIUM,
        "`./surgewatch backtest`: `as-exported` replays incident reports by their reported-at (ACLED's "
            + "`timestamp`, a row's last edit); `event-day` as if each had been reported at the end of its "
            + "event day, the surges of a historical export as they would have been seen as they happened "
            + "(or when it was made, if earlier; retractions and statements keep their times, and the versions of "
            + "one incident their file order)");
    d.add(
        Keys.BACKTEST_CUBE_THREADS,
        Type.INT,
        "0",
        null,
        Range.atLeast(0),
        Importance.LOW,
        "`./surgewatch backtest`: cube threads; `0`: one per partition (`topic.partitions`)",
        "surgewatch.backtest.threads");
    d.add(
        Keys.DATA_DIR,
        Type.STRING,
        ".surgewatch",
        new ConfigDef.NonEmptyString(),
        Importance.LOW,
        "the local stack of `demo` and `stack`: data directory");
    d.add(
        Keys.KAFKA_PORT,
        Type.INT,
        "9092",
        Range.between(0, 65535),
        Importance.LOW,
        "the local stack of `demo` and `stack`: Kafka's port (pick ports below 32768: one in"
            + " Linux's ephemeral range, 32768-60999, can be held for a moment by an outgoing"
            + " connection, and the start fails)");
    d.add(
        Keys.REGISTRY_PORT,
        Type.INT,
        "8081",
        Range.between(0, 65535),
        Importance.LOW,
        "the local stack of `demo` and `stack`: the registry's port (below 32768, as"
            + " `kafka.port`)");
    return d.settings;
  }

  private static final class Declarations {
    final Map<String, Setting> settings = new LinkedHashMap<>();

    void add(
        final String key,
        final Type type,
        final String defaultValue,
        final Validator validator,
        final Importance importance,
        final String doc) {
      add(key, type, defaultValue, null, validator, importance, doc, null);
    }

    void add(
        final String key,
        final Type type,
        final String defaultValue,
        final String shownDefault,
        final Validator validator,
        final Importance importance,
        final String doc,
        final String systemProperty) {
      if (settings.put(
              key,
              new Setting(
                  key,
                  type,
                  defaultValue,
                  shownDefault == null ? defaultValue : shownDefault,
                  validator,
                  importance,
                  doc,
                  systemProperty))
          != null) {
        throw new IllegalStateException("declared twice: " + key);
      }
    }
  }

  private static ConfigDef definition() {
    final ConfigDef def = new ConfigDef();
    // Defaults are parsed and validated here, once: a wrong default fails the class's
    // initialisation.
    SETTINGS
        .values()
        .forEach(
            s ->
                def.define(
                    s.key(), s.type(), s.defaultValue(), s.validator(), s.importance(), s.doc()));
    return def;
  }

  /** Every declared setting, in the order of the documentation. */
  public static Collection<Setting> all() {
    return SETTINGS.values();
  }

  /** The declaration of a key, or null when Surgewatch does not declare it. */
  public static Setting setting(final String key) {
    return SETTINGS.get(key);
  }

  /** Kafka's form of the declarations (for its tooling: {@code toHtml}, {@code toRst}). */
  public static ConfigDef configDef() {
    return DEFINITION;
  }

  /**
   * The README's table of keys, generated from the declarations (ReadmeConfigTableTest fails when
   * the README's copy differs; {@code ./surgewatch config --markdown} prints it).
   */
  public static String markdownTable() {
    final StringBuilder out =
        new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
    for (final Setting s : SETTINGS.values()) {
      out.append("| `")
          .append(s.key())
          .append("` | ")
          .append(s.typeName())
          .append(" | ")
          .append(s.shownDefault().isEmpty() ? "empty" : "`" + s.shownDefault() + "`")
          .append(" | ")
          .append(s.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }

  static Map<String, String> defaults() {
    final Map<String, String> out = new LinkedHashMap<>();
    SETTINGS.values().forEach(s -> out.put(s.key(), s.defaultValue()));
    return out;
  }

  /**
   * The typed value of a declared key ({@link Integer}, {@link Long}, {@link Double}, a {@code
   * List<String>}, a {@link String}, or Kafka's {@code Password}), validated.
   *
   * @param from where the value came from, for the message ("" when unknown)
   * @throws ConfigException with one line naming the key, the value and what is expected
   */
  static Object parse(final Setting s, final String value, final String from) {
    final Object parsed;
    try {
      parsed = ConfigDef.parseType(s.key(), value, s.type());
    } catch (final org.apache.kafka.common.config.ConfigException e) { // qualified: Kafka's
      throw invalid(s, value, from, "expected " + expected(s.type()));
    }
    if (s.validator() != null) {
      try {
        s.validator().ensureValid(s.key(), parsed);
      } catch (final org.apache.kafka.common.config.ConfigException e) { // qualified: Kafka's
        final String m = e.getMessage();
        final int at = m.indexOf(s.key() + ": ");
        throw invalid(s, value, from, at < 0 ? m : m.substring(at + s.key().length() + 2));
      }
    }
    return parsed;
  }

  private static ConfigException invalid(
      final Setting s, final String value, final String from, final String why) {
    return invalid(s.key(), value, from, why);
  }

  /** The one line of a value that is wrong: its key, the value, where it came from, and why. */
  static ConfigException invalid(
      final String key, final String value, final String from, final String why) {
    return new ConfigException(
        "invalid value '"
            + value
            + "' for "
            + key
            + (from.isEmpty() ? "" : " (" + from + ")")
            + ": "
            + why);
  }

  /**
   * Kafka's ConfigException, the one a {@link Validator} throws (this package has a ConfigException
   * of its own).
   */
  private static RuntimeException kafkaInvalid(
      final String name, final Object value, final String why) {
    // qualified: Kafka's
    return new org.apache.kafka.common.config.ConfigException(name, value, why);
  }

  private static String expected(final Type type) {
    return switch (type) {
      case INT, SHORT -> "an integer";
      case LONG -> "an integer (long)";
      case DOUBLE -> "a number (with a '.' for decimals)";
      case BOOLEAN -> "true or false";
      case LIST -> "a comma-separated list";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * A non-empty list of distinct positive integers ({@code windows.days}: a window given twice
   * would be published twice under one key).
   */
  static final class PositiveIntList implements Validator {
    @Override
    public void ensureValid(final String name, final Object value) {
      final List<?> list = (List<?>) value;
      if (list.isEmpty()) {
        throw kafkaInvalid(name, value, "expected at least one day count");
      }
      final Set<Integer> seen = new HashSet<>();
      for (final Object item : list) {
        final int n;
        try {
          n = Integer.parseInt(item.toString().trim());
        } catch (final NumberFormatException e) {
          throw kafkaInvalid(
              name,
              value,
              "expected a comma-separated list of integers, and '" + item + "' is not one");
        }
        if (n < 1) {
          throw kafkaInvalid(name, value, "expected positive integers, and " + n + " is not");
        }
        if (!seen.add(n)) {
          throw kafkaInvalid(name, value, "expected each once, and " + n + " is given twice");
        }
      }
    }

    @Override
    public String toString() {
      return "distinct positive integers, comma-separated";
    }
  }

  /** A list with at least one item. */
  /**
   * Event types to count: a non-empty list none of whose names misspells a known type (a misspelt
   * one would set aside every row of the type it meant as NOT_COUNTED, silently).
   */
  static final class CountedTypes implements Validator {
    @Override
    public void ensureValid(final String name, final Object value) {
      new NonEmptyList().ensureValid(name, value);
      for (final Object item : (List<?>) value) {
        final Optional<String> meant = EventTypes.misspelling(item.toString());
        if (meant.isPresent()) {
          throw kafkaInvalid(
              name,
              value,
              "'"
                  + item.toString().strip()
                  + "' is no event type of event-types.csv: did you mean '"
                  + meant.get()
                  + "'?");
        }
      }
    }

    @Override
    public String toString() {
      return "non-empty list of event types";
    }
  }

  static final class NonEmptyList implements Validator {
    @Override
    public void ensureValid(final String name, final Object value) {
      if (((List<?>) value).isEmpty()) {
        throw kafkaInvalid(name, value, "expected at least one item");
      }
    }

    @Override
    public String toString() {
      return "non-empty list";
    }
  }
}
