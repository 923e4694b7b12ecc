package io.surgewatch.inputs;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.IncidentEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A newer full export of one source loaded in place of an older one (an ACLED re-download, a new
 * UCDP GED version): the incidents of the older file that the newer one no longer holds are
 * retracted, so they leave every count. Exports drop events that were deleted or merged, and a new
 * GED version renumbers some; without this they would stay counted.
 *
 * <p>Each retraction is the older file's latest report of that incident, marked retracted, reported
 * at the newer file's latest reported-at (the export's own time, so a replay gives the same
 * result), or just after the report it retracts if that is later. An id that the newer file holds
 * in any form, even a row it rejects, is not retracted.
 */
public final class Replacement {

  /** A retraction, with the line of the older file's report it retracts (for dead letters). */
  public record Retraction(long line, IncidentEvent event) {}

  private Replacement() {}

  /**
   * The retractions of {@code older}'s incidents missing from every one of {@code newer}, in
   * reported-at order.
   */
  public static List<Retraction> retractions(
      final Path older,
      final List<Path> newer,
      final InputFormat format,
      final EventPreparer preparer) {
    final Set<String> kept = new HashSet<>();
    long latest = Long.MIN_VALUE;
    for (final Path file : newer) {
      try (InputReader reader = InputReader.open(file, format, preparer)) {
        while (reader.hasNext()) {
          final InputRecord r = reader.next();
          if (r instanceof InputRecord.Parsed p) {
            if (p.event() instanceof IncidentEvent e) {
              kept.add(e.getId());
              latest = Math.max(latest, e.getReportedAt().toEpochMilli());
            }
          } else if (((InputRecord.Rejected) r).recordId() != null) {
            kept.add(((InputRecord.Rejected) r).recordId().trim());
          }
        }
      }
    }
    final Map<String, Retraction> gone = new HashMap<>();
    try (InputReader reader = InputReader.open(older, format, preparer)) {
      while (reader.hasNext()) {
        if (reader.next() instanceof InputRecord.Parsed p
            && p.event() instanceof IncidentEvent e
            && !kept.contains(e.getId())
            && !e.getRetracted()) {
          final Retraction was = gone.get(e.getId());
          if (was == null || !e.getReportedAt().isBefore(was.event().getReportedAt())) {
            gone.put(e.getId(), new Retraction(p.line(), e));
          }
        }
      }
    }
    final List<Retraction> out = new ArrayList<>(gone.size());
    for (final Retraction r : gone.values()) {
      final IncidentEvent retraction =
          IncidentEvent.newBuilder(r.event())
              .setRetracted(true)
              .setReportedAt(
                  Instant.ofEpochMilli(
                      Math.max(latest, r.event().getReportedAt().toEpochMilli() + 1)))
              .setNotes(
                  "Retracted: not in the newer export "
                      + newer.get(newer.size() - 1).getFileName()
                      + ".")
              .build();
      out.add(new Retraction(r.line(), retraction));
    }
    out.sort(
        Comparator.comparing((Retraction r) -> r.event().getReportedAt())
            .thenComparingLong(Retraction::line));
    return out;
  }
}
