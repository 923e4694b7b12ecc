package io.surgewatch.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One set of configuration keys for every app. Sources, later wins: built-in defaults, a properties file,
 * environment variables ({@code SURGEWATCH_} + the key in upper case with {@code .} and {@code -} as {@code _}),
 * then command-line flags. Keys Surgewatch does not know (security.protocol, sasl.*, ssl.*, basic.auth.user.info,
 * ...) pass through unchanged to every Kafka client and to the registry serde.
 */
public final class SurgewatchConfig {

  public static final String ENV_PREFIX = "SURGEWATCH_";

  /** Every key Surgewatch itself reads, with its default. Kafka's own keys are not listed, except the two below. */
  public static final Map<String, String> DEFAULTS = defaults();

  private final Map<String, String> values;

  private SurgewatchConfig(final Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  private static Map<String, String> defaults() {
    final Map<String, String> d = new LinkedHashMap<>();
    d.put(Keys.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    d.put(Keys.SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081/apis/ccompat/v7");
    d.put(Keys.TOPIC_INCIDENTS, "security.incidents.v1");
    d.put(Keys.TOPIC_STATEMENTS, "security.statements.v1");
    d.put(Keys.TOPIC_COUNTS, "security.counts.v1");
    d.put(Keys.TOPIC_ALERTS, "security.alerts.v1");
    d.put(Keys.TOPIC_DEAD_LETTER, "security.dead-letter.v1");
    d.put(Keys.TOPIC_STATEMENT_COUNTS, "security.statement-counts.v1");
    d.put(Keys.TOPIC_PARTITIONS, "6");
    d.put(Keys.TOPIC_INPUT_PARTITIONS, "1");
    d.put(Keys.TOPIC_REPLICATION_FACTOR, "1");
    d.put(Keys.APPLICATION_ID, "surgewatch-streams");
    d.put(Keys.PROCESSING_GUARANTEE, "exactly_once_v2");
    d.put(Keys.STATE_DIR, System.getProperty("java.io.tmpdir") + "/surgewatch-streams");
    d.put(Keys.WINDOWS_DAYS, "7,30,90,365");
    d.put(Keys.GRACE_DAYS, "60");
    d.put(Keys.SURGE_RECENT_DAYS, "30");
    d.put(Keys.SURGE_BASELINE_DAYS, "180");
    d.put(Keys.SURGE_OPEN_SCORE, "6");
    d.put(Keys.SURGE_RESOLVE_SCORE, "2");
    d.put(Keys.SURGE_MIN_BASELINE_PER_WEEK, "1");
    d.put(Keys.SURGE_MIN_RATIO, "1.5");
    d.put(Keys.STATEMENT_CONTEXT_DAYS, "30");
    d.put(Keys.HISTORY_DAYS, "0");
    d.put(Keys.INCIDENTS_COUNTED_TYPES, String.join(",", EventTypes.DEFAULT_COUNTED));
    d.put(Keys.OPEN_DAY_FLUSH_MS, "1000");
    d.put(Keys.DASHBOARD_HOST, "127.0.0.1");
    d.put(Keys.DASHBOARD_PORT, "8080");
    d.put(Keys.INGEST_HOST, "127.0.0.1");
    d.put(Keys.INGEST_PORT, "8082");
    d.put(Keys.INGEST_MAX_BODY_BYTES, "1048576");
    d.put(Keys.INGEST_UNKNOWN_NAMES, "warn");
    d.put(Keys.INGEST_SCAN_RECORDS, "100000");
    d.put(Keys.API_TOKEN, "");
    d.put(Keys.ALERTS_DEBOUNCE_MS, "3000");
    d.put(Keys.FAILURE_MAX_REPLACEMENTS, "3");
    d.put(Keys.FAILURE_WINDOW_MS, "600000");
    d.put(Keys.DATA_DIR, ".surgewatch");
    d.put(Keys.KAFKA_PORT, "9092");
    d.put(Keys.REGISTRY_PORT, "8081");
    return d;
  }

  public static SurgewatchConfig defaultsOnly() {
    return new SurgewatchConfig(DEFAULTS);
  }

  /**
   * @param file optional properties file (null for none)
   * @param env environment, usually {@code System.getenv()}
   * @param flags explicit overrides from the command line, highest precedence
   */
  public static SurgewatchConfig load(final Path file, final Map<String, String> env, final Map<String, String> flags) {
    final Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    if (file != null) {
      merged.putAll(readProperties(file));
    }
    merged.putAll(fromEnvironment(env));
    merged.putAll(flags);
    renamed(merged);
    return new SurgewatchConfig(merged);
  }

  /** Keys that were renamed: a value given under the old name applies unless the new name is given too. */
  private static final Map<String, String> RENAMED = Map.of(Keys.QUERY_HISTORY_DAYS, Keys.HISTORY_DAYS);

  private static void renamed(final Map<String, String> merged) {
    RENAMED.forEach((old, now) -> {
      final String value = merged.remove(old);
      if (value != null && merged.get(now).equals(DEFAULTS.get(now))) {
        merged.put(now, value);
      }
    });
  }

  static Map<String, String> readProperties(final Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException("cannot read config file " + file);
    }
    final Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (final IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    final Map<String, String> out = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k).trim()));
    return out;
  }

  /**
   * Maps {@code SURGEWATCH_SCHEMA_REGISTRY_URL} to {@code schema.registry.url}. The mapping is not reversible in
   * general ({@code _} stands for {@code .} and {@code -}), so known keys are matched by their normalised form and
   * anything else (Kafka's keys, which only use dots) becomes dotted lower case.
   */
  static Map<String, String> fromEnvironment(final Map<String, String> env) {
    final Map<String, String> known = new HashMap<>();
    DEFAULTS.keySet().forEach(k -> known.put(envName(k), k));
    RENAMED.keySet().forEach(k -> known.put(envName(k), k));
    final Map<String, String> out = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        final String key = known.getOrDefault(name,
            name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
        out.put(key, value);
      }
    });
    return out;
  }

  public static String envName(final String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String get(final String key) {
    final String v = values.get(key);
    if (v == null) {
      throw new ConfigException("missing configuration key " + key);
    }
    return v;
  }

  public String getOrNull(final String key) {
    final String v = values.get(key);
    return v == null || v.isBlank() ? null : v;
  }

  public int getInt(final String key) {
    try {
      return Integer.parseInt(get(key).trim());
    } catch (final NumberFormatException e) {
      throw new ConfigException(key + " must be an integer, got '" + get(key) + "'");
    }
  }

  public double getDouble(final String key) {
    try {
      return Double.parseDouble(get(key).trim());
    } catch (final NumberFormatException e) {
      throw new ConfigException(key + " must be a number, got '" + get(key) + "'");
    }
  }

  public List<Integer> getIntList(final String key) {
    try {
      return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .map(Integer::parseInt).toList();
    } catch (final NumberFormatException e) {
      throw new ConfigException(key + " must be a comma-separated list of integers, got '" + get(key) + "'");
    }
  }

  public List<String> getList(final String key) {
    return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public Duration getDays(final String key) {
    return Duration.ofDays(getInt(key));
  }

  public SurgewatchConfig with(final String key, final String value) {
    final Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new SurgewatchConfig(copy);
  }

  public SurgewatchConfig withAll(final Map<String, String> overrides) {
    final Map<String, String> copy = new LinkedHashMap<>(values);
    copy.putAll(overrides);
    return new SurgewatchConfig(copy);
  }

  /**
   * Properties for Kafka clients and the registry serde: every key Surgewatch does not own, plus bootstrap.servers
   * and schema.registry.url. Security settings (security.protocol, sasl.*, ssl.*) pass through unchanged.
   */
  public Map<String, Object> clientProperties() {
    final Map<String, Object> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (!DEFAULTS.containsKey(k) || Keys.PASS_THROUGH.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  public Map<String, String> asMap() {
    return new TreeMap<>(values);
  }
}
