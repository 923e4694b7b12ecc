package io.surgewatch.core;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a key Surgewatch does not declare is: a Kafka client, Kafka Streams or registry serde key
 * (passed through), a misspelt Surgewatch key (an error naming the nearest declared key), or
 * neither (passed through, as Kafka clients do with keys they do not know, with a warning). A key
 * is taken for a misspelt Surgewatch key when it is close to one (a few edits, by
 * Damerau-Levenshtein distance) or lies in a namespace only Surgewatch uses ({@code surge.}, {@code
 * ingest.}, {@code grace.}, ...): a typo there can never be meant for Kafka.
 */
final class UnknownKeys {
  private UnknownKeys() {}

  /** First segments of Surgewatch's keys that no Kafka key starts with. */
  private static final Set<String> OWN_NAMESPACES = ownNamespaces();

  private static Set<String> ownNamespaces() {
    final Set<String> kafka = new HashSet<>();
    KafkaClientKeys.exactKeys().forEach(k -> kafka.add(firstSegment(k)));
    kafka.add("topic"); // Kafka Streams' prefix for its internal topics' configs
    final Set<String> out = new HashSet<>();
    ConfigDeclarations.all().forEach(s -> out.add(firstSegment(s.key())));
    out.removeAll(kafka);
    return Set.copyOf(out);
  }

  private static String firstSegment(final String key) {
    final int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }

  /**
   * The nearest declared key when {@code key} reads as a misspelt Surgewatch key; empty for
   * declared keys, Kafka's keys and keys that are neither.
   */
  static Optional<String> misspeltSurgewatchKey(
      final String key, final Collection<String> declared) {
    if (declared.contains(key) || KafkaClientKeys.isClientKey(key)) {
      return Optional.empty();
    }
    final String nearest = nearest(key, declared);
    final boolean close = distance(key, nearest) <= Math.max(2, nearest.length() / 5);
    final boolean ours =
        firstSegment(key).length() < key.length() && OWN_NAMESPACES.contains(firstSegment(key));
    return close || ours ? Optional.of(nearest) : Optional.empty();
  }

  /**
   * The candidate with the fewest edits from {@code word} (the first of equals, in the given
   * order).
   */
  static String nearest(final String word, final Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (final String c : candidates) {
      final int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Edits (insert, delete, substitute, swap two neighbours) that turn {@code a} into {@code b}. */
  static int distance(final String a, final String b) {
    final int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
