package io.surgewatch.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka client settings a container of the manifests runs with, by the variable's name after
 * its program's prefix ({@code SURGEWATCH_} for the apps, {@code SCHEMA_REGISTRY_KAFKASTORE_} for
 * the registry's store): literal values (from its ConfigMaps, then its own env) and references to
 * Secrets.
 */
final class KafkaClientSettings {
  private static final List<String> PREFIXES =
      List.of("SURGEWATCH_", "SCHEMA_REGISTRY_KAFKASTORE_");

  private final Map<String, String> values = new HashMap<>();
  private final Map<String, Object> secretRefs = new HashMap<>();

  private KafkaClientSettings() {}

  static KafkaClientSettings of(final Rendering rendering, final Map<String, Object> container) {
    final KafkaClientSettings s = new KafkaClientSettings();
    for (final Object from : Yamls.list(container.get("envFrom"))) {
      final Object name = Yamls.at(from, "configMapRef", "name");
      final Map<String, Object> cm =
          name == null ? null : rendering.find("ConfigMap", name.toString());
      if (cm != null) {
        Yamls.map(cm.get("data")).forEach((k, v) -> s.put(k, String.valueOf(v), null));
      }
    }
    for (final Object e : Yamls.list(container.get("env"))) {
      final Object value = Yamls.at(e, "value");
      s.put(
          String.valueOf(Yamls.at(e, "name")),
          value == null ? null : value.toString(),
          Yamls.at(e, "valueFrom", "secretKeyRef"));
    }
    return s;
  }

  private void put(final String variable, final String value, final Object secretRef) {
    for (final String prefix : PREFIXES) {
      if (variable.startsWith(prefix)) {
        final String setting = variable.substring(prefix.length());
        if (value != null) {
          values.put(setting, value);
        }
        if (secretRef != null) {
          secretRefs.put(setting, secretRef);
        }
      }
    }
  }

  /** Whether the container is no Kafka client (it names no bootstrap servers). */
  boolean isEmpty() {
    return !values.containsKey("BOOTSTRAP_SERVERS");
  }

  /** The literal value of a setting ({@code SECURITY_PROTOCOL}), or null. */
  String value(final String setting) {
    return values.get(setting);
  }

  /** The secretKeyRef ({@code name}, {@code key}) a setting is read from, or null. */
  Object secretRef(final String setting) {
    return secretRefs.get(setting);
  }
}
