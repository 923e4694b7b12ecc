package io.surgewatch.deploy;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Check 5: the streams app never runs more instances than it has partitions, and its instances stay
 * apart.
 */
final class ReplicaChecks {

  private final DeployFiles files;

  ReplicaChecks(final DeployFiles files) {
    this.files = files;
  }

  /**
   * The streams app's instances never exceed its partitions (topic.partitions: the repartition
   * topic of the cube), in compose and in every kustomization (replicas, and an autoscaler's
   * maxReplicas); each compose instance has its own application.server, group.instance.id and state
   * volume.
   */
  List<String> replicasWithinPartitions() {
    final List<String> v = new ArrayList<>();
    if (files.hasCompose()) {
      compose(v);
    }
    for (final Rendering r : files.renderings(v)) {
      for (final Rendering.AppContainer a : r.appContainers(v)) {
        if (a.app().equals("streams")) {
          kubernetes(v, r, a);
        }
      }
    }
    return v;
  }

  private void compose(final List<String> v) {
    final Compose compose = Compose.load(files.compose());
    final String file = files.rel(files.compose());
    final List<Compose.Service> streams =
        compose.surgewatchServices().stream().filter(s -> s.app().equals("streams")).toList();
    int instances = 0;
    final Map<String, String> servers = new LinkedHashMap<>();
    final Map<String, String> memberIds = new LinkedHashMap<>();
    final Map<String, String> volumes = new LinkedHashMap<>();
    for (final Compose.Service s : streams) {
      instances += s.instances();
      final SurgewatchConfig config = s.config();
      final int partitions = config.getInt(Keys.TOPIC_PARTITIONS);
      unique(
          v, file, "application.server", servers, config.getOrNull("application.server"), s.name());
      unique(
          v, file, "group.instance.id", memberIds, config.getOrNull("group.instance.id"), s.name());
      final String stateDir = config.get(Keys.STATE_DIR);
      final String volume =
          Yamls.list(s.definition().get("volumes")).stream()
              .map(String::valueOf)
              .filter(m -> m.contains(":" + stateDir))
              .map(m -> m.substring(0, m.indexOf(':')))
              .findFirst()
              .orElse(null);
      if (volume == null) {
        v.add(
            file + ": service " + s.name() + " has no volume mounted at its state.dir " + stateDir);
      } else {
        unique(v, file, "state volume", volumes, volume, s.name());
      }
      if (s.instances() > 1 && config.getOrNull("group.instance.id") != null) {
        v.add(
            file
                + ": service "
                + s.name()
                + " runs "
                + s.instances()
                + " instances with one group.instance.id; they would fence each other");
      }
      if (instances > partitions) {
        v.add(
            file
                + ": "
                + instances
                + " streams instances (up to service "
                + s.name()
                + ") exceed "
                + Keys.TOPIC_PARTITIONS
                + "="
                + partitions
                + "; the extra ones would sit idle");
      }
    }
  }

  private static void kubernetes(
      final List<String> v, final Rendering r, final Rendering.AppContainer a) {
    final int partitions = a.config().getInt(Keys.TOPIC_PARTITIONS);
    final String what = r.label() + ": " + a.workloadKind() + " " + a.workloadName();
    // topic.partitions bounds the app's useful parallelism: the cube, where the work is, has that
    // many tasks; stage 1's (one per input partition) are light, so an instance past
    // topic.partitions would hold at most one of them. What may run the app: the workload's
    // replicas, and the maxReplicas of an autoscaler targeting it.
    final Map<String, Integer> scales = new LinkedHashMap<>();
    scales.put(what + " has replicas " + a.replicas(), a.replicas());
    for (final Map<String, Object> hpa : r.ofKind("HorizontalPodAutoscaler")) {
      final Object max = Yamls.at(hpa, "spec", "maxReplicas");
      if (max != null
          && Objects.equals(a.workloadName(), Yamls.at(hpa, "spec", "scaleTargetRef", "name"))
          && Objects.equals(a.workloadKind(), Yamls.at(hpa, "spec", "scaleTargetRef", "kind"))) {
        scales.put(
            r.label()
                + ": HorizontalPodAutoscaler "
                + Yamls.at(hpa, "metadata", "name")
                + " scales "
                + a.workloadName()
                + " to "
                + max,
            Integer.parseInt(max.toString()));
      }
    }
    scales.forEach(
        (prefix, count) -> {
          if (count > partitions) {
            v.add(
                prefix
                    + " > "
                    + Keys.TOPIC_PARTITIONS
                    + "="
                    + partitions
                    + "; instances beyond the partitions only hold standbys");
          }
        });
  }

  private static void unique(
      final List<String> v,
      final String file,
      final String what,
      final Map<String, String> seen,
      final String value,
      final String service) {
    if (value == null) {
      v.add(file + ": streams service " + service + " sets no " + what);
      return;
    }
    final String other = seen.putIfAbsent(value, service);
    if (other != null) {
      v.add(
          file
              + ": streams services "
              + other
              + " and "
              + service
              + " share "
              + what
              + " "
              + value);
    }
  }
}
