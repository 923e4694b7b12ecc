package io.surgewatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KustomizeTest {
  private static final Path ROOT = RepositoryDeployFilesTest.ROOT;

  /** The renderer agrees with the real kustomize (kubectl's) on every kustomization of deploy/. */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/prod"})
  void rendersWhatKubectlKustomizeRenders(final String dir) throws Exception {
    final String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
    final Process p;
    try {
      p =
          new ProcessBuilder(kubectl, "kustomize", ROOT.resolve(dir).toString())
              .redirectErrorStream(false)
              .start();
    } catch (final IOException e) {
      assumeTrue(false, "kubectl not installed: " + e.getMessage());
      return;
    }
    final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "kubectl kustomize failed");
    assertEquals(
        byIdentity(Yamls.loadAll(out)),
        byIdentity(List.copyOf(Kustomize.render(ROOT.resolve(dir)))));
  }

  private static Map<String, Object> byIdentity(final List<?> docs) {
    final Map<String, Object> out = new TreeMap<>();
    for (final Object d : docs) {
      final Map<String, Object> m = Yamls.map(d);
      out.put(
          m.get("kind")
              + "/"
              + Yamls.at(m, "metadata", "namespace")
              + "/"
              + Yamls.at(m, "metadata", "name"),
          m);
    }
    return out;
  }

  @Test
  void strategicMergeMergesContainersAndEnvByNameAndReplacesOtherLists() {
    final Map<String, Object> base =
        Yamls.map(
            Yamls.loadAll(
                    """
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: a
                  image: x:1
                  args: [one, two]
                  env: [{name: A, value: "1"}, {name: B, value: "2"}]
                - name: b
                  image: y:1
        """)
                .get(0));
    Kustomize.merge(
        base,
        Yamls.map(
            Yamls.loadAll(
                    """
        spec:
          template:
            spec:
              containers:
                - name: a
                  args: [three]
                  env: [{name: B, value: "3"}, {name: C, value: "4"}]
        """)
                .get(0)),
        true);
    assertEquals(
        Yamls.loadAll(
                """
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: a
                  image: x:1
                  args: [three]
                  env: [{name: A, value: "1"}, {name: B, value: "3"}, {name: C, value: "4"}]
                - name: b
                  image: y:1
        """)
            .get(0),
        base);
  }

  @Test
  void jsonPatchReplacesAddsAndRemovesAndRejectsMissingPaths() {
    final Map<String, Object> doc =
        Yamls.map(Yamls.loadAll("spec: {replicas: 1, list: [a, b], gone: x}").get(0));
    Kustomize.JsonPatch.apply(
        doc,
        Yamls.list(
            Yamls.loadAll(
                    """
        - {op: replace, path: /spec/replicas, value: 3}
        - {op: add, path: /spec/list/-, value: c}
        - {op: replace, path: /spec/list/0, value: z}
        - {op: remove, path: /spec/gone}
        - {op: add, path: /spec/a~1b, value: 1}
        """)
                .get(0)));
    assertEquals(Yamls.loadAll("spec: {replicas: 3, list: [z, b, c], a/b: 1}").get(0), doc);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Kustomize.JsonPatch.apply(
                doc,
                Yamls.list(
                    Yamls.loadAll("[{op: replace, path: /spec/missing, value: 1}]").get(0))));
  }

  @Test
  void patchThatMatchesNothingFails(@TempDir final Path dir) throws IOException {
    Files.writeString(
        dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        """
        resources: [cm.yaml]
        patches:
          - patch: |-
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: b}
              data: {x: "1"}
        """);
    assertThrows(IllegalArgumentException.class, () -> Kustomize.render(dir));
  }
}
