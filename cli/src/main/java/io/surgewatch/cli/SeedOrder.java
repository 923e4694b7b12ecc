package io.surgewatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges NDJSON files into one in arrival order (reportedAt or madeAt; ties in file order), the order the backtest
 * uses, so the live app sees statements and incidents interleaved as they happened.
 */
final class SeedOrder {
  private SeedOrder() {}

  private record Line(String text, long at, int order) {}

  static Path mergeByTime(final List<Path> files) throws IOException {
    final List<Line> lines = new ArrayList<>();
    for (final Path f : files) {
      for (final String text : Files.readAllLines(f)) {
        if (text.isBlank()) {
          continue;
        }
        long at = Long.MIN_VALUE;
        try {
          final JsonNode node = EventJson.MAPPER.readTree(text);
          final JsonNode t = node.has("reportedAt") ? node.get("reportedAt") : node.get("madeAt");
          at = t == null ? Long.MIN_VALUE : java.time.Instant.parse(t.asText()).toEpochMilli();
        } catch (final IOException | RuntimeException e) {
          // an unparseable line keeps its place at the start; the publisher rejects it with its reason
        }
        lines.add(new Line(text, at, lines.size()));
      }
    }
    lines.sort(Comparator.comparingLong(Line::at).thenComparingInt(Line::order));
    final Path out = Files.createTempFile("surgewatch-seeds", ".ndjson");
    Files.write(out, lines.stream().map(Line::text).toList());
    return out;
  }
}
