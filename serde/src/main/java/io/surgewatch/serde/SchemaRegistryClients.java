package io.surgewatch.serde;

import java.util.Map;

/**
 * Picks the registry client for a config: {@code mock://scope} is the in-memory registry, anything
 * else REST.
 */
public final class SchemaRegistryClients {
  private SchemaRegistryClients() {}

  public static SchemaRegistryClient forConfig(final Map<String, ?> config) {
    return forConfig(AvroSerdeConfig.of(config));
  }

  public static SchemaRegistryClient forConfig(final AvroSerdeConfig config) {
    final String first = config.registryUrls().get(0);
    if (first.startsWith("mock://")) {
      return MockSchemaRegistry.forScope(first.substring("mock://".length()));
    }
    return new RestSchemaRegistryClient(config);
  }
}
