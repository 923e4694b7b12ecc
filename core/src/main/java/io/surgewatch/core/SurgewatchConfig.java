package io.surgewatch.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One set of configuration keys for every app, each declared with its type, default, validator and
 * doc in {@link ConfigDeclarations}. Sources, later wins: built-in defaults, a properties file,
 * environment variables ({@code SURGEWATCH_} + the key in upper case with {@code .} and {@code -}
 * as {@code _}), then command-line flags. {@link #load} checks everything at start: a value of the
 * wrong type or out of range, or a misspelt Surgewatch key (the nearest declared key is named),
 * fails with one line. Kafka's own keys (security.protocol, sasl.*, ssl.*, basic.auth.user.info,
 * num.stream.threads, ...) pass through unchanged to every Kafka client and to the registry serde;
 * the variables Kubernetes injects for services ({@code SURGEWATCH_DASHBOARD_SERVICE_HOST}, ...)
 * are ignored.
 */
public final class SurgewatchConfig {

  private static final Logger LOG = LoggerFactory.getLogger(SurgewatchConfig.class);

  public static final String ENV_PREFIX = "SURGEWATCH_";

  /**
   * Variables with the prefix that are no settings: the launcher's JVM options and the local
   * stack's registry download (read by the script and by LocalStack, never by the apps'
   * configuration).
   */
  static final Set<String> NOT_SETTINGS =
      Set.of("SURGEWATCH_JAVA_OPTS", "SURGEWATCH_APICURIO_DIST", "SURGEWATCH_APICURIO_CACHE");

  /**
   * Every key Surgewatch itself reads, with its default as text. Kafka's own keys are not listed,
   * except two.
   */
  public static final Map<String, String> DEFAULTS = ConfigDeclarations.defaults();

  private final Map<String, String> values;

  /**
   * Where each value that is not a default came from ("environment variable SURGEWATCH_GRACE_DAYS",
   * ...).
   */
  private final Map<String, String> origins;

  private SurgewatchConfig(final Map<String, String> values, final Map<String, String> origins) {
    this.values = Map.copyOf(values);
    this.origins = Map.copyOf(origins);
  }

  public static SurgewatchConfig defaultsOnly() {
    return new SurgewatchConfig(DEFAULTS, Map.of());
  }

  /**
   * @param file optional properties file (null for none)
   * @param env environment, usually {@code System.getenv()}
   * @param flags explicit overrides from the command line, highest precedence
   * @throws ConfigException (one line) for a misspelt Surgewatch key or a value of the wrong type
   *     or range
   */
  public static SurgewatchConfig load(
      final Path file, final Map<String, String> env, final Map<String, String> flags) {
    return load(file, env, flags, System.getProperties());
  }

  /**
   * As {@link #load(Path, Map, Map)}, with the system properties some keys replace (deprecated)
   * given.
   */
  public static SurgewatchConfig load(
      final Path file,
      final Map<String, String> env,
      final Map<String, String> flags,
      final Properties systemProperties) {
    final Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    final Map<String, String> origins = new HashMap<>();
    if (file != null) {
      readProperties(file)
          .forEach(
              (k, v) -> {
                checkKnown(k, "in " + file, k, UnknownKeys::nearest);
                merged.put(k, v);
                origins.put(k, "file " + file);
              });
    }
    final Map<String, String> variables = new HashMap<>();
    fromEnvironment(env, variables)
        .forEach(
            (k, v) -> {
              final String variable = variables.get(k);
              checkKnown(
                  k, "from the environment", variable, (name, keys) -> envNameOf(name, keys));
              merged.put(k, v);
              origins.put(k, "environment variable " + variable);
            });
    flags.forEach(
        (k, v) -> {
          checkKnown(k, "given as a flag", k, UnknownKeys::nearest);
          merged.put(k, v);
          origins.put(k, "flag");
        });
    deprecatedSystemProperties(merged, origins, systemProperties);
    renamed(merged, origins);
    final SurgewatchConfig config = new SurgewatchConfig(merged, origins);
    config.validate();
    return config;
  }

  /** The declared keys and the old names still read: what a misspelt key is compared with. */
  private static List<String> knownKeys() {
    final List<String> keys = new ArrayList<>(DEFAULTS.keySet());
    keys.addAll(RENAMED.keySet());
    return keys;
  }

  /**
   * Fails for a misspelt Surgewatch key; warns for a key that is neither Surgewatch's nor Kafka's
   * (passed through, as Kafka's clients do with keys they do not know).
   *
   * @param asWritten the key as the user wrote it (the variable's name for the environment)
   * @param nearest the nearest known key, in the user's form
   */
  private static void checkKnown(
      final String key,
      final String where,
      final String asWritten,
      final BiFunction<String, List<String>, String> nearest) {
    final List<String> known = knownKeys();
    final Optional<String> misspelt = UnknownKeys.misspeltSurgewatchKey(key, known);
    if (misspelt.isPresent()) {
      throw new ConfigException(
          "unknown configuration key "
              + asWritten
              + " ("
              + where
              + "): did you mean "
              + nearest.apply(asWritten, known)
              + "? (./surgewatch config lists every key)");
    }
    if (!known.contains(key) && !KafkaClientKeys.isClientKey(key)) {
      LOG.warn(
          "{} ({}) is neither a Surgewatch key nor a known Kafka client or registry key: passed to the clients "
              + "as it is",
          asWritten,
          where);
    }
  }

  private static String envNameOf(final String variable, final List<String> keys) {
    final List<String> names = keys.stream().map(SurgewatchConfig::envName).toList();
    final String name = UnknownKeys.nearest(variable, names);
    return name + " (" + keys.get(names.indexOf(name)) + ")";
  }

  /**
   * Keys that replace a system property: the property still applies, with a warning, when no source
   * sets the key.
   */
  private static void deprecatedSystemProperties(
      final Map<String, String> merged,
      final Map<String, String> origins,
      final Properties systemProperties) {
    for (final ConfigDeclarations.Setting s : ConfigDeclarations.all()) {
      final String property = s.deprecatedSystemProperty();
      if (property != null
          && !origins.containsKey(s.key())
          && systemProperties.getProperty(property) != null) {
        LOG.warn("system property {} is deprecated: set {} instead", property, s.key());
        merged.put(s.key(), systemProperties.getProperty(property).trim());
        origins.put(s.key(), "system property " + property + " (deprecated)");
      }
    }
  }

  /**
   * Every declared value parsed and validated, then the values that must agree with one another:
   * the first wrong one fails, with one line.
   */
  private void validate() {
    for (final ConfigDeclarations.Setting s : ConfigDeclarations.all()) {
      ConfigDeclarations.parse(s, values.get(s.key()), origins.getOrDefault(s.key(), "default"));
    }
    SettingRelations.check(this);
  }

  /**
   * Keys that were renamed: a value given under the old name applies unless the new name is given
   * too.
   */
  private static final Map<String, String> RENAMED =
      Map.of(Keys.QUERY_HISTORY_DAYS, Keys.HISTORY_DAYS);

  private static void renamed(final Map<String, String> merged, final Map<String, String> origins) {
    RENAMED.forEach(
        (old, now) -> {
          final String value = merged.remove(old);
          final String origin = origins.remove(old);
          if (value != null && merged.get(now).equals(DEFAULTS.get(now))) {
            merged.put(now, value);
            origins.put(now, origin + " (under the old name " + old + ")");
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
   * Maps {@code SURGEWATCH_SCHEMA_REGISTRY_URL} to {@code schema.registry.url}. The mapping is not
   * reversible in general ({@code _} stands for {@code .} and {@code -}), so known keys are matched
   * by their normalised form and anything else (Kafka's keys, which only use dots) becomes dotted
   * lower case. Kubernetes' service links are left out ({@link KubernetesServiceLinks}).
   */
  static Map<String, String> fromEnvironment(final Map<String, String> env) {
    return fromEnvironment(env, new HashMap<>());
  }

  /**
   * @param variables filled with the variable each key came from
   */
  private static Map<String, String> fromEnvironment(
      final Map<String, String> env, final Map<String, String> variables) {
    final Map<String, String> known = new HashMap<>();
    knownKeys().forEach(k -> known.put(envName(k), k));
    final Map<String, String> out = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            if (NOT_SETTINGS.contains(name) || KubernetesServiceLinks.isServiceLink(name, value)) {
              LOG.debug("ignoring {}: not a setting", name);
              return;
            }
            final String key =
                known.getOrDefault(
                    name,
                    name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            out.put(key, value);
            variables.put(key, name);
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

  /**
   * The value parsed by its declared type and validated; the raw text for a key Surgewatch does not
   * declare.
   */
  private Object typed(final String key) {
    final ConfigDeclarations.Setting s = ConfigDeclarations.setting(key);
    return s == null
        ? get(key)
        : ConfigDeclarations.parse(s, get(key), origins.getOrDefault(key, ""));
  }

  public int getInt(final String key) {
    final Object v = typed(key);
    try {
      return v instanceof Number n
          ? Math.toIntExact(n.longValue())
          : Integer.parseInt(v.toString().trim());
    } catch (final NumberFormatException | ArithmeticException e) {
      throw new ConfigException(
          "invalid value '" + get(key) + "' for " + key + ": expected an integer");
    }
  }

  public long getLong(final String key) {
    final Object v = typed(key);
    try {
      return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    } catch (final NumberFormatException e) {
      throw new ConfigException(
          "invalid value '" + get(key) + "' for " + key + ": expected an integer");
    }
  }

  public double getDouble(final String key) {
    final Object v = typed(key);
    try {
      return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
    } catch (final NumberFormatException e) {
      throw new ConfigException(
          "invalid value '" + get(key) + "' for " + key + ": expected a number");
    }
  }

  public List<Integer> getIntList(final String key) {
    try {
      return getList(key).stream().map(Integer::parseInt).toList();
    } catch (final NumberFormatException e) {
      throw new ConfigException(
          "invalid value '"
              + get(key)
              + "' for "
              + key
              + ": expected a comma-separated list of integers");
    }
  }

  public List<String> getList(final String key) {
    final Object v = typed(key);
    final List<?> items = v instanceof List<?> l ? l : Arrays.asList(v.toString().split(","));
    return items.stream().map(o -> o.toString().trim()).filter(s -> !s.isEmpty()).toList();
  }

  public Duration getDays(final String key) {
    return Duration.ofDays(getInt(key));
  }

  /** A key in milliseconds ({@code ...-ms}) as a duration. */
  public Duration getMillis(final String key) {
    return Duration.ofMillis(getLong(key));
  }

  /**
   * Where the value of a key came from: "default", "file ...", "environment variable ...", "flag",
   * ...
   */
  public String origin(final String key) {
    return origins.getOrDefault(key, values.containsKey(key) ? "default" : "unset");
  }

  public SurgewatchConfig with(final String key, final String value) {
    final Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    final Map<String, String> from = new HashMap<>(origins);
    from.put(key, "set in code");
    return new SurgewatchConfig(copy, from);
  }

  public SurgewatchConfig withAll(final Map<String, String> overrides) {
    final Map<String, String> copy = new LinkedHashMap<>(values);
    copy.putAll(overrides);
    final Map<String, String> from = new HashMap<>(origins);
    overrides.keySet().forEach(k -> from.put(k, "set in code"));
    return new SurgewatchConfig(copy, from);
  }

  /**
   * Properties for Kafka clients and the registry serde: every key Surgewatch does not own, plus
   * bootstrap.servers and schema.registry.url. Security settings (security.protocol, sasl.*, ssl.*)
   * pass through unchanged.
   */
  public Map<String, Object> clientProperties() {
    final Map<String, Object> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
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
