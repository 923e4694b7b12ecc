package io.surgewatch.cli;

import io.surgewatch.core.ConfigDeclarations;
import io.surgewatch.core.SurgewatchConfig;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./surgewatch config}: every key with its type, default, current value (and where it came
 * from) and doc.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Lists every configuration key: its type, its default, the value in effect with the options, "
          + "environment (SURGEWATCH_*) and file given, where that value came from, its environment variable, and what "
          + "it does. Kafka client and registry keys that are set follow (secrets hidden). Loading checks the "
          + "configuration as every command does: a bad value or a misspelt key fails with one line."
    })
final class ConfigCommand implements Callable<Integer> {

  /** Values of pass-through keys that are secrets: never printed. */
  private static final Pattern SECRET =
      // Not a credentials source (USER_INFO, URL): where they come from is no secret.
      Pattern.compile(".*(password|secret|token|jaas|user\\.info|credentials(?!\\.source)).*");

  @Mixin ConfigOptions options;

  @Option(
      names = "--markdown",
      description = "Print the README's table of keys (generated from the declarations).")
  boolean markdown;

  @Override
  public Integer call() {
    final PrintStream out = System.out;
    if (markdown) {
      out.print(ConfigDeclarations.markdownTable());
      return 0;
    }
    final SurgewatchConfig config = options.load();
    for (final ConfigDeclarations.Setting s : ConfigDeclarations.all()) {
      final String value = config.get(s.key());
      out.println(s.key());
      out.printf(
          "    type %s, default %s, value %s (%s)%n",
          s.typeName(),
          shown(s.shownDefault(), false),
          shown(value, s.type() == ConfigDef.Type.PASSWORD),
          config.origin(s.key()));
      out.println(
          "    env "
              + SurgewatchConfig.envName(s.key())
              + (s.deprecatedSystemProperty() == null
                  ? ""
                  : ", formerly -D" + s.deprecatedSystemProperty()));
      out.println("    " + s.doc());
    }
    final Map<String, Object> passed = config.clientProperties();
    SurgewatchConfig.DEFAULTS.keySet().forEach(passed::remove);
    out.println();
    if (passed.isEmpty()) {
      out.println(
          "Kafka client and registry keys: none set (any key of Kafka's clients, Kafka Streams or the "
              + "registry serde passes through)");
    } else {
      out.println("Kafka client and registry keys, passed through:");
      passed.forEach(
          (k, v) ->
              out.printf(
                  "    %s = %s (%s)%n",
                  k,
                  shown(String.valueOf(v), SECRET.matcher(k.toLowerCase(Locale.ROOT)).matches()),
                  config.origin(k)));
    }
    return 0;
  }

  private static String shown(final String value, final boolean secret) {
    if (value.isEmpty()) {
      return "(empty)";
    }
    return secret ? "(hidden)" : value;
  }
}
