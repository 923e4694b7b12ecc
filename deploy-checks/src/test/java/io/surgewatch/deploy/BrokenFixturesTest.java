package io.surgewatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every check fails on a small broken layout under src/test/resources/broken, reporting exactly the
 * expected violations: each expected fragment matches one violation and every violation is expected
 * (no false positives).
 */
class BrokenFixturesTest {

  private static DeployChecks fixture(final String name) {
    try {
      return new DeployChecks(
          Path.of(BrokenFixturesTest.class.getResource("/broken/" + name).toURI()));
    } catch (final URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Each fragment is contained in exactly one violation, and each violation contains one fragment.
   */
  private static void assertViolations(final List<String> violations, final String... fragments) {
    final String all = String.join("\n", violations);
    final List<String> unexpected = new ArrayList<>(violations);
    for (final String fragment : fragments) {
      final List<String> hits = violations.stream().filter(v -> v.contains(fragment)).toList();
      assertEquals(
          1,
          hits.size(),
          () -> "'" + fragment + "' should be in exactly one violation of:\n" + all);
      unexpected.removeAll(hits);
    }
    assertEquals(List.of(), unexpected, () -> "unexpected violations; all:\n" + all);
  }

  @Test
  void invalidYamlInAnyDocumentFails() {
    assertViolations(fixture("yaml").yamlParses(), "deploy/base/bad.yaml: is not valid YAML");
  }

  @Test
  void kustomizationFieldTheRendererDoesNotKnowFails() {
    assertViolations(
        fixture("unsupported-kustomization").yamlParses(), "deploy/base: does not render: ");
    assertTrue(
        fixture("unsupported-kustomization")
            .yamlParses()
            .get(0)
            .contains("'commonLabels' is not supported"));
  }

  @Test
  void unpinnedImagesFail() {
    assertViolations(
        fixture("unpinned").imagesPinned(),
        "docker-compose.yml: image 'apache/kafka:latest'",
        "docker-compose.yml: image 'confluentinc/cp-schema-registry' is not pinned: no tag",
        "docker/Dockerfile (# syntax=): image 'docker/dockerfile'",
        "docker/Dockerfile (FROM): image 'maven'",
        "docker/Dockerfile (FROM): image 'eclipse-temurin:17-jre@sha256:abc123' is not pinned: malformed digest",
        "deploy/base/app.yaml: image 'busybox'",
        "deploy/base (rendered Deployment web): image 'busybox'",
        "deploy/base (rendered Deployment web): image 'nginx:latest'");
  }

  @Test
  void composeWithoutTopicInitialiserFails() {
    assertViolations(fixture("no-initialiser").composeTopics(), "no service runs `topics create`");
  }

  @Test
  void composeTopicsThatDisagreeWithTheCodeFail() {
    assertViolations(
        fixture("topics").composeTopics(),
        "topic security.incidents.v1 of the code is not created by service topics-init",
        "service streams uses topics",
        "service streams has topic.partitions=12",
        "service ingest must depend on topics-init with condition: service_completed_successfully");
  }

  @Test
  void kafkaTopicsThatDisagreeWithTheCodeFail() {
    assertViolations(
        fixture("topics").kubernetesTopics(),
        "KafkaTopic security.incidents.v1 has partitions 3, the code uses 6 (topic.input-partitions)",
        "KafkaTopic security.counts.v1 has config {cleanup.policy=delete, min.compaction.lag.ms=3600000}, "
            + "the code (io.surgewatch.core.Topics) declares {cleanup.policy=compact",
        "KafkaTopic security.alerts.v1 has replicas 1, the code uses topic.replication-factor=3",
        "no KafkaTopic for topic security.dead-letter.v1",
        "KafkaTopic security.statement-counts.v1 has strimzi.io/cluster=other",
        "KafkaTopic security.legacy.v0 is not a topic the code uses",
        "KafkaTopic _registry is not declared: the schema registry would create it");
  }

  @Test
  void unknownSurgewatchVariablesFailNamingFileAndVariable() {
    assertViolations(
        fixture("env").environmentVariables(),
        "docker-compose.yml: environment variable SURGEWATCH_DASHBORD_PORT maps to no configuration key",
        "docker-compose.yml: environment variable SURGEWATCH_TOPIC_INCIDENT maps",
        "docker/Dockerfile: environment variable SURGEWATCH_STATEDIR maps",
        "deploy/base/app.yaml: environment variable SURGEWATCH_BOGUS_SETTING maps",
        "deploy/base/app.yaml: environment variable SURGEWATCH_MAX_POLL_RECORD maps");
  }

  @Test
  void replicasBeyondPartitionsFail() {
    assertViolations(
        fixture("replicas").replicasWithinPartitions(),
        "docker-compose.yml: 2 streams instances (up to service streams-2) exceed topic.partitions=1",
        "docker-compose.yml: streams services streams-1 and streams-2 share group.instance.id streams",
        "docker-compose.yml: streams services streams-1 and streams-2 share state volume state",
        "deploy/base: HorizontalPodAutoscaler surgewatch-streams scales surgewatch-streams to 10 > topic.partitions=6",
        "deploy/overlays/prod: StatefulSet surgewatch-streams has replicas 8 > topic.partitions=6");
  }

  @Test
  void containersRunningAsRootFail() {
    assertViolations(
        fixture("root").nonRootContainers(),
        "docker/Dockerfile: the final stage has no USER",
        "docker/root.Dockerfile: the final stage runs as USER root",
        "docker/uid0.Dockerfile: the final stage runs as USER 0:0",
        "docker-compose.yml: service streams runs as user 0",
        "deploy/base: Deployment surgewatch-ingest does not set runAsNonRoot: true",
        "deploy/base: StatefulSet surgewatch-streams sets runAsUser: 0");
  }
}
