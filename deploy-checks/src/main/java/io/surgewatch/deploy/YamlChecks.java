package io.surgewatch.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Check 1: the deployment files can be read at all (every other check reads them). */
final class YamlChecks {

  private final DeployFiles files;

  YamlChecks(final DeployFiles files) {
    this.files = files;
  }

  /** Every YAML file parses (all its documents), and every kustomization renders. */
  List<String> yamlParses() {
    final List<String> v = new ArrayList<>();
    for (final Path file : files.yamlFiles()) {
      try {
        Yamls.loadAll(file);
      } catch (final RuntimeException e) {
        v.add(files.rel(file) + ": is not valid YAML: " + firstLine(e.getMessage()));
      }
    }
    if (v.isEmpty()) {
      files.renderings(v);
    }
    if (!files.hasCompose()) {
      v.add("docker-compose.yml: missing");
    }
    return v;
  }

  private static String firstLine(final String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
