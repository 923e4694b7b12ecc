package io.surgewatch.deploy;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Check 3: the topics that compose and Kubernetes create are the code's, as the apps are configured
 * to use them.
 */
final class TopicChecks {

  private final DeployFiles files;

  TopicChecks(final DeployFiles files) {
    this.files = files;
  }

  /**
   * Compose: a one-shot service runs {@code topics create} with the surgewatch image; it creates
   * every topic of {@code Topics.from(SurgewatchConfig.defaultsOnly())} (same names, since the
   * environment does not rename them); every Surgewatch service sees the same topics, partitions
   * and replication factor as the initialiser; and every app waits for it ({@code depends_on:
   * condition: service_completed_successfully}).
   */
  List<String> composeTopics() {
    final List<String> v = new ArrayList<>();
    if (!files.hasCompose()) {
      return List.of("docker-compose.yml: missing");
    }
    final Compose compose = Compose.load(files.compose());
    final String file = files.rel(files.compose());
    final List<Compose.Service> inits =
        compose.surgewatchServices().stream().filter(s -> s.app().equals("topics create")).toList();
    if (inits.isEmpty()) {
      return List.of(
          file
              + ": no service runs `topics create` with the surgewatch image, so no topic is created");
    }
    final Compose.Service init = inits.get(0);
    final Topics created = Topics.from(init.config());
    final Set<String> createdNames = names(created);
    for (final Topics.Topic<?> topic : Topics.from(SurgewatchConfig.defaultsOnly()).all()) {
      if (!createdNames.contains(topic.name())) {
        v.add(
            file
                + ": topic "
                + topic.name()
                + " of the code is not created by service "
                + init.name()
                + " (it creates "
                + createdNames
                + ")");
      }
    }
    for (final Compose.Service s : compose.surgewatchServices()) {
      if (s.name().equals(init.name())) {
        continue;
      }
      final Topics used = Topics.from(s.config());
      if (!names(used).equals(createdNames)) {
        v.add(
            file
                + ": service "
                + s.name()
                + " uses topics "
                + names(used)
                + " but "
                + init.name()
                + " creates "
                + createdNames);
      }
      if (used.partitions() != created.partitions()
          || used.replicationFactor() != created.replicationFactor()) {
        v.add(
            file
                + ": service "
                + s.name()
                + " has "
                + Keys.TOPIC_PARTITIONS
                + "="
                + used.partitions()
                + ", "
                + Keys.TOPIC_REPLICATION_FACTOR
                + "="
                + used.replicationFactor()
                + " but "
                + init.name()
                + " creates "
                + created.partitions()
                + " partitions with replication factor "
                + created.replicationFactor());
      }
      final Object condition = Yamls.at(s.definition(), "depends_on", init.name(), "condition");
      if (!"service_completed_successfully".equals(condition)) {
        v.add(
            file
                + ": service "
                + s.name()
                + " must depend on "
                + init.name()
                + " with condition: service_completed_successfully");
      }
    }
    return v;
  }

  /**
   * Kubernetes, per kustomization: a KafkaTopic for every topic of the code (as configured for the
   * streams app by the rendered ConfigMap and env), with the same partitions, replicas =
   * topic.replication-factor and exactly the same configs; no KafkaTopic the code does not use;
   * each one labelled with a Kafka cluster of the rendering.
   */
  List<String> kubernetesTopics() {
    final List<String> v = new ArrayList<>();
    for (final Rendering r : files.renderings(v)) {
      final List<Rendering.AppContainer> apps = r.appContainers(v);
      final SurgewatchConfig config =
          apps.stream()
              .filter(a -> a.app().equals("streams"))
              .findFirst()
              .map(Rendering.AppContainer::config)
              .orElse(SurgewatchConfig.defaultsOnly());
      final Topics expected = Topics.from(config);
      for (final Rendering.AppContainer a : apps) {
        if (!names(Topics.from(a.config())).equals(names(expected))) {
          v.add(
              r.label()
                  + ": "
                  + a.workloadKind()
                  + " "
                  + a.workloadName()
                  + " uses topics "
                  + names(Topics.from(a.config()))
                  + " but the streams app uses "
                  + names(expected));
        }
      }
      final Map<String, Map<String, Object>> declared = new TreeMap<>();
      for (final Map<String, Object> kt : r.ofKind("KafkaTopic")) {
        declared.put(topicName(kt), kt);
      }
      final Set<String> clusters = new HashSet<>();
      r.ofKind("Kafka").forEach(k -> clusters.add(Yamls.str(Yamls.at(k, "metadata", "name"))));
      for (final Topics.Topic<?> topic : expected.all()) {
        final Map<String, Object> kt = declared.get(topic.name());
        if (kt == null) {
          v.add(r.label() + ": no KafkaTopic for topic " + topic.name() + " of the code");
          continue;
        }
        kafkaTopic(v, r.label() + ": KafkaTopic " + topic.name(), kt, topic, expected, clusters);
      }
      final Set<String> known = names(expected);
      final Map<String, Object> registry = registryDeployment(r);
      if (registry != null) {
        final String topic = registryTopic(registry);
        registryTopic(
            v, r.label() + ": KafkaTopic " + topic, declared.remove(topic), expected, clusters);
      }
      for (final String name : declared.keySet()) {
        if (!known.contains(name)) {
          v.add(
              r.label()
                  + ": KafkaTopic "
                  + name
                  + " is not a topic the code uses "
                  + known
                  + " (Kafka Streams creates its internal topics itself)");
        }
      }
    }
    return v;
  }

  /** The schema registry a rendering runs itself (deploy/base/schema-registry.yaml), or null. */
  private static Map<String, Object> registryDeployment(final Rendering r) {
    return r.ofKind("Deployment").stream()
        .filter(
            d ->
                "schema-registry"
                    .equals(Yamls.at(d, "metadata", "labels", "app.kubernetes.io/name")))
        .findFirst()
        .orElse(null);
  }

  /** The topic the registry keeps its schemas in: SCHEMA_REGISTRY_KAFKASTORE_TOPIC or _schemas. */
  private static String registryTopic(final Map<String, Object> registry) {
    for (final Object c :
        Yamls.list(Yamls.at(registry, "spec", "template", "spec", "containers"))) {
      for (final Object e : Yamls.list(Yamls.at(c, "env"))) {
        if ("SCHEMA_REGISTRY_KAFKASTORE_TOPIC".equals(Yamls.at(e, "name"))) {
          return Yamls.str(Yamls.at(e, "value"));
        }
      }
    }
    return "_schemas";
  }

  /**
   * A registry run in the cluster keeps every schema id the topics' records name in one topic:
   * declared, so that the operator creates it with the cluster's replication. Left to the registry,
   * it is created with as many replicas as brokers are alive at its first start (one, during a
   * rolling start), for good, and one lost disk makes every topic unreadable.
   */
  private static void registryTopic(
      final List<String> v,
      final String where,
      final Map<String, Object> kt,
      final Topics expected,
      final Set<String> clusters) {
    if (kt == null) {
      v.add(
          where
              + " is not declared: the schema registry would create it with the brokers alive"
              + " at its first start as replicas");
      return;
    }
    final Object partitions = Yamls.at(kt, "spec", "partitions");
    if (partitions == null || Integer.parseInt(partitions.toString()) != 1) {
      v.add(where + " has partitions " + partitions + ", the registry requires 1");
    }
    replicated(v, where, kt, expected);
    final Object policy = Yamls.at(kt, "spec", "config", "cleanup.policy");
    if (!"compact".equals(String.valueOf(policy))) {
      v.add(where + " has cleanup.policy=" + policy + ", the registry requires compact");
    }
    inCluster(v, where, kt, clusters);
  }

  /** One declared KafkaTopic against the code's topic: partitions, replicas, configs, cluster. */
  private static void kafkaTopic(
      final List<String> v,
      final String where,
      final Map<String, Object> kt,
      final Topics.Topic<?> topic,
      final Topics expected,
      final Set<String> clusters) {
    final Object partitions = Yamls.at(kt, "spec", "partitions");
    if (partitions == null || Integer.parseInt(partitions.toString()) != topic.partitions()) {
      v.add(
          where
              + " has partitions "
              + partitions
              + ", the code uses "
              + topic.partitions()
              + " ("
              + (topic.role() == Topics.Role.INPUT
                  ? Keys.TOPIC_INPUT_PARTITIONS
                  : Keys.TOPIC_PARTITIONS)
              + ")");
    }
    replicated(v, where, kt, expected);
    final Map<String, String> actual = new TreeMap<>();
    Yamls.map(Yamls.at(kt, "spec", "config"))
        .forEach((k, val) -> actual.put(k, String.valueOf(val)));
    final Map<String, String> wanted = new TreeMap<>(topic.configs());
    if (!actual.equals(wanted)) {
      v.add(
          where
              + " has config "
              + actual
              + ", the code (io.surgewatch.core.Topics) declares "
              + wanted);
    }
    inCluster(v, where, kt, clusters);
  }

  private static void replicated(
      final List<String> v,
      final String where,
      final Map<String, Object> kt,
      final Topics expected) {
    final Object replicas = Yamls.at(kt, "spec", "replicas");
    if (replicas == null || Integer.parseInt(replicas.toString()) != expected.replicationFactor()) {
      v.add(
          where
              + " has replicas "
              + replicas
              + ", the code uses "
              + Keys.TOPIC_REPLICATION_FACTOR
              + "="
              + expected.replicationFactor());
    }
  }

  private static void inCluster(
      final List<String> v,
      final String where,
      final Map<String, Object> kt,
      final Set<String> clusters) {
    final Object cluster = Yamls.at(kt, "metadata", "labels", "strimzi.io/cluster");
    if (cluster == null || !clusters.contains(cluster.toString())) {
      v.add(
          where
              + " has strimzi.io/cluster="
              + cluster
              + ", not a Kafka of this rendering "
              + clusters);
    }
  }

  private static Set<String> names(final Topics topics) {
    final Set<String> out = new TreeSet<>();
    topics.all().forEach(t -> out.add(t.name()));
    return out;
  }

  private static String topicName(final Map<String, Object> kafkaTopic) {
    final Object topicName = Yamls.at(kafkaTopic, "spec", "topicName");
    return topicName != null
        ? topicName.toString()
        : Yamls.str(Yamls.at(kafkaTopic, "metadata", "name"));
  }
}
