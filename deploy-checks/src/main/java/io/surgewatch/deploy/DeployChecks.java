package io.surgewatch.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * Static checks of a repository's deployment files against the code: {@code docker-compose.yml},
 * {@code docker/} (Dockerfiles) and {@code deploy/} (kustomize bases and overlays). Each check
 * returns its violations, one sentence each naming the file (or the kustomization) and the
 * offending thing; empty means it passes. Each family of checks is a class of its own; this is the
 * one entry point to all of them.
 */
public final class DeployChecks {

  private final YamlChecks yaml;
  private final ImageChecks images;
  private final TopicChecks topics;
  private final EnvironmentChecks environment;
  private final ReplicaChecks replicas;
  private final NonRootChecks nonRoot;

  public DeployChecks(final Path root) {
    final DeployFiles files = new DeployFiles(root);
    yaml = new YamlChecks(files);
    images = new ImageChecks(files);
    topics = new TopicChecks(files);
    environment = new EnvironmentChecks(files);
    replicas = new ReplicaChecks(files);
    nonRoot = new NonRootChecks(files);
  }

  /** 1. Every YAML file parses (all its documents), and every kustomization renders. */
  public List<String> yamlParses() {
    return yaml.yamlParses();
  }

  /**
   * 2. Every image (compose, Dockerfiles, Kubernetes, raw and rendered) has a non-latest tag or a
   * digest.
   */
  public List<String> imagesPinned() {
    return images.imagesPinned();
  }

  /**
   * 3. Compose creates every topic of the code, and every Surgewatch service uses those topics
   * after it.
   */
  public List<String> composeTopics() {
    return topics.composeTopics();
  }

  /**
   * 3. Every kustomization declares a KafkaTopic for each topic of the code, as the code configures
   * it, no other.
   */
  public List<String> kubernetesTopics() {
    return topics.kubernetesTopics();
  }

  /**
   * 4. Every SURGEWATCH_* variable in compose, deploy/ and the Dockerfiles sets a real
   * configuration key.
   */
  public List<String> environmentVariables() {
    return environment.environmentVariables();
  }

  /**
   * 5. The streams app's instances never exceed its partitions; compose instances each have their
   * own state.
   */
  public List<String> replicasWithinPartitions() {
    return replicas.replicasWithinPartitions();
  }

  /**
   * 6. Every Dockerfile, compose service and Kubernetes pod of the surgewatch image runs as a
   * non-root user.
   */
  public List<String> nonRootContainers() {
    return nonRoot.nonRootContainers();
  }
}
