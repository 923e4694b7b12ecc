package io.surgewatch.deploy;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Check 4: every {@code SURGEWATCH_*} variable the files set means a real key (a typo would be
 * silently ignored).
 */
final class EnvironmentChecks {

  private static final Pattern ENV_NAME = Pattern.compile("SURGEWATCH_[A-Z0-9_]+");
  private static final Pattern ENV_ASSIGNMENT =
      Pattern.compile("^(SURGEWATCH_[A-Z0-9_]+)=.*", Pattern.DOTALL);

  private final DeployFiles files;

  EnvironmentChecks(final DeployFiles files) {
    this.files = files;
  }

  /**
   * Every SURGEWATCH_* variable in compose, deploy/ and the Dockerfiles is a key of
   * SurgewatchConfig.DEFAULTS (by SurgewatchConfig.envName) or a Kafka
   * consumer/producer/admin/streams key or a registry serde key.
   */
  List<String> environmentVariables() {
    final Set<String> v = new LinkedHashSet<>();
    for (final Path file : files.yamlFiles()) {
      for (final Object doc : Yamls.loadAll(file)) {
        final Consumer<String> check = name -> checkVariable(v, files.rel(file), name);
        // A variable is named as a mapping key (compose), as an env entry's name (Kubernetes) or as
        // NAME=value.
        Yamls.walk(
            doc,
            (key, value) -> {
              if (ENV_NAME.matcher(key).matches()) {
                check.accept(key);
              }
              if (key.equals("name")
                  && value instanceof String s
                  && ENV_NAME.matcher(s).matches()) {
                check.accept(s);
              }
            });
        Yamls.walkListStrings(
            doc,
            s -> {
              final Matcher m = ENV_ASSIGNMENT.matcher(s);
              if (m.matches()) {
                check.accept(m.group(1));
              }
            });
      }
    }
    for (final Path file : files.dockerfiles()) {
      Dockerfile.parse(file)
          .mentionedVariables()
          .forEach(name -> checkVariable(v, files.rel(file), name));
    }
    return List.copyOf(v);
  }

  private static void checkVariable(final Set<String> v, final String file, final String name) {
    if (ConfigKeys.keyOf(name).isEmpty()) {
      v.add(
          file
              + ": environment variable "
              + name
              + " maps to no configuration key (neither a key of "
              + "SurgewatchConfig.DEFAULTS nor a Kafka client/streams or registry serde key)");
    }
  }
}
