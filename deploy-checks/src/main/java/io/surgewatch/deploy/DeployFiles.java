package io.surgewatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The deployment files of a repository that the checks read: {@code docker-compose.yml}, the
 * Dockerfiles under {@code docker/}, the YAML files and kustomizations under {@code deploy/}. Paths
 * in violations are relative to the repository, so a message names the file as a person finds it.
 */
final class DeployFiles {

  private final Path root;

  DeployFiles(final Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path compose() {
    return root.resolve("docker-compose.yml");
  }

  boolean hasCompose() {
    return Files.isRegularFile(compose());
  }

  /** docker-compose.yml and every *.yaml / *.yml under deploy/. */
  List<Path> yamlFiles() {
    final List<Path> files = new ArrayList<>();
    if (hasCompose()) {
      files.add(compose());
    }
    files.addAll(
        walk(
            root.resolve("deploy"),
            p ->
                p.getFileName().toString().endsWith(".yaml")
                    || p.getFileName().toString().endsWith(".yml")));
    return files;
  }

  /** docker/Dockerfile, docker/*.Dockerfile, docker/Dockerfile.* (not the .dockerignore files). */
  List<Path> dockerfiles() {
    return walk(
        root.resolve("docker"),
        p -> {
          final String n = p.getFileName().toString();
          return !n.endsWith(".dockerignore")
              && (n.equals("Dockerfile")
                  || n.endsWith(".Dockerfile")
                  || n.startsWith("Dockerfile."));
        });
  }

  /** Every directory under deploy/ with a kustomization (base and overlays). */
  List<Path> kustomizations() {
    return walk(
            root.resolve("deploy"),
            p ->
                p.getFileName().toString().equals("kustomization.yaml")
                    || p.getFileName().toString().equals("kustomization.yml"))
        .stream()
        .map(Path::getParent)
        .toList();
  }

  /** The path relative to the repository, with forward slashes. */
  String rel(final Path p) {
    return root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /**
   * Every kustomization rendered; one that does not render is a problem, named by its directory.
   */
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

  private static List<Path> walk(final Path dir, final Predicate<Path> filter) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(filter).sorted().toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
