package io.surgewatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the brief asks of the streams app's deployment, pinned on the repository's own files. */
class ProductionShapeTest {
  private static final DeployFiles FILES = new DeployFiles(RepositoryDeployFilesTest.ROOT);

  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void streamsStatefulSetHasStateStaticMembershipAndPodAddress(final String dir) {
    final Rendering r =
        new Rendering(dir, Kustomize.render(RepositoryDeployFilesTest.ROOT.resolve(dir)));
    final Rendering.AppContainer streams =
        r.appContainers(new ArrayList<>()).stream()
            .filter(a -> a.app().equals("streams"))
            .findFirst()
            .orElseThrow();
    assertEquals("StatefulSet", streams.workloadKind());
    assertEquals("1", streams.environment().get("SURGEWATCH_NUM_STANDBY_REPLICAS"));
    assertEquals("exactly_once_v2", streams.environment().get("SURGEWATCH_PROCESSING_GUARANTEE"));

    final List<Map<String, Object>> env =
        Yamls.list(streams.container().get("env")).stream().map(Yamls::map).toList();
    final List<String> names = env.stream().map(e -> String.valueOf(e.get("name"))).toList();
    final Map<String, Object> server = env.get(names.indexOf("SURGEWATCH_APPLICATION_SERVER"));
    // The pod's stable name under the headless Service, never its IP: a restarted static member
    // keeps its assignment, and with it the address the others forward to.
    final String headless = Yamls.at(streams.workload(), "spec", "serviceName").toString();
    assertEquals(
        "$(POD_NAME)."
            + headless
            + ".$(POD_NAMESPACE).svc:"
            + streams.config().get("dashboard.port"),
        server.get("value"));
    for (final String[] field :
        new String[][] {{"POD_NAME", "metadata.name"}, {"POD_NAMESPACE", "metadata.namespace"}}) {
      assertTrue(
          names.indexOf(field[0]) >= 0
              && names.indexOf(field[0]) < names.indexOf("SURGEWATCH_APPLICATION_SERVER"),
          field[0] + " must be declared before it is referenced");
      assertEquals(
          field[1],
          Yamls.at(env.get(names.indexOf(field[0])), "valueFrom", "fieldRef", "fieldPath"));
    }
    assertTrue(
        r.ofKind("Service").stream()
            .anyMatch(
                d ->
                    headless.equals(Yamls.at(d, "metadata", "name"))
                        && "None".equals(Yamls.at(d, "spec", "clusterIP"))),
        "the headless Service " + headless + " the pods' names resolve under");
    assertEquals(
        "metadata.name",
        Yamls.at(
            env.get(names.indexOf("SURGEWATCH_GROUP_INSTANCE_ID")),
            "valueFrom",
            "fieldRef",
            "fieldPath"));
    assertNotNull(
        Yamls.at(env.get(names.indexOf("SURGEWATCH_API_TOKEN")), "valueFrom", "secretKeyRef"));

    // state.dir is on the pod's own volume.
    final Object claim =
        Yamls.at(
            Yamls.list(Yamls.at(streams.workload(), "spec", "volumeClaimTemplates")).get(0),
            "metadata",
            "name");
    assertTrue(
        Yamls.list(streams.container().get("volumeMounts")).stream()
            .map(Yamls::map)
            .anyMatch(
                m ->
                    claim.equals(m.get("name"))
                        && streams.config().get("state.dir").equals(m.get("mountPath"))));

    // Probes: ready/live paths; a broker blip (minutes) must not restart the pods.
    assertEquals(
        "/health/ready", Yamls.at(streams.container(), "readinessProbe", "httpGet", "path"));
    assertEquals("/health/live", Yamls.at(streams.container(), "livenessProbe", "httpGet", "path"));
    final int period = (Integer) Yamls.at(streams.container(), "livenessProbe", "periodSeconds");
    final int failures =
        (Integer) Yamls.at(streams.container(), "livenessProbe", "failureThreshold");
    assertTrue(period * failures >= 180, "liveness tolerates only " + period * failures + " s");

    // Memory request = limit (the JVM heap is a fraction of the limit; RocksDB lives in the rest).
    assertEquals(
        Yamls.at(streams.container(), "resources", "requests", "memory"),
        Yamls.at(streams.container(), "resources", "limits", "memory"));

    final String serviceName = String.valueOf(Yamls.at(streams.workload(), "spec", "serviceName"));
    assertEquals("None", Yamls.at(r.find("Service", serviceName), "spec", "clusterIP"));
    assertTrue(
        r.ofKind("PodDisruptionBudget").stream()
            .anyMatch(
                p ->
                    streams
                        .workloadName()
                        .equals(
                            Yamls.at(
                                p, "spec", "selector", "matchLabels", "app.kubernetes.io/name"))));
    assertEquals(
        "true",
        Yamls.at(
            streams.workload(),
            "spec",
            "template",
            "metadata",
            "annotations",
            "prometheus.io/scrape"));
  }

  /**
   * Kafka nodes keep apart (preferred; required in production, where two on one host would take a
   * partition's quorum with it), and its listeners admit the project's pods only (besides
   * authenticating them: {@link #everyKafkaListenerAuthenticatesAndTheClusterAuthorizes}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void kafkaNodesKeepApartAndItsListenersAdmitTheProjectsPodsOnly(final String dir) {
    final Rendering r =
        new Rendering(dir, Kustomize.render(RepositoryDeployFilesTest.ROOT.resolve(dir)));
    final Map<String, Object> pool = r.ofKind("KafkaNodePool").get(0);
    final Map<String, Object> antiAffinity =
        Yamls.map(Yamls.at(pool, "spec", "template", "pod", "affinity", "podAntiAffinity"));
    final Object term =
        dir.endsWith("prod")
            ? Yamls.list(antiAffinity.get("requiredDuringSchedulingIgnoredDuringExecution")).get(0)
            : Yamls.at(
                Yamls.list(antiAffinity.get("preferredDuringSchedulingIgnoredDuringExecution"))
                    .get(0),
                "podAffinityTerm");
    assertEquals("kubernetes.io/hostname", Yamls.at(term, "topologyKey"));
    assertEquals(
        Yamls.at(pool, "metadata", "name"),
        Yamls.at(term, "labelSelector", "matchLabels", "strimzi.io/pool-name"));
    if (dir.endsWith("prod")) {
      assertEquals(1, antiAffinity.size(), "required only: " + antiAffinity.keySet());
    }
    final List<Object> listeners =
        Yamls.list(Yamls.at(r.ofKind("Kafka").get(0), "spec", "kafka", "listeners"));
    assertFalse(listeners.isEmpty());
    for (final Object listener : listeners) {
      assertEquals(
          "surgewatch",
          Yamls.at(
              Yamls.list(Yamls.at(listener, "networkPolicyPeers")).get(0),
              "podSelector",
              "matchLabels",
              "app.kubernetes.io/part-of"),
          String.valueOf(Yamls.at(listener, "name")));
    }
    // What connects to Kafka carries the label the listeners admit.
    for (final String workload :
        List.of("surgewatch-streams", "surgewatch-ingest", "schema-registry")) {
      assertEquals(
          "surgewatch",
          Stream.of("StatefulSet", "Deployment")
              .flatMap(kind -> r.ofKind(kind).stream())
              .filter(w -> workload.equals(Yamls.at(w, "metadata", "name")))
              .map(
                  w ->
                      Yamls.at(
                          w, "spec", "template", "metadata", "labels", "app.kubernetes.io/part-of"))
              .findFirst()
              .orElseThrow(),
          workload);
    }
  }

  /**
   * Every listener authenticates its clients and the cluster authorizes them by their ACLs: a
   * listener without authentication would serve User:ANONYMOUS, whom the ACLs either refuse
   * everything or, given any, let in whoever reaches the port.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void everyKafkaListenerAuthenticatesAndTheClusterAuthorizes(final String dir) {
    final Map<String, Object> kafka = render(dir).ofKind("Kafka").get(0);
    assertEquals("simple", Yamls.at(kafka, "spec", "kafka", "authorization", "type"));
    final List<Object> listeners = Yamls.list(Yamls.at(kafka, "spec", "kafka", "listeners"));
    assertFalse(listeners.isEmpty());
    for (final Object listener : listeners) {
      final String name = String.valueOf(Yamls.at(listener, "name"));
      assertEquals("scram-sha-512", Yamls.at(listener, "authentication", "type"), name);
      assertEquals(true, Yamls.at(listener, "tls"), name + ": passwords only over TLS");
    }
  }

  /**
   * Every workload that talks to Kafka (the apps, the registry, the CLI jobs) logs in over TLS as a
   * KafkaUser of the same manifests, with the password from the Secret the User Operator makes for
   * it, and trusts the cluster's CA from a file of the CA's Secret.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void everyKafkaClientLogsInAsAKafkaUserOfTheManifestsOverTls(final String dir) {
    final Rendering r = render(dir);
    final String cluster = String.valueOf(Yamls.at(r.ofKind("Kafka").get(0), "metadata", "name"));
    final List<String> users =
        KafkaUser.in(r).stream()
            .filter(u -> cluster.equals(u.cluster()))
            .map(KafkaUser::name)
            .toList();
    final List<Map<String, Object>> workloads = new ArrayList<>();
    Stream.of("Deployment", "StatefulSet").forEach(kind -> workloads.addAll(r.ofKind(kind)));
    workloads.addAll(cliJobs());
    final List<String> clients = new ArrayList<>();
    for (final Map<String, Object> workload : workloads) {
      final Map<String, Object> pod = Yamls.map(Yamls.at(workload, "spec", "template", "spec"));
      for (final Object c : Yamls.list(pod.get("containers"))) {
        final KafkaClientSettings kafka = KafkaClientSettings.of(r, Yamls.map(c));
        if (kafka.isEmpty()) {
          continue;
        }
        final String who = Yamls.at(workload, "metadata", "name") + "/" + Yamls.at(c, "name");
        clients.add(who);
        assertTrue(
            kafka.value("BOOTSTRAP_SERVERS").endsWith(cluster + "-kafka-bootstrap:9093"),
            who + ": " + kafka.value("BOOTSTRAP_SERVERS"));
        assertEquals("SASL_SSL", kafka.value("SECURITY_PROTOCOL"), who);
        assertEquals("SCRAM-SHA-512", kafka.value("SASL_MECHANISM"), who);
        final Object secret = kafka.secretRef("SASL_JAAS_CONFIG");
        assertNotNull(secret, who + ": sasl.jaas.config from a Secret");
        assertTrue(
            users.contains(String.valueOf(Yamls.at(secret, "name"))),
            who + " logs in as " + Yamls.at(secret, "name") + ", not a KafkaUser of " + users);
        assertEquals("sasl.jaas.config", Yamls.at(secret, "key"), who);
        assertEquals("PEM", kafka.value("SSL_TRUSTSTORE_TYPE"), who);
        assertEquals(
            caMountPath(pod, Yamls.map(c), cluster + "-cluster-ca-cert") + "/ca.crt",
            kafka.value("SSL_TRUSTSTORE_LOCATION"),
            who + ": the cluster CA's file");
      }
    }
    assertTrue(
        clients.containsAll(
            List.of(
                "surgewatch-streams/streams",
                "surgewatch-ingest/ingest",
                "schema-registry/schema-registry",
                "surgewatch-produce/cli")),
        "Kafka clients found: " + clients);
  }

  /**
   * The Kafka security settings of config.yaml are client keys the apps accept and pass to every
   * Kafka client they make (producers, consumers, Admin, Kafka Streams: all from {@code
   * clientProperties()}); KafkaUserAclsTest shows the login itself through each.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void theKafkaSecuritySettingsReachTheAppsKafkaClients(final String dir) {
    for (final Rendering.AppContainer app : render(dir).appContainers(new ArrayList<>())) {
      final Map<String, Object> client = app.config().clientProperties();
      assertEquals("SASL_SSL", client.get("security.protocol"), app.workloadName());
      assertEquals("SCRAM-SHA-512", client.get("sasl.mechanism"), app.workloadName());
      assertEquals("PEM", client.get("ssl.truststore.type"), app.workloadName());
      assertEquals(
          "/etc/surgewatch/kafka-ca/ca.crt",
          client.get("ssl.truststore.location"),
          app.workloadName());
    }
  }

  /** Least privilege: no user of the apps may read or write every topic. */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void noKafkaUserHoldsAWildcardAcl(final String dir) {
    final List<KafkaUser> users = KafkaUser.in(render(dir));
    assertFalse(users.isEmpty());
    for (final KafkaUser user : users) {
      assertEquals("scram-sha-512", user.authentication(), user.name());
      user.acls()
          .forEach(
              acl -> {
                assertFalse(acl.pattern().name().equals("*"), user.name() + ": " + acl);
                assertFalse(acl.entry().operation() == AclOperation.ALL, user.name() + ": " + acl);
              });
    }
  }

  /**
   * The streams app's user may use the group, internal topics and transactional ids of the app's
   * own application.id, whatever the overlay sets it to.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void theStreamsUsersGroupAndPrefixesAreItsApplicationId(final String dir) {
    final Rendering r = render(dir);
    final Rendering.AppContainer streams =
        r.appContainers(new ArrayList<>()).stream()
            .filter(a -> a.app().equals("streams"))
            .findFirst()
            .orElseThrow();
    final String applicationId = streams.config().get("application.id");
    final String user =
        String.valueOf(
            Yamls.at(
                KafkaClientSettings.of(r, streams.container()).secretRef("SASL_JAAS_CONFIG"),
                "name"));
    final KafkaUser streamsUser =
        KafkaUser.in(r).stream().filter(u -> u.name().equals(user)).findFirst().orElseThrow();
    assertTrue(
        streamsUser.on(ResourceType.GROUP).stream()
            .anyMatch(
                a ->
                    a.pattern().name().equals(applicationId)
                        && a.pattern().patternType() == PatternType.LITERAL
                        && a.entry().operation() == AclOperation.READ),
        "group " + applicationId);
    for (final ResourceType type : List.of(ResourceType.TOPIC, ResourceType.TRANSACTIONAL_ID)) {
      assertTrue(
          streamsUser.on(type).stream()
              .anyMatch(
                  a ->
                      a.pattern().name().equals(applicationId + "-")
                          && a.pattern().patternType() == PatternType.PREFIXED
                          && a.entry().operation() == AclOperation.WRITE),
          type + " prefix " + applicationId + "-");
    }
  }

  private static Rendering render(final String dir) {
    return new Rendering(dir, Kustomize.render(RepositoryDeployFilesTest.ROOT.resolve(dir)));
  }

  /** The CLI jobs (deploy/jobs/), created by hand beside a rendering rather than rendered in it. */
  private static List<Map<String, Object>> cliJobs() {
    try (Stream<Path> files = Files.list(RepositoryDeployFilesTest.ROOT.resolve("deploy/jobs"))) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .flatMap(f -> Yamls.loadAll(f).stream())
          .map(Yamls::map)
          .filter(d -> "Job".equals(d.get("kind")))
          .toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the container mounts the volume of the cluster CA's Secret, or null. */
  private static String caMountPath(
      final Map<String, Object> pod, final Map<String, Object> container, final String caSecret) {
    final List<String> volumes =
        Yamls.list(pod.get("volumes")).stream()
            .filter(v -> caSecret.equals(Yamls.at(v, "secret", "secretName")))
            .map(v -> String.valueOf(Yamls.at(v, "name")))
            .toList();
    return Yamls.list(container.get("volumeMounts")).stream()
        .filter(m -> volumes.contains(String.valueOf(Yamls.at(m, "name"))))
        .map(m -> String.valueOf(Yamls.at(m, "mountPath")))
        .findFirst()
        .orElse(null);
  }

  @Test
  void imageRunsTheFatJarWithContainerMemoryFlagsAndAHealthcheck() throws IOException {
    final String dockerfile =
        Files.readString(RepositoryDeployFilesTest.ROOT.resolve("docker/Dockerfile"));
    final String entrypoint =
        dockerfile
            .lines()
            .dropWhile(l -> !l.startsWith("ENTRYPOINT"))
            .takeWhile(l -> !l.startsWith("CMD"))
            .reduce("", String::concat);
    assertTrue(entrypoint.startsWith("ENTRYPOINT [\"java\""), entrypoint);
    assertTrue(entrypoint.contains("\"-XX:MaxRAMPercentage="), entrypoint);
    assertTrue(entrypoint.contains("\"-jar\", \"/app/surgewatch.jar\"]"), entrypoint);
    assertTrue(dockerfile.contains("\nHEALTHCHECK "), "HEALTHCHECK");
    final Dockerfile d =
        Dockerfile.parse(RepositoryDeployFilesTest.ROOT.resolve("docker/Dockerfile"));
    assertEquals(2, d.stages().size());
    assertTrue(d.stages().get(0).image().startsWith("maven:3.9"), d.stages().get(0).image());
    assertTrue(d.finalStage().image().startsWith("eclipse-temurin:17"), d.finalStage().image());
  }

  @Test
  void composeRunsTwoStreamsInstancesAfterTheInitialiser() {
    final Compose compose = Compose.load(FILES.compose());
    final List<Compose.Service> streams =
        compose.surgewatchServices().stream().filter(s -> s.app().equals("streams")).toList();
    assertEquals(2, streams.size());
    for (final Compose.Service s : streams) {
      assertEquals(
          s.name() + ":" + s.config().get("dashboard.port"), s.config().get("application.server"));
      assertEquals(s.name(), s.config().get("group.instance.id"));
      assertEquals("1", s.config().get("num.standby.replicas"));
    }
    for (final Compose.Service s : compose.services()) {
      final Map<String, Object> deps = Yamls.map(s.definition().get("depends_on"));
      deps.values()
          .forEach(dep -> assertNotNull(Yamls.map(dep).get("condition"), s.name() + " depends_on"));
      if (!s.app().equals("topics create") && s.definition().get("profiles") == null) {
        assertNotNull(s.definition().get("healthcheck"), s.name() + " healthcheck");
      }
    }
  }
}
