package io.surgewatch.deploy;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.serde.AvroSerdeConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What a {@code SURGEWATCH_*} environment variable means, decided the way {@link SurgewatchConfig}
 * decides it: a Surgewatch key when its {@link SurgewatchConfig#envName} matches, else the dotted
 * lower-case Kafka key. The latter must be a real key of Kafka's consumer, producer, admin or
 * streams configs (optionally with one of Kafka Streams' client prefixes), or of the registry serde
 * ({@link AvroSerdeConfig}).
 */
final class ConfigKeys {
  private ConfigKeys() {}

  private static final Map<String, String> SURGEWATCH_BY_ENV = new HashMap<>();
  private static final Set<String> CLIENT_KEYS = new HashSet<>();
  private static final Set<String> SERDE_KEYS = new HashSet<>();
  private static final String SERDE_SSL_PREFIX = AvroSerdeConfig.SSL_PREFIX;

  static {
    SurgewatchConfig.DEFAULTS
        .keySet()
        .forEach(k -> SURGEWATCH_BY_ENV.put(SurgewatchConfig.envName(k), k));
    CLIENT_KEYS.addAll(ConsumerConfig.configNames());
    CLIENT_KEYS.addAll(ProducerConfig.configNames());
    CLIENT_KEYS.addAll(AdminClientConfig.configNames());
    CLIENT_KEYS.addAll(StreamsConfig.configDef().names());
    for (final Field f : AvroSerdeConfig.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          final String key = (String) f.get(null);
          if (!key.endsWith(".")) {
            SERDE_KEYS.add(key);
          }
        } catch (final IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * The configuration key the variable sets, or empty when it sets nothing real (a typo, a removed
   * key).
   */
  static Optional<String> keyOf(final String envVar) {
    if (!envVar.startsWith(SurgewatchConfig.ENV_PREFIX)
        || envVar.length() == SurgewatchConfig.ENV_PREFIX.length()) {
      return Optional.empty();
    }
    final String known = SURGEWATCH_BY_ENV.get(envVar);
    if (known != null) {
      return Optional.of(known);
    }
    final String dotted =
        envVar
            .substring(SurgewatchConfig.ENV_PREFIX.length())
            .toLowerCase(Locale.ROOT)
            .replace('_', '.');
    return isClientKey(dotted) ? Optional.of(dotted) : Optional.empty();
  }

  private static boolean isClientKey(final String key) {
    if (CLIENT_KEYS.contains(key) || SERDE_KEYS.contains(key)) {
      return true;
    }
    if (key.startsWith(SERDE_SSL_PREFIX)) {
      return CLIENT_KEYS.contains("ssl." + key.substring(SERDE_SSL_PREFIX.length()));
    }
    // Kafka Streams' per-client prefixes (StreamsConfig.consumerPrefix, producerPrefix, ...). Not
    // "topic.": it would accept any typo of Surgewatch's own topic.* keys.
    for (final String prefix :
        new String[] {
          StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX,
          StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.PRODUCER_PREFIX,
          StreamsConfig.ADMIN_CLIENT_PREFIX
        }) {
      if (key.startsWith(prefix)) {
        return CLIENT_KEYS.contains(key.substring(prefix.length()));
      }
    }
    return false;
  }
}
