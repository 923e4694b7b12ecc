package io.surgewatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's own docker-compose.yml, docker/ and deploy/ pass every check. */
class RepositoryDeployFilesTest {
  static final Path ROOT =
      Path.of(System.getProperty("surgewatch.root", "..")).toAbsolutePath().normalize();
  private final DeployFiles files = new DeployFiles(ROOT);
  private final DeployChecks checks = new DeployChecks(ROOT);

  private static void assertNone(final List<String> violations) {
    assertEquals(List.of(), violations, () -> String.join("\n", violations));
  }

  @Test
  void findsTheFilesItChecks() {
    assertTrue(Files.isRegularFile(ROOT.resolve("docker-compose.yml")), "root " + ROOT);
    assertEquals(List.of(ROOT.resolve("docker/Dockerfile")), files.dockerfiles());
    assertEquals(
        List.of("deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"),
        files.kustomizations().stream().map(files::rel).sorted().toList());
    assertTrue(files.yamlFiles().size() >= 12, files.yamlFiles().toString());
  }

  @Test
  void everyYamlFileParsesAndEveryKustomizationRenders() {
    assertNone(checks.yamlParses());
  }

  @Test
  void everyImageIsPinned() {
    assertNone(checks.imagesPinned());
  }

  @Test
  void composeCreatesEveryTopicOfTheCode() {
    assertNone(checks.composeTopics());
  }

  @Test
  void everyKafkaTopicMatchesTheCode() {
    assertNone(checks.kubernetesTopics());
  }

  @Test
  void everySurgewatchVariableIsARealKey() {
    assertNone(checks.environmentVariables());
  }

  @Test
  void streamsReplicasNeverExceedPartitions() {
    assertNone(checks.replicasWithinPartitions());
  }

  @Test
  void containersRunAsNonRoot() {
    assertNone(checks.nonRootContainers());
  }
}
