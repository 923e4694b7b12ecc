package io.surgewatch.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Loads YAML safely (no arbitrary types), every document of a stream, and walks the trees. */
final class Yamls {
  private Yamls() {}

  static Yaml yaml() {
    final LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  /** Every non-empty document of the file; YAML merge keys ({@code <<}) are resolved. */
  static List<Object> loadAll(final Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      return loadAll(reader);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static List<Object> loadAll(final Reader reader) {
    final List<Object> docs = new ArrayList<>();
    for (final Object doc : yaml().loadAll(reader)) {
      if (doc != null) {
        docs.add(doc);
      }
    }
    return docs;
  }

  static List<Object> loadAll(final String text) {
    return loadAll(new StringReader(text));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(final Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(final Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** The value at a path of map keys, or null. */
  static Object at(final Object root, final String... keys) {
    Object cur = root;
    for (final String key : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(key);
    }
    return cur;
  }

  static String str(final Object o) {
    return o == null ? null : o.toString();
  }

  /** Calls {@code visitor(key, value)} for every map entry anywhere in the tree, depth first. */
  static void walk(final Object node, final BiConsumer<String, Object> visitor) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            visitor.accept(String.valueOf(k), v);
            walk(v, visitor);
          });
    } else if (node instanceof List<?> l) {
      l.forEach(item -> walk(item, visitor));
    }
  }

  /** Calls {@code visitor} for every scalar string inside a list anywhere in the tree. */
  static void walkListStrings(final Object node, final Consumer<String> visitor) {
    if (node instanceof Map<?, ?> m) {
      m.values().forEach(v -> walkListStrings(v, visitor));
    } else if (node instanceof List<?> l) {
      l.forEach(
          item -> {
            if (item instanceof String s) {
              visitor.accept(s);
            } else {
              walkListStrings(item, visitor);
            }
          });
    }
  }
}
