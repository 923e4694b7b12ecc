package io.surgewatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that the checks need: base images, stages, users, variables it
 * mentions.
 */
record Dockerfile(
    Path path, String syntaxImage, List<Stage> stages, List<String> mentionedVariables) {

  /**
   * One {@code FROM} stage: its base image as written (ARGs resolved), alias, whether it names an
   * earlier stage.
   */
  record Stage(String image, String alias, boolean fromEarlierStage, List<String> users) {}

  private static final Pattern VAR =
      Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}?");
  private static final Pattern SURGEWATCH_VAR = Pattern.compile("\\bSURGEWATCH_[A-Z0-9_]+");

  static Dockerfile parse(final Path path) {
    final List<String> raw;
    try {
      raw = Files.readAllLines(path);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    String syntax = null;
    final List<String> instructions = new ArrayList<>();
    final StringBuilder current = new StringBuilder();
    boolean header = true;
    for (final String line : raw) {
      final String trimmed = line.strip();
      if (header && trimmed.startsWith("#")) {
        final Matcher m = Pattern.compile("^#\\s*syntax\\s*=\\s*(\\S+)").matcher(trimmed);
        if (m.find()) {
          syntax = m.group(1);
        }
        continue;
      }
      if (trimmed.startsWith("#") && current.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (trimmed.isEmpty() && current.isEmpty()) {
        continue;
      }
      header = false;
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        current.append(trimmed);
        instructions.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      instructions.add(current.toString().strip());
    }

    final Map<String, String> args = new HashMap<>();
    final Set<String> aliases = new HashSet<>();
    final List<Stage> stages = new ArrayList<>();
    final List<String> variables = new ArrayList<>();
    String image = null;
    String alias = null;
    boolean earlier = false;
    List<String> users = new ArrayList<>();
    for (final String instruction : instructions) {
      final Matcher sw = SURGEWATCH_VAR.matcher(instruction);
      while (sw.find()) {
        variables.add(sw.group());
      }
      final String[] parts = instruction.split("\\s+");
      final String op = parts[0].toUpperCase(Locale.ROOT);
      if (op.equals("ARG") && image == null && parts.length > 1) {
        final String[] kv = parts[1].split("=", 2);
        args.put(kv[0], kv.length > 1 ? unquote(kv[1]) : "");
      } else if (op.equals("FROM")) {
        if (image != null) {
          stages.add(new Stage(image, alias, earlier, users));
        }
        final List<String> words = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
          if (!parts[i].startsWith("--")) {
            words.add(parts[i]);
          }
        }
        image = substitute(words.isEmpty() ? "" : words.get(0), args);
        alias = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
        earlier = aliases.contains(image.toLowerCase(Locale.ROOT));
        if (alias != null) {
          aliases.add(alias.toLowerCase(Locale.ROOT));
        }
        users = new ArrayList<>();
      } else if (op.equals("USER") && parts.length > 1) {
        users.add(substitute(parts[1], args));
      }
    }
    if (image != null) {
      stages.add(new Stage(image, alias, earlier, users));
    }
    return new Dockerfile(path, syntax, stages, variables);
  }

  private static String unquote(final String s) {
    return s.length() >= 2
            && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static String substitute(final String text, final Map<String, String> args) {
    final Matcher m = VAR.matcher(text);
    final StringBuilder out = new StringBuilder();
    while (m.find()) {
      final String value = args.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  Stage finalStage() {
    return stages.isEmpty() ? null : stages.get(stages.size() - 1);
  }
}
