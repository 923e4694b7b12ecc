package io.surgewatch.deploy;

import io.surgewatch.core.SurgewatchConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a compose file the checks read; YAML anchors and merge keys are already resolved by
 * the loader.
 */
record Compose(Path path, Map<String, Object> root) {
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?]([^}]*))?}");

  static Compose load(final Path path) {
    return new Compose(path, Yamls.map(Yamls.loadAll(path).get(0)));
  }

  /** A service: its name and definition. */
  record Service(String name, Map<String, Object> definition) {
    String image() {
      return definition.get("image") == null
          ? null
          : interpolate(definition.get("image").toString());
    }

    boolean isSurgewatch() {
      final String image = image();
      if (image != null && ImageRef.parse(image).simpleName().equals("surgewatch")) {
        return true;
      }
      final Object dockerfile = Yamls.at(definition, "build", "dockerfile");
      return dockerfile != null
          && dockerfile.toString().replace('\\', '/').endsWith("docker/Dockerfile");
    }

    List<String> command() {
      final Object c = definition.get("command");
      if (c instanceof List<?> l) {
        return l.stream().map(String::valueOf).toList();
      }
      return c == null ? List.of() : Arrays.asList(c.toString().trim().split("\\s+"));
    }

    /** The Surgewatch app it runs: {@code streams}, {@code ingest}, {@code topics create}, ... */
    String app() {
      final List<String> cmd = command();
      if (cmd.isEmpty()) {
        return "";
      }
      return cmd.size() > 1 && cmd.get(0).equals("topics") ? "topics " + cmd.get(1) : cmd.get(0);
    }

    /**
     * The environment with compose interpolation resolved to its defaults (the values when nothing
     * is exported).
     */
    Map<String, String> environment() {
      final Map<String, String> env = new LinkedHashMap<>();
      final Object e = definition.get("environment");
      if (e instanceof Map<?, ?> m) {
        m.forEach(
            (k, v) -> env.put(String.valueOf(k), v == null ? "" : interpolate(String.valueOf(v))));
      } else if (e instanceof List<?> l) {
        for (final Object item : l) {
          final String[] kv = String.valueOf(item).split("=", 2);
          env.put(kv[0], kv.length > 1 ? interpolate(kv[1]) : "");
        }
      }
      return env;
    }

    SurgewatchConfig config() {
      return SurgewatchConfig.load(null, environment(), Map.of());
    }

    int instances() {
      final Object replicas = Yamls.at(definition, "deploy", "replicas");
      final Object scale = definition.get("scale");
      return replicas != null
          ? Integer.parseInt(replicas.toString())
          : scale != null ? Integer.parseInt(scale.toString()) : 1;
    }
  }

  List<Service> services() {
    final List<Service> out = new ArrayList<>();
    Yamls.map(root.get("services"))
        .forEach((name, def) -> out.add(new Service(name, Yamls.map(def))));
    return out;
  }

  List<Service> surgewatchServices() {
    return services().stream().filter(Service::isSurgewatch).toList();
  }

  static String interpolate(final String value) {
    final Matcher m = INTERPOLATION.matcher(value);
    final StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
