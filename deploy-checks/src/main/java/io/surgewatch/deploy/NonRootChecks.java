package io.surgewatch.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Check 6: no container runs as root, whichever of the Dockerfile, compose or Kubernetes decides
 * its user.
 */
final class NonRootChecks {

  private final DeployFiles files;

  NonRootChecks(final DeployFiles files) {
    this.files = files;
  }

  /**
   * Every Dockerfile's final stage runs as a non-root USER; compose does not override it with root;
   * every Kubernetes pod running the surgewatch image sets runAsNonRoot.
   */
  List<String> nonRootContainers() {
    final List<String> v = new ArrayList<>();
    final List<Path> dockerfiles = files.dockerfiles();
    if (dockerfiles.isEmpty()) {
      v.add("docker/: no Dockerfile");
    }
    for (final Path file : dockerfiles) {
      dockerfile(v, file);
    }
    if (files.hasCompose()) {
      for (final Compose.Service s : Compose.load(files.compose()).services()) {
        final Object user = s.definition().get("user");
        if (user != null && isRoot(user.toString())) {
          v.add(
              files.rel(files.compose())
                  + ": service "
                  + s.name()
                  + " runs as user "
                  + user
                  + " (root)");
        }
      }
    }
    for (final Rendering r : files.renderings(v)) {
      for (final Rendering.AppContainer a : r.appContainers(v)) {
        final Object pod =
            Yamls.at(a.workload(), "spec", "template", "spec", "securityContext", "runAsNonRoot");
        final Object container = Yamls.at(a.container(), "securityContext", "runAsNonRoot");
        final Object uid =
            container != null
                ? Yamls.at(a.container(), "securityContext", "runAsUser")
                : Yamls.at(
                    a.workload(), "spec", "template", "spec", "securityContext", "runAsUser");
        if (!Boolean.TRUE.equals(container != null ? container : pod)) {
          v.add(
              r.label()
                  + ": "
                  + a.workloadKind()
                  + " "
                  + a.workloadName()
                  + " does not set runAsNonRoot: true");
        } else if (uid != null && uid.toString().equals("0")) {
          v.add(
              r.label() + ": " + a.workloadKind() + " " + a.workloadName() + " sets runAsUser: 0");
        }
      }
    }
    return v;
  }

  /** The final stage's user: its own last USER, else (FROM an earlier stage) that stage's. */
  private void dockerfile(final List<String> v, final Path file) {
    final Dockerfile d = Dockerfile.parse(file);
    final Dockerfile.Stage last = d.finalStage();
    if (last == null) {
      v.add(files.rel(file) + ": no FROM");
      return;
    }
    String user = last.users().isEmpty() ? null : last.users().get(last.users().size() - 1);
    if (user == null && last.fromEarlierStage()) {
      user =
          d.stages().stream()
              .filter(s -> last.image().equalsIgnoreCase(s.alias()))
              .map(s -> s.users().isEmpty() ? null : s.users().get(s.users().size() - 1))
              .filter(Objects::nonNull)
              .findFirst()
              .orElse(null);
    }
    if (user == null) {
      v.add(files.rel(file) + ": the final stage has no USER, so the container runs as root");
    } else if (isRoot(user)) {
      v.add(files.rel(file) + ": the final stage runs as USER " + user + " (root)");
    }
  }

  private static boolean isRoot(final String user) {
    final String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    return name.equals("root") || name.equals("0");
  }
}
