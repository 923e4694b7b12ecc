package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The configuration options every command shares: a properties file, key=value overrides, and
 * shortcuts for the most common keys. Environment variables (SURGEWATCH_*) apply below flags and
 * above the file.
 */
public final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Properties file with configuration keys.")
  Path file;

  @Option(
      names = {"-D", "--set"},
      paramLabel = "KEY=VALUE",
      description =
          "Set any configuration key ('surgewatch config' lists them), including Kafka client properties "
              + "(e.g. security.protocol=SASL_SSL). A misspelt key fails with the nearest key named.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description = "Confluent-compatible schema registry base URL.")
  String registryUrl;

  public SurgewatchConfig load() {
    return load(Map.of());
  }

  /**
   * For the commands that start their own broker and registry ({@code demo}, {@code stack}): an
   * address of another cluster given on the command line would take the place of theirs, and the
   * command would wait for topics on a cluster it never set up.
   */
  void requireNoClusterAddress(final CommandSpec spec) {
    final String given =
        bootstrapServers != null
            ? "--bootstrap-servers"
            : registryUrl != null
                ? "--schema-registry-url"
                : overrides.containsKey(Keys.BOOTSTRAP_SERVERS)
                    ? "--set " + Keys.BOOTSTRAP_SERVERS
                    : overrides.containsKey(Keys.SCHEMA_REGISTRY_URL)
                        ? "--set " + Keys.SCHEMA_REGISTRY_URL
                        : null;
    if (given != null) {
      throw new ParameterException(
          spec.commandLine(),
          spec.name()
              + " starts its own broker and registry on loopback, so "
              + given
              + " has no use here: choose their ports with --set kafka.port=N and --set registry.port=N,"
              + " or run 'surgewatch streams' against another cluster");
    }
  }

  /**
   * @param base values that flags and environment still override (e.g. the local stack's addresses)
   */
  public SurgewatchConfig load(final Map<String, String> base) {
    final Map<String, String> flags = new LinkedHashMap<>(base);
    flags.putAll(overrides);
    if (bootstrapServers != null) {
      flags.put(Keys.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    if (registryUrl != null) {
      flags.put(Keys.SCHEMA_REGISTRY_URL, registryUrl);
    }
    final Map<String, String> env = new LinkedHashMap<>(System.getenv());
    // Explicit flags beat the environment; base values (the local stack's) do not.
    base.keySet().forEach(k -> env.remove(SurgewatchConfig.envName(k)));
    return SurgewatchConfig.load(file, env, flags);
  }

  /** The data directory, relative to the project's home when the launcher set it. */
  static Path dataDir(final SurgewatchConfig config) {
    final Path dir = Path.of(config.get(Keys.DATA_DIR));
    final String home = System.getProperty("surgewatch.home");
    return dir.isAbsolute() || home == null ? dir : Path.of(home).resolve(dir);
  }
}
