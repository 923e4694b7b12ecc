package io.surgewatch.deploy;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Static checks of a repository's deployment files against the code: {@code docker-compose.yml}, {@code docker/}
 * (Dockerfiles) and {@code deploy/} (kustomize bases and overlays). Each check returns its violations, one
 * sentence each naming the file (or the kustomization) and the offending thing; empty means it passes.
 */
public final class DeployChecks {
  private static final Pattern ENV_NAME = Pattern.compile("SURGEWATCH_[A-Z0-9_]+");
  private static final Pattern ENV_ASSIGNMENT = Pattern.compile("^(SURGEWATCH_[A-Z0-9_]+)=.*", Pattern.DOTALL);

  private final Path root;

  public DeployChecks(final Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  // ---- discovery ------------------------------------------------------------------------------------------

  Path compose() {
    return root.resolve("docker-compose.yml");
  }

  /** docker-compose.yml and every *.yaml / *.yml under deploy/. */
  List<Path> yamlFiles() {
    final List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(compose())) {
      files.add(compose());
    }
    files.addAll(walk(root.resolve("deploy"),
        p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml")));
    return files;
  }

  /** docker/Dockerfile, docker/*.Dockerfile, docker/Dockerfile.* (not the .dockerignore files). */
  List<Path> dockerfiles() {
    return walk(root.resolve("docker"), p -> {
      final String n = p.getFileName().toString();
      return !n.endsWith(".dockerignore") && (n.equals("Dockerfile") || n.endsWith(".Dockerfile") || n.startsWith("Dockerfile."));
    });
  }

  /** Every directory under deploy/ with a kustomization (base and overlays). */
  List<Path> kustomizations() {
    return walk(root.resolve("deploy"), p -> p.getFileName().toString().equals("kustomization.yaml")
        || p.getFileName().toString().equals("kustomization.yml")).stream().map(Path::getParent).toList();
  }

  private static List<Path> walk(final Path dir, final java.util.function.Predicate<Path> filter) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(filter).sorted().toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String rel(final Path p) {
    return root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  List<Rendering> renderings(final List<String> problems) {
    final List<Rendering> out = new ArrayList<>();
    for (final Path dir : kustomizations()) {
      try {
        out.add(new Rendering(rel(dir), Kustomize.render(dir)));
      } catch (final RuntimeException e) {
        problems.add(rel(dir) + ": does not render: " + e.getMessage());
      }
    }
    return out;
  }

  // ---- 1. YAML parses --------------------------------------------------------------------------------------

  /** Every YAML file parses (all its documents), and every kustomization renders. */
  public List<String> yamlParses() {
    final List<String> v = new ArrayList<>();
    for (final Path file : yamlFiles()) {
      try {
        Yamls.loadAll(file);
      } catch (final RuntimeException e) {
        v.add(rel(file) + ": is not valid YAML: " + firstLine(e.getMessage()));
      }
    }
    if (v.isEmpty()) {
      renderings(v);
    }
    if (!Files.isRegularFile(compose())) {
      v.add("docker-compose.yml: missing");
    }
    return v;
  }

  private static String firstLine(final String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  // ---- 2. images pinned ------------------------------------------------------------------------------------

  /** Every image (compose, Dockerfile FROM and syntax, Kubernetes, raw and rendered) has a non-latest tag or a digest. */
  public List<String> imagesPinned() {
    final Set<String> v = new LinkedHashSet<>();
    for (final Path file : yamlFiles()) {
      if (Kustomize.kustomizationFileName(file)) {
        continue; // its images: entries are checked through the rendering
      }
      for (final Object doc : Yamls.loadAll(file)) {
        Yamls.walk(doc, (key, value) -> {
          if (key.equals("image") && value instanceof String s) {
            checkImage(v, rel(file), Compose.interpolate(s));
          }
        });
      }
    }
    for (final Path file : dockerfiles()) {
      final Dockerfile d = Dockerfile.parse(file);
      if (d.syntaxImage() != null) {
        checkImage(v, rel(file) + " (# syntax=)", d.syntaxImage());
      }
      for (final Dockerfile.Stage stage : d.stages()) {
        if (!stage.fromEarlierStage() && !stage.image().equals("scratch")) {
          checkImage(v, rel(file) + " (FROM)", stage.image());
        }
      }
    }
    final List<String> problems = new ArrayList<>();
    for (final Rendering r : renderings(problems)) {
      for (final Map<String, Object> resource : r.resources()) {
        Yamls.walk(resource, (key, value) -> {
          if (key.equals("image") && value instanceof String s) {
            checkImage(v, r.label() + " (rendered " + resource.get("kind") + " "
                + Yamls.at(resource, "metadata", "name") + ")", s);
          }
        });
      }
    }
    v.addAll(problems);
    return List.copyOf(v);
  }

  private static void checkImage(final Set<String> v, final String where, final String image) {
    final ImageRef ref = ImageRef.parse(image);
    if (!ref.pinned()) {
      v.add(where + ": image '" + image + "' is not pinned: " + ref.why()
          + "; use a full version tag (and a sha256 digest in CI)");
    }
  }

  // ---- 3. topics -------------------------------------------------------------------------------------------

  /**
   * Compose: a one-shot service runs {@code topics create} with the surgewatch image; it creates every topic of
   * {@code Topics.from(SurgewatchConfig.defaultsOnly())} (same names, since the environment does not rename them);
   * every Surgewatch service sees the same topics, partitions and replication factor as the initialiser; and
   * every app waits for it ({@code depends_on: condition: service_completed_successfully}).
   */
  public List<String> composeTopics() {
    final List<String> v = new ArrayList<>();
    if (!Files.isRegularFile(compose())) {
      return List.of("docker-compose.yml: missing");
    }
    final Compose compose = Compose.load(compose());
    final String file = rel(compose());
    final List<Compose.Service> inits = compose.surgewatchServices().stream()
        .filter(s -> s.app().equals("topics create")).toList();
    if (inits.isEmpty()) {
      return List.of(file + ": no service runs `topics create` with the surgewatch image, so no topic is created");
    }
    final Compose.Service init = inits.get(0);
    final Topics created = Topics.from(init.config());
    final Set<String> createdNames = names(created);
    for (final Topics.Topic<?> topic : Topics.from(SurgewatchConfig.defaultsOnly()).all()) {
      if (!createdNames.contains(topic.name())) {
        v.add(file + ": topic " + topic.name() + " of the code is not created by service " + init.name()
            + " (it creates " + createdNames + ")");
      }
    }
    for (final Compose.Service s : compose.surgewatchServices()) {
      if (s.name().equals(init.name())) {
        continue;
      }
      final Topics used = Topics.from(s.config());
      if (!names(used).equals(createdNames)) {
        v.add(file + ": service " + s.name() + " uses topics " + names(used) + " but " + init.name() + " creates "
            + createdNames);
      }
      if (used.partitions() != created.partitions() || used.replicationFactor() != created.replicationFactor()) {
        v.add(file + ": service " + s.name() + " has " + Keys.TOPIC_PARTITIONS + "=" + used.partitions() + ", "
            + Keys.TOPIC_REPLICATION_FACTOR + "=" + used.replicationFactor() + " but " + init.name() + " creates "
            + created.partitions() + " partitions with replication factor " + created.replicationFactor());
      }
      final Object condition = Yamls.at(s.definition(), "depends_on", init.name(), "condition");
      if (!"service_completed_successfully".equals(condition)) {
        v.add(file + ": service " + s.name() + " must depend on " + init.name()
            + " with condition: service_completed_successfully");
      }
    }
    return v;
  }

  /**
   * Kubernetes, per kustomization: a KafkaTopic for every topic of the code (as configured for the streams app by
   * the rendered ConfigMap and env), with the same partitions, replicas = topic.replication-factor and exactly the
   * same configs; no KafkaTopic the code does not use; each one labelled with a Kafka cluster of the rendering.
   */
  public List<String> kubernetesTopics() {
    final List<String> v = new ArrayList<>();
    for (final Rendering r : renderings(v)) {
      final List<Rendering.AppContainer> apps = r.appContainers(v);
      final SurgewatchConfig config = apps.stream().filter(a -> a.app().equals("streams")).findFirst()
          .map(Rendering.AppContainer::config).orElse(SurgewatchConfig.defaultsOnly());
      final Topics expected = Topics.from(config);
      for (final Rendering.AppContainer a : apps) {
        if (!names(Topics.from(a.config())).equals(names(expected))) {
          v.add(r.label() + ": " + a.workloadKind() + " " + a.workloadName() + " uses topics "
              + names(Topics.from(a.config())) + " but the streams app uses " + names(expected));
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
        final String where = r.label() + ": KafkaTopic " + topic.name();
        if (kt == null) {
          v.add(r.label() + ": no KafkaTopic for topic " + topic.name() + " of the code");
          continue;
        }
        final Object partitions = Yamls.at(kt, "spec", "partitions");
        if (partitions == null || Integer.parseInt(partitions.toString()) != topic.partitions()) {
          v.add(where + " has partitions " + partitions + ", the code uses " + topic.partitions() + " ("
              + (topic.role() == Topics.Role.INPUT ? Keys.TOPIC_INPUT_PARTITIONS : Keys.TOPIC_PARTITIONS) + ")");
        }
        final Object replicas = Yamls.at(kt, "spec", "replicas");
        if (replicas == null || Integer.parseInt(replicas.toString()) != expected.replicationFactor()) {
          v.add(where + " has replicas " + replicas + ", the code uses " + Keys.TOPIC_REPLICATION_FACTOR + "="
              + expected.replicationFactor());
        }
        final Map<String, String> actual = new TreeMap<>();
        Yamls.map(Yamls.at(kt, "spec", "config")).forEach((k, val) -> actual.put(k, String.valueOf(val)));
        final Map<String, String> wanted = new TreeMap<>(topic.configs());
        if (!actual.equals(wanted)) {
          v.add(where + " has config " + actual + ", the code (io.surgewatch.core.Topics) declares " + wanted);
        }
        final Object cluster = Yamls.at(kt, "metadata", "labels", "strimzi.io/cluster");
        if (cluster == null || !clusters.contains(cluster.toString())) {
          v.add(where + " has strimzi.io/cluster=" + cluster + ", not a Kafka of this rendering " + clusters);
        }
      }
      final Set<String> known = names(expected);
      for (final String name : declared.keySet()) {
        if (!known.contains(name)) {
          v.add(r.label() + ": KafkaTopic " + name + " is not a topic the code uses " + known
              + " (Kafka Streams creates its internal topics itself)");
        }
      }
    }
    return v;
  }

  private static Set<String> names(final Topics topics) {
    final Set<String> out = new java.util.TreeSet<>();
    topics.all().forEach(t -> out.add(t.name()));
    return out;
  }

  private static String topicName(final Map<String, Object> kafkaTopic) {
    final Object topicName = Yamls.at(kafkaTopic, "spec", "topicName");
    return topicName != null ? topicName.toString() : Yamls.str(Yamls.at(kafkaTopic, "metadata", "name"));
  }

  // ---- 4. environment variables ----------------------------------------------------------------------------

  /**
   * Every SURGEWATCH_* variable in compose, deploy/ and the Dockerfiles is a key of SurgewatchConfig.DEFAULTS (by
   * SurgewatchConfig.envName) or a Kafka consumer/producer/admin/streams key or a registry serde key.
   */
  public List<String> environmentVariables() {
    final Set<String> v = new LinkedHashSet<>();
    for (final Path file : yamlFiles()) {
      for (final Object doc : Yamls.loadAll(file)) {
        final Consumer<String> check = name -> checkVariable(v, rel(file), name);
        Yamls.walk(doc, (key, value) -> {
          if (ENV_NAME.matcher(key).matches()) {
            check.accept(key);
          }
          if (key.equals("name") && value instanceof String s && ENV_NAME.matcher(s).matches()) {
            check.accept(s);
          }
        });
        Yamls.walkListStrings(doc, s -> {
          final Matcher m = ENV_ASSIGNMENT.matcher(s);
          if (m.matches()) {
            check.accept(m.group(1));
          }
        });
      }
    }
    for (final Path file : dockerfiles()) {
      Dockerfile.parse(file).mentionedVariables().forEach(name -> checkVariable(v, rel(file), name));
    }
    return List.copyOf(v);
  }

  private static void checkVariable(final Set<String> v, final String file, final String name) {
    if (ConfigKeys.keyOf(name).isEmpty()) {
      v.add(file + ": environment variable " + name + " maps to no configuration key (neither a key of "
          + "SurgewatchConfig.DEFAULTS nor a Kafka client/streams or registry serde key)");
    }
  }

  // ---- 5. replicas within partitions -----------------------------------------------------------------------

  /**
   * The streams app's instances never exceed its partitions (topic.partitions: the repartition topic of the
   * cube), in compose and in every kustomization (replicas, and an autoscaler's maxReplicas); each compose
   * instance has its own application.server, group.instance.id and state volume.
   */
  public List<String> replicasWithinPartitions() {
    final List<String> v = new ArrayList<>();
    if (Files.isRegularFile(compose())) {
      final Compose compose = Compose.load(compose());
      final String file = rel(compose());
      final List<Compose.Service> streams = compose.surgewatchServices().stream()
          .filter(s -> s.app().equals("streams")).toList();
      int instances = 0;
      final Map<String, String> servers = new LinkedHashMap<>();
      final Map<String, String> memberIds = new LinkedHashMap<>();
      final Map<String, String> volumes = new LinkedHashMap<>();
      for (final Compose.Service s : streams) {
        instances += s.instances();
        final SurgewatchConfig config = s.config();
        final int partitions = config.getInt(Keys.TOPIC_PARTITIONS);
        unique(v, file, "application.server", servers, config.getOrNull("application.server"), s.name());
        unique(v, file, "group.instance.id", memberIds, config.getOrNull("group.instance.id"), s.name());
        final String stateDir = config.get(Keys.STATE_DIR);
        final String volume = Yamls.list(s.definition().get("volumes")).stream().map(String::valueOf)
            .filter(m -> m.contains(":" + stateDir)).map(m -> m.substring(0, m.indexOf(':'))).findFirst().orElse(null);
        if (volume == null) {
          v.add(file + ": service " + s.name() + " has no volume mounted at its state.dir " + stateDir);
        } else {
          unique(v, file, "state volume", volumes, volume, s.name());
        }
        if (s.instances() > 1 && config.getOrNull("group.instance.id") != null) {
          v.add(file + ": service " + s.name() + " runs " + s.instances()
              + " instances with one group.instance.id; they would fence each other");
        }
        if (instances > partitions) {
          v.add(file + ": " + instances + " streams instances (up to service " + s.name() + ") exceed "
              + Keys.TOPIC_PARTITIONS + "=" + partitions + "; the extra ones would sit idle");
        }
      }
    }
    for (final Rendering r : renderings(v)) {
      for (final Rendering.AppContainer a : r.appContainers(v)) {
        if (!a.app().equals("streams")) {
          continue;
        }
        final int partitions = a.config().getInt(Keys.TOPIC_PARTITIONS);
        final String what = r.label() + ": " + a.workloadKind() + " " + a.workloadName();
        // Only topic.partitions bounds the app's parallelism: the inputs are one partition on purpose (one arrival
        // order) and their light first stage runs on one instance; the cube, where the work is, has topic.partitions.
        // What may run the app: the workload's replicas, and the maxReplicas of an autoscaler targeting it.
        final Map<String, Integer> scales = new LinkedHashMap<>();
        scales.put(what + " has replicas " + a.replicas(), a.replicas());
        for (final Map<String, Object> hpa : r.ofKind("HorizontalPodAutoscaler")) {
          final Object max = Yamls.at(hpa, "spec", "maxReplicas");
          if (max != null && Objects.equals(a.workloadName(), Yamls.at(hpa, "spec", "scaleTargetRef", "name"))
              && Objects.equals(a.workloadKind(), Yamls.at(hpa, "spec", "scaleTargetRef", "kind"))) {
            scales.put(r.label() + ": HorizontalPodAutoscaler " + Yamls.at(hpa, "metadata", "name") + " scales "
                + a.workloadName() + " to " + max, Integer.parseInt(max.toString()));
          }
        }
        scales.forEach((prefix, count) -> {
          if (count > partitions) {
            v.add(prefix + " > " + Keys.TOPIC_PARTITIONS + "=" + partitions
                + "; instances beyond the partitions only hold standbys");
          }
        });
      }
    }
    return v;
  }

  private static void unique(final List<String> v, final String file, final String what,
      final Map<String, String> seen, final String value, final String service) {
    if (value == null) {
      v.add(file + ": streams service " + service + " sets no " + what);
      return;
    }
    final String other = seen.putIfAbsent(value, service);
    if (other != null) {
      v.add(file + ": streams services " + other + " and " + service + " share " + what + " " + value);
    }
  }

  // ---- 6. non-root -----------------------------------------------------------------------------------------

  /**
   * Every Dockerfile's final stage runs as a non-root USER; compose does not override it with root; every
   * Kubernetes pod running the surgewatch image sets runAsNonRoot.
   */
  public List<String> nonRootContainers() {
    final List<String> v = new ArrayList<>();
    final List<Path> files = dockerfiles();
    if (files.isEmpty()) {
      v.add("docker/: no Dockerfile");
    }
    for (final Path file : files) {
      final Dockerfile d = Dockerfile.parse(file);
      final Dockerfile.Stage last = d.finalStage();
      if (last == null) {
        v.add(rel(file) + ": no FROM");
        continue;
      }
      String user = last.users().isEmpty() ? null : last.users().get(last.users().size() - 1);
      if (user == null && last.fromEarlierStage()) {
        user = d.stages().stream().filter(s -> last.image().equalsIgnoreCase(s.alias()))
            .map(s -> s.users().isEmpty() ? null : s.users().get(s.users().size() - 1))
            .filter(Objects::nonNull).findFirst().orElse(null);
      }
      if (user == null) {
        v.add(rel(file) + ": the final stage has no USER, so the container runs as root");
      } else if (isRoot(user)) {
        v.add(rel(file) + ": the final stage runs as USER " + user + " (root)");
      }
    }
    if (Files.isRegularFile(compose())) {
      for (final Compose.Service s : Compose.load(compose()).services()) {
        final Object user = s.definition().get("user");
        if (user != null && isRoot(user.toString())) {
          v.add(rel(compose()) + ": service " + s.name() + " runs as user " + user + " (root)");
        }
      }
    }
    for (final Rendering r : renderings(v)) {
      for (final Rendering.AppContainer a : r.appContainers(v)) {
        final Object pod = Yamls.at(a.workload(), "spec", "template", "spec", "securityContext", "runAsNonRoot");
        final Object container = Yamls.at(a.container(), "securityContext", "runAsNonRoot");
        final Object uid = container != null ? Yamls.at(a.container(), "securityContext", "runAsUser")
            : Yamls.at(a.workload(), "spec", "template", "spec", "securityContext", "runAsUser");
        if (!Boolean.TRUE.equals(container != null ? container : pod)) {
          v.add(r.label() + ": " + a.workloadKind() + " " + a.workloadName() + " does not set runAsNonRoot: true");
        } else if (uid != null && uid.toString().equals("0")) {
          v.add(r.label() + ": " + a.workloadKind() + " " + a.workloadName() + " sets runAsUser: 0");
        }
      }
    }
    return v;
  }

  private static boolean isRoot(final String user) {
    final String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    return name.equals("root") || name.equals("0");
  }
}
