package io.surgewatch.serde;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The serde and registry-client settings, read from a Kafka-style config map. Keys are Confluent's,
 * so existing client configs work unchanged; the retry and timeout keys are ours (Confluent has no
 * stable names).
 */
public record AvroSerdeConfig(
    List<String> registryUrls,
    boolean autoRegister,
    boolean useLatestVersion,
    SubjectNameStrategy keySubjectStrategy,
    SubjectNameStrategy valueSubjectStrategy,
    boolean specificReader,
    String basicAuthSource,
    String basicAuthUserInfo,
    String bearerToken,
    int maxRetries,
    Duration retryBackoff,
    Duration retryBackoffMax,
    Duration connectTimeout,
    Duration requestTimeout,
    Map<String, ?> raw) {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /**
   * Used only by the no-argument deserializer: true reads into the generated class named by the
   * writer schema.
   */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
  public static final String MAX_RETRIES = "schema.registry.max.retries";
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
  public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /**
   * TLS: truststore/keystore as in Kafka's ssl.* keys; without them the JDK's default SSLContext is
   * used.
   */
  public static final String SSL_PREFIX = "schema.registry.ssl.";

  public AvroSerdeConfig {
    raw = Map.copyOf(raw);
  }

  public static AvroSerdeConfig of(final Map<String, ?> config) {
    final Object url = config.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(
          "missing required config '"
              + SCHEMA_REGISTRY_URL
              + "' (e.g. http://127.0.0.1:8081 or mock://scope)");
    }
    final List<String> urls =
        Arrays.stream(url.toString().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> s.replaceAll("/+$", ""))
            .toList();
    final int maxRetries = intOf(config, MAX_RETRIES, 3);
    if (maxRetries < 0 || maxRetries > 20) {
      throw new ConfigException(MAX_RETRIES + " must be between 0 and 20, got " + maxRetries);
    }
    return new AvroSerdeConfig(
        urls,
        boolOf(config, AUTO_REGISTER_SCHEMAS, true),
        boolOf(config, USE_LATEST_VERSION, false),
        SubjectNameStrategy.parse(stringOf(config, KEY_SUBJECT_NAME_STRATEGY)),
        SubjectNameStrategy.parse(stringOf(config, VALUE_SUBJECT_NAME_STRATEGY)),
        boolOf(config, SPECIFIC_AVRO_READER, false),
        stringOf(config, BASIC_AUTH_CREDENTIALS_SOURCE),
        stringOf(config, BASIC_AUTH_USER_INFO),
        stringOf(config, BEARER_AUTH_TOKEN),
        maxRetries,
        Duration.ofMillis(intOf(config, RETRY_BACKOFF_MS, 100)),
        Duration.ofMillis(intOf(config, RETRY_BACKOFF_MAX_MS, 2_000)),
        Duration.ofMillis(intOf(config, CONNECT_TIMEOUT_MS, 5_000)),
        Duration.ofMillis(intOf(config, REQUEST_TIMEOUT_MS, 10_000)),
        config.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  public SubjectNameStrategy subjectStrategy(final boolean isKey) {
    return isKey ? keySubjectStrategy : valueSubjectStrategy;
  }

  public String ssl(final String key) {
    return stringOf(raw, SSL_PREFIX + key);
  }

  private static String stringOf(final Map<String, ?> config, final String key) {
    final Object value = config.get(key);
    if (value == null) {
      return null;
    }
    // Kafka's Password type hides its value in toString().
    return value instanceof Password p ? p.value() : value.toString();
  }

  private static boolean boolOf(
      final Map<String, ?> config, final String key, final boolean fallback) {
    final String value = stringOf(config, key);
    if (value == null) {
      return fallback;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new ConfigException(key, value, "expected true or false");
    }
    return Boolean.parseBoolean(value);
  }

  private static int intOf(final Map<String, ?> config, final String key, final int fallback) {
    final String value = stringOf(config, key);
    try {
      return value == null ? fallback : Integer.parseInt(value.trim());
    } catch (final NumberFormatException e) {
      throw new ConfigException(key, value, "expected an integer");
    }
  }
}
