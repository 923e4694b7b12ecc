package io.surgewatch.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Check 2: every image is pinned, so a deployment runs what was tested. */
final class ImageChecks {

  private final DeployFiles files;

  ImageChecks(final DeployFiles files) {
    this.files = files;
  }

  /**
   * Every image (compose, Dockerfile FROM and syntax, Kubernetes, raw and rendered) has a
   * non-latest tag or a digest.
   */
  List<String> imagesPinned() {
    final Set<String> v = new LinkedHashSet<>();
    for (final Path file : files.yamlFiles()) {
      if (Kustomize.kustomizationFileName(file)) {
        continue; // its images: entries are checked through the rendering
      }
      for (final Object doc : Yamls.loadAll(file)) {
        Yamls.walk(
            doc,
            (key, value) -> {
              if (key.equals("image") && value instanceof String s) {
                checkImage(v, files.rel(file), Compose.interpolate(s));
              }
            });
      }
    }
    for (final Path file : files.dockerfiles()) {
      final Dockerfile d = Dockerfile.parse(file);
      if (d.syntaxImage() != null) {
        checkImage(v, files.rel(file) + " (# syntax=)", d.syntaxImage());
      }
      for (final Dockerfile.Stage stage : d.stages()) {
        if (!stage.fromEarlierStage() && !stage.image().equals("scratch")) {
          checkImage(v, files.rel(file) + " (FROM)", stage.image());
        }
      }
    }
    final List<String> problems = new ArrayList<>();
    for (final Rendering r : files.renderings(problems)) {
      for (final Map<String, Object> resource : r.resources()) {
        Yamls.walk(
            resource,
            (key, value) -> {
              if (key.equals("image") && value instanceof String s) {
                checkImage(
                    v,
                    r.label()
                        + " (rendered "
                        + resource.get("kind")
                        + " "
                        + Yamls.at(resource, "metadata", "name")
                        + ")",
                    s);
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
      v.add(
          where
              + ": image '"
              + image
              + "' is not pinned: "
              + ref.why()
              + "; use a full version tag (and a sha256 digest in CI)");
    }
  }
}
