package io.surgewatch.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset deploy/ uses, so
 * that the checks see what the cluster gets (an overlay's replicas, patched ConfigMap, image)
 * without kubectl. Supported: resources (files and directories), namespace, images, replicas, and
 * patches (strategic-merge documents or JSON 6902 operations, from a path or inline, with an
 * optional target by kind and name). Any other field fails loudly: a transformer the renderer
 * ignored would make every check downstream of it vacuous. KustomizeTest compares the output with
 * kubectl's when kubectl is installed.
 */
final class Kustomize {
  private Kustomize() {}

  private static final Set<String> SUPPORTED =
      Set.of("apiVersion", "kind", "namespace", "resources", "images", "replicas", "patches");

  /** Strategic merge: lists of these, in built-in kinds, merge item by item on {@code name}. */
  private static final Set<String> NAMED_LISTS =
      Set.of("containers", "initContainers", "env", "volumes", "volumeMounts");

  private static final Set<String> SCALABLE =
      Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController");

  static boolean kustomizationFileName(final Path file) {
    final String name = file.getFileName().toString();
    return name.equals("kustomization.yaml")
        || name.equals("kustomization.yml")
        || name.equals("Kustomization");
  }

  static Path kustomizationFile(final Path dir) {
    for (final String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    throw new IllegalArgumentException("no kustomization.yaml in " + dir);
  }

  static List<Map<String, Object>> render(final Path dir) {
    final Path file = kustomizationFile(dir);
    final Map<String, Object> k = Yamls.map(Yamls.loadAll(file).get(0));
    for (final String key : k.keySet()) {
      if (!SUPPORTED.contains(key)) {
        throw new IllegalArgumentException(
            file
                + ": kustomization field '"
                + key
                + "' is not supported by "
                + "deploy-checks' renderer; extend io.surgewatch.deploy.Kustomize before using it");
      }
    }
    final List<Map<String, Object>> resources = new ArrayList<>();
    for (final Object entry : Yamls.list(k.get("resources"))) {
      final Path path = dir.resolve(entry.toString()).normalize();
      if (Files.isDirectory(path)) {
        resources.addAll(render(path));
      } else {
        for (final Object doc : Yamls.loadAll(path)) {
          resources.add(deepCopy(Yamls.map(doc)));
        }
      }
    }
    for (final Object p : Yamls.list(k.get("patches"))) {
      applyPatch(dir, Yamls.map(p), resources, file);
    }
    final Object namespace = k.get("namespace");
    if (namespace != null) {
      resources.forEach(r -> metadata(r).put("namespace", namespace.toString()));
    }
    for (final Object i : Yamls.list(k.get("images"))) {
      final Map<String, Object> image = Yamls.map(i);
      resources.forEach(r -> retag(r, image));
    }
    for (final Object rep : Yamls.list(k.get("replicas"))) {
      final Map<String, Object> replica = Yamls.map(rep);
      resources.stream()
          .filter(
              r ->
                  SCALABLE.contains(Yamls.str(r.get("kind")))
                      && replica.get("name").equals(Yamls.at(r, "metadata", "name")))
          .forEach(r -> spec(r).put("replicas", replica.get("count")));
    }
    return resources;
  }

  private static void applyPatch(
      final Path dir,
      final Map<String, Object> patch,
      final List<Map<String, Object>> resources,
      final Path file) {
    final List<Object> docs =
        patch.containsKey("path")
            ? Yamls.loadAll(dir.resolve(patch.get("path").toString()))
            : Yamls.loadAll(String.valueOf(patch.get("patch")));
    final Map<String, Object> target = Yamls.map(patch.get("target"));
    if (docs.size() == 1 && docs.get(0) instanceof List<?> ops) {
      if (target.isEmpty()) {
        throw new IllegalArgumentException(file + ": a JSON 6902 patch needs a target");
      }
      final List<Map<String, Object>> matched =
          resources.stream().filter(r -> matches(r, target)).toList();
      if (matched.isEmpty()) {
        throw new IllegalArgumentException(
            file + ": patch target " + target + " matches no resource");
      }
      matched.forEach(r -> JsonPatch.apply(r, Yamls.list(ops)));
      return;
    }
    for (final Object doc : docs) {
      final Map<String, Object> smp = Yamls.map(doc);
      final Map<String, Object> t =
          target.isEmpty()
              ? Map.of("kind", smp.get("kind"), "name", Yamls.at(smp, "metadata", "name"))
              : target;
      final List<Map<String, Object>> matched =
          resources.stream().filter(r -> matches(r, t)).toList();
      if (matched.isEmpty()) {
        throw new IllegalArgumentException(file + ": patch " + t + " matches no resource");
      }
      matched.forEach(r -> merge(r, smp, builtIn(r)));
    }
  }

  private static boolean matches(
      final Map<String, Object> resource, final Map<String, Object> target) {
    return (target.get("kind") == null || target.get("kind").equals(resource.get("kind")))
        && (target.get("name") == null
            || target.get("name").equals(Yamls.at(resource, "metadata", "name")));
  }

  /**
   * Built-in kinds (core, apps/v1, policy/v1, ...) have strategic-merge keys; custom resources
   * merge as JSON.
   */
  private static boolean builtIn(final Map<String, Object> resource) {
    final String apiVersion = Yamls.str(resource.get("apiVersion"));
    return apiVersion != null
        && (!apiVersion.contains("/")
            || !apiVersion.substring(0, apiVersion.indexOf('/')).contains("."));
  }

  @SuppressWarnings("unchecked")
  static void merge(
      final Map<String, Object> base, final Map<String, Object> patch, final boolean strategic) {
    for (final Map.Entry<String, Object> e : patch.entrySet()) {
      final String key = e.getKey();
      final Object value = e.getValue();
      if (key.startsWith("$")) {
        throw new IllegalArgumentException(
            "strategic-merge directive " + key + " is not supported");
      }
      final Object current = base.get(key);
      if (value == null) {
        base.remove(key);
      } else if (current instanceof Map<?, ?> cm && value instanceof Map<?, ?> vm) {
        merge((Map<String, Object>) cm, (Map<String, Object>) vm, strategic);
      } else if (strategic
          && NAMED_LISTS.contains(key)
          && current instanceof List<?> cl
          && value instanceof List<?> vl
          && named(cl)
          && named(vl)) {
        final List<Object> merged = new ArrayList<>(cl);
        for (final Object item : vl) {
          final Object name = Yamls.map(item).get("name");
          final Object existing =
              merged.stream()
                  .filter(m -> name.equals(Yamls.map(m).get("name")))
                  .findFirst()
                  .orElse(null);
          if (existing == null) {
            merged.add(deepCopy(item));
          } else {
            merge(Yamls.map(existing), Yamls.map(item), true);
          }
        }
        base.put(key, merged);
      } else {
        base.put(key, deepCopy(value));
      }
    }
  }

  private static boolean named(final List<?> list) {
    return list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
  }

  private static void retag(final Object node, final Map<String, Object> image) {
    if (node instanceof Map<?, ?> m) {
      for (final String listKey : List.of("containers", "initContainers")) {
        for (final Object c : Yamls.list(m.get(listKey))) {
          final Map<String, Object> container = Yamls.map(c);
          final Object ref = container.get("image");
          if (ref != null) {
            final ImageRef parsed = ImageRef.parse(ref.toString());
            if (parsed.name().equals(image.get("name"))) {
              final String name =
                  image.containsKey("newName") ? image.get("newName").toString() : parsed.name();
              final Object digest = image.get("digest");
              final String tag =
                  image.containsKey("newTag") ? image.get("newTag").toString() : parsed.tag();
              container.put(
                  "image",
                  digest != null ? name + "@" + digest : tag != null ? name + ":" + tag : name);
            }
          }
        }
      }
      m.values().forEach(v -> retag(v, image));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> retag(v, image));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(final Map<String, Object> resource) {
    return (Map<String, Object>) resource.computeIfAbsent("metadata", x -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(final Map<String, Object> resource) {
    return (Map<String, Object>) resource.computeIfAbsent("spec", x -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  static <T> T deepCopy(final T node) {
    if (node instanceof Map<?, ?> m) {
      final Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return (T) copy;
    }
    if (node instanceof List<?> l) {
      final List<Object> copy = new ArrayList<>();
      l.forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    return node;
  }

  /** RFC 6902 add, replace and remove on maps and lists (what the overlays use). */
  static final class JsonPatch {
    private JsonPatch() {}

    @SuppressWarnings("unchecked")
    static void apply(final Map<String, Object> doc, final List<Object> ops) {
      for (final Object o : ops) {
        final Map<String, Object> op = Yamls.map(o);
        final String kind = String.valueOf(op.get("op"));
        final String[] tokens = String.valueOf(op.get("path")).substring(1).split("/", -1);
        Object parent = doc;
        for (int i = 0; i < tokens.length - 1; i++) {
          parent = child(parent, unescape(tokens[i]), op);
        }
        final String last = unescape(tokens[tokens.length - 1]);
        final Object value = deepCopy(op.get("value"));
        if (parent instanceof Map<?, ?> m) {
          final Map<String, Object> map = (Map<String, Object>) m;
          switch (kind) {
            case "add" -> map.put(last, value);
            case "replace" -> {
              require(map.containsKey(last), op);
              map.put(last, value);
            }
            case "remove" -> {
              require(map.containsKey(last), op);
              map.remove(last);
            }
            default -> throw new IllegalArgumentException("unsupported JSON patch op " + op);
          }
        } else if (parent instanceof List<?> l) {
          final List<Object> list = (List<Object>) l;
          switch (kind) {
            case "add" -> {
              if (last.equals("-")) {
                list.add(value);
              } else {
                list.add(Integer.parseInt(last), value);
              }
            }
            case "replace" -> list.set(index(list, last, op), value);
            case "remove" -> list.remove(index(list, last, op));
            default -> throw new IllegalArgumentException("unsupported JSON patch op " + op);
          }
        } else {
          throw new IllegalArgumentException("JSON patch path not found: " + op);
        }
      }
    }

    private static Object child(
        final Object parent, final String token, final Map<String, Object> op) {
      if (parent instanceof Map<?, ?> m && m.containsKey(token)) {
        return m.get(token);
      }
      if (parent instanceof List<?> l) {
        return l.get(index(l, token, op));
      }
      throw new IllegalArgumentException("JSON patch path not found: " + op);
    }

    private static int index(final List<?> list, final String token, final Map<String, Object> op) {
      final int i = Integer.parseInt(token);
      require(i >= 0 && i < list.size(), op);
      return i;
    }

    private static void require(final boolean ok, final Map<String, Object> op) {
      if (!ok) {
        throw new IllegalArgumentException("JSON patch path not found: " + op);
      }
    }

    private static String unescape(final String token) {
      return token.replace("~1", "/").replace("~0", "~");
    }
  }
}
