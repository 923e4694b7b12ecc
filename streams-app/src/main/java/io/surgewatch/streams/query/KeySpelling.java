package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.CubeKey;
import io.surgewatch.streams.query.Forwarder.Hop;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key the counts hold for a key asked in another writing. The canonicaliser spells a name the
 * alias tables lack as its source wrote it ("RSF/Janjaweed"; "rsf/janjaweed" becomes
 * "Rsf/Janjaweed"), so a name asked in other capitals or punctuation than the data's names no key.
 * Looked for only once a key was not found (a key asked as stored costs nothing more): the
 * country's keys, every instance's, are read, and the one whose region and group are the asked ones
 * in the matching form ({@link Canonicalizer#matchingForm}) is the answer.
 */
public final class KeySpelling {
  private final CountQueries counts;

  KeySpelling(final CountQueries counts) {
    this.counts = counts;
  }

  /**
   * The stored key that {@code asked} means: itself when the counts hold it; the one stored key
   * that differs from it only in writing; empty when there is none.
   *
   * @throws NotFoundException when several stored keys differ from it only in writing (it names
   *     them)
   */
  public Optional<CubeKey> stored(final CubeKey asked, final String authorization) {
    final Hop keysOfCountry =
        new Hop(
            "/api/v1/keys?country=" + URLEncoder.encode(asked.country(), StandardCharsets.UTF_8),
            authorization,
            false);
    final JsonNode body = QueryRouter.body(counts.keys(asked.country(), keysOfCountry));
    final List<CubeKey> same = new ArrayList<>();
    for (final JsonNode node : body.get("keys")) {
      final CubeKey k = CubeKeyJson.key(node);
      if (k.equals(asked)) {
        return Optional.of(k);
      }
      if (sameName(k.region(), asked.region()) && sameName(k.group(), asked.group())) {
        same.add(k);
      }
    }
    if (same.size() > 1) {
      throw new NotFoundException(
          "no counts for "
              + asked.id()
              + ", which could be any of "
              + String.join(", ", same.stream().map(CubeKey::id).toList())
              + ": ask for one as written there");
    }
    return same.stream().findFirst();
  }

  /**
   * Whether the counts hold, in some country, a key whose region and group are the asked ones in
   * some writing: for a region asked without its country ({@code * / Nowhere / *}), which names no
   * cube key of its own (regions are counted within their country), so every country's keys are
   * read.
   */
  public boolean inSomeCountry(final CubeKey asked, final String authorization) {
    final JsonNode body =
        QueryRouter.body(counts.keys(null, new Hop("/api/v1/keys", authorization, false)));
    for (final JsonNode node : body.get("keys")) {
      final CubeKey k = CubeKeyJson.key(node);
      if (!CubeKey.ALL.equals(k.country())
          && sameName(k.region(), asked.region())
          && sameName(k.group(), asked.group())) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameName(final String stored, final String asked) {
    return CubeKey.ALL.equals(stored) || CubeKey.ALL.equals(asked)
        ? stored.equals(asked)
        : Canonicalizer.matchingForm(stored).equals(Canonicalizer.matchingForm(asked));
  }
}
