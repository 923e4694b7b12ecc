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
 *
 * <p>The newer export's report of an incident stands over the older's ({@link Floors}): where the
 * older one's report of it is the later by reported-at, the newer one is taken as reported at that
 * same time, and wins as the later arrival. Without a per-row edit time (UCDP GED, ACLED's exports
 * without {@code timestamp}) a report is reported at the end of its event day, so a new release
 * that moves an incident to an earlier day would otherwise lose to the release it corrects.
 */
public final class Replacement {

  /** A retraction, with the line of the older file's report it retracts (for dead letters). */
  public record Retraction(long line, IncidentEvent event) {}

  private Replacement() {}

  /**
   * The older export's latest report of each of its incidents, by reported-at and then revision:
   * the earliest the newer export's report of it may be taken as reported at.
   */
  public static final class Floors {
    /** The older export's latest report of an incident: its reported-at and revision. */
    private record Floor(long at, int revision) {}

    private final Map<String, Floor> latest;

    private Floors(final Map<String, Floor> latest) {
      this.latest = latest;
    }

    /** Where a report below its floor is raised to: the floor's time and at least its revision. */
    public record Raised(long reportedAt, int revision) {}

    /**
     * Where a report of {@code incidentId} is raised to so that it stands over the older export's
     * report, or null when it already does (the later by reported-at, then revision; at equal both
     * it is the later arrival). A report below its floor takes the floor's time and the higher of
     * the two revisions, and wins as the later arrival: the time, not later, keeps it on the
     * reported-at day it is raised to, and the revision overrides an export that numbers revisions
     * anew. The newer export's own versions of an incident keep their order when its revisions rise
     * with time, as they do in any export that numbers them.
     */
    public Raised raise(final String incidentId, final long reportedAt, final int revision) {
      final Floor floor = latest.get(incidentId);
      if (floor == null
          || reportedAt > floor.at()
          || reportedAt == floor.at() && revision >= floor.revision()) {
        return null;
      }
      return new Raised(floor.at(), Math.max(revision, floor.revision()));
    }

    /** The newer export's report as it is published: raised to its floor if it was below. */
    public IncidentEvent apply(final IncidentEvent report) {
      final Raised raised =
          raise(report.getId(), report.getReportedAt().toEpochMilli(), report.getRevision());
      return raised == null
          ? report
          : IncidentEvent.newBuilder(report)
              .setReportedAt(Instant.ofEpochMilli(raised.reportedAt()))
              .setRevision(raised.revision())
              .build();
    }

    /** What a run says of the reports it raised. */
    public static String note(final long raised, final Path older) {
      return raised
          + " reports came before "
          + older.getFileName()
          + "'s report of the same incident (moved to an earlier day, in a file without edit"
          + " times, or of a lower revision): taken as reported at that report's time, with"
          + " its revision if that was the higher, so that the newer version stands";
    }
  }

  /** The reported-at floors the {@code older} export sets for the one that replaces it. */
  public static Floors floors(
      final Path older, final InputFormat format, final EventPreparer preparer) {
    final Map<String, Floors.Floor> latest = new HashMap<>();
    try (InputReader reader = InputReader.open(older, format, preparer)) {
      while (reader.hasNext()) {
        if (reader.next() instanceof InputRecord.Parsed p && p.event() instanceof IncidentEvent e) {
          latest.merge(
              e.getId(),
              new Floors.Floor(e.getReportedAt().toEpochMilli(), e.getRevision()),
              (a, b) ->
                  a.at() > b.at() || a.at() == b.at() && a.revision() >= b.revision() ? a : b);
        }
      }
    }
    return new Floors(latest);
  }

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
    // The older file's latest row of each incident the newer ones dropped; one whose latest row is
    // already a retraction (a deletion the older file recorded) is out of the counts already.
    final Map<String, Retraction> gone = new HashMap<>();
    try (InputReader reader = InputReader.open(older, format, preparer)) {
      while (reader.hasNext()) {
        if (reader.next() instanceof InputRecord.Parsed p
            && p.event() instanceof IncidentEvent e
            && !kept.contains(e.getId())) {
          // The row that stands, as the app decides: the later reported-at, then the higher
          // revision, then the later row.
          final Retraction was = gone.get(e.getId());
          final int byTime =
              was == null ? 1 : e.getReportedAt().compareTo(was.event().getReportedAt());
          if (byTime > 0 || byTime == 0 && e.getRevision() >= was.event().getRevision()) {
            gone.put(e.getId(), new Retraction(p.line(), e));
          }
        }
      }
    }
    final List<Retraction> out = new ArrayList<>(gone.size());
    for (final Retraction r : gone.values()) {
      if (r.event().getRetracted()) {
        continue;
      }
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
