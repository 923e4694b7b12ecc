package io.surgewatch.deploy;

import io.surgewatch.core.SurgewatchConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources one kustomization renders to (deploy/base, deploy/overlays/dev, ...), and what they
 * mean.
 */
record Rendering(String label, List<Map<String, Object>> resources) {
  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "Job");

  /** A Surgewatch container in a workload, with the configuration it runs with. */
  record AppContainer(
      Map<String, Object> workload,
      Map<String, Object> container,
      String app,
      Map<String, String> environment) {
    String workloadKind() {
      return Yamls.str(workload.get("kind"));
    }

    String workloadName() {
      return Yamls.str(Yamls.at(workload, "metadata", "name"));
    }

    int replicas() {
      final Object r = Yamls.at(workload, "spec", "replicas");
      return r == null ? 1 : Integer.parseInt(r.toString());
    }

    SurgewatchConfig config() {
      return SurgewatchConfig.load(null, environment, Map.of());
    }
  }

  List<Map<String, Object>> ofKind(final String kind) {
    return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
  }

  Map<String, Object> find(final String kind, final String name) {
    return ofKind(kind).stream()
        .filter(r -> name.equals(Yamls.at(r, "metadata", "name")))
        .findFirst()
        .orElse(null);
  }

  /**
   * Every container running the surgewatch image. Its environment: the ConfigMaps of envFrom, then
   * literal env values (later wins, as in Kubernetes); values from Secrets or the downward API are
   * unknown here and left out.
   */
  List<AppContainer> appContainers(final List<String> problems) {
    final List<AppContainer> out = new ArrayList<>();
    for (final Map<String, Object> workload : resources) {
      if (!WORKLOADS.contains(Yamls.str(workload.get("kind")))) {
        continue;
      }
      for (final Object c :
          Yamls.list(Yamls.at(workload, "spec", "template", "spec", "containers"))) {
        final Map<String, Object> container = Yamls.map(c);
        final Object image = container.get("image");
        if (image == null || !ImageRef.parse(image.toString()).simpleName().equals("surgewatch")) {
          continue;
        }
        final Map<String, String> env = new LinkedHashMap<>();
        for (final Object from : Yamls.list(container.get("envFrom"))) {
          final Object cmName = Yamls.at(from, "configMapRef", "name");
          if (cmName != null) {
            final Map<String, Object> cm = find("ConfigMap", cmName.toString());
            if (cm == null) {
              problems.add(
                  label
                      + ": "
                      + workload.get("kind")
                      + " "
                      + Yamls.at(workload, "metadata", "name")
                      + " reads ConfigMap "
                      + cmName
                      + ", which is not in the rendering");
            } else {
              Yamls.map(cm.get("data")).forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
          }
        }
        for (final Object e : Yamls.list(container.get("env"))) {
          final Map<String, Object> var = Yamls.map(e);
          final Object value = var.get("value");
          if (value != null && !value.toString().contains("$(")) {
            env.put(String.valueOf(var.get("name")), value.toString());
          }
        }
        final List<Object> args = new ArrayList<>(Yamls.list(container.get("command")));
        args.addAll(Yamls.list(container.get("args")));
        final String app =
            args.isEmpty()
                ? ""
                : args.get(0).equals("topics") && args.size() > 1
                    ? "topics " + args.get(1)
                    : String.valueOf(args.get(0));
        out.add(new AppContainer(workload, container, app, env));
      }
    }
    return out;
  }
}
