package io.surgewatch.inputs;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.IncidentEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A newer full export of one source loaded in place of an older one (an ACLED re-download, a new
 * UCDP GED version): the incidents of the older file that the newer one no longer holds are
 * retracted, so they leave every count. Exports drop events that were deleted or merged, and a new
 * GED version renumbers some; without this they would stay counted.
 *
 * <p>Each retraction is the older file's latest report of that incident, marked retracted, reported
 * at the newer file's latest reported-at as published (the export's own time, or the older one's
 * where {@link Floors} raise a report past it; so a replay gives the same result, and no progress
 * marker of the run has passed it), or just after the report it retracts if that is later. An id
 * that the newer file holds in any form, even a row it rejects, is not retracted.
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
   * The format of the older export that inputs of these formats replace: theirs, leaving out
   * ACLED's deletions lists, which hold no incidents to compare and are replayed beside the newer
   * export as they are (an ACLED re-download and the deletions list that came with it).
   *
   * @throws IllegalArgumentException when the inputs are deletions lists only, or exports of
   *     several formats (which of them the older file is would be a guess)
   */
  public static InputFormat replacedFormat(final List<InputFormat> inputs) {
    final Set<InputFormat> exports = new LinkedHashSet<>(inputs);
    exports.remove(InputFormat.ACLED_DELETIONS);
    if (exports.isEmpty()) {
      throw new IllegalArgumentException(
          "--replaces names an older export that the inputs replace, but the inputs are ACLED"
              + " deletions lists only: a deletions list needs no --replaces (each of its rows"
              + " retracts an incident); to retract what a re-download dropped, the re-download is"
              + " the input");
    }
    if (exports.size() > 1) {
      throw new IllegalArgumentException(
          "--replaces compares an older export with the newer export of the same format, but the"
              + " inputs (deletions lists aside) are of several formats: "
              + exports.stream().map(InputFormat::label).toList());
    }
    return exports.iterator().next();
  }

  /**
   * The older export's latest reported-at of each of its incidents: the earliest time the newer
   * export's report of it may take.
   */
  public static final class Floors {
    private final Map<String, Long> latest;

    private Floors(final Map<String, Long> latest) {
      this.latest = latest;
    }

    /**
     * The time a report of {@code incidentId} is taken as reported at, at the earliest: one earlier
     * takes the older report's time and wins as the later arrival. Only the time moves: its
     * revision stays its own, so that several versions of an incident in the newer export keep
     * their order among themselves whatever order the file lists them in. A version whose revision
     * is lower than the older report's at that time (an export that numbers revisions anew) is
     * superseded, and dead-lettered so, not counted in silence.
     */
    public long of(final String incidentId) {
      return latest.getOrDefault(incidentId, Long.MIN_VALUE);
    }

    /** The newer export's report as it is published: at its floor if it was earlier. */
    public IncidentEvent apply(final IncidentEvent report) {
      final long floor = of(report.getId());
      return report.getReportedAt().toEpochMilli() >= floor
          ? report
          : IncidentEvent.newBuilder(report).setReportedAt(Instant.ofEpochMilli(floor)).build();
    }
  }

  /**
   * The reports a run raised to their floor ({@link Floors#apply}: dated before the older export's
   * latest report of their incident), for its note; the reports left at their own time are not
   * counted.
   */
  public static final class Raised {
    private long reports;
    private final Set<String> incidents = new HashSet<>();

    /** One report of {@code incidentId} raised. */
    public void add(final String incidentId) {
      reports++;
      incidents.add(incidentId);
    }

    public long reports() {
      return reports;
    }

    public int incidents() {
      return incidents.size();
    }

    /** What the run says of them, when it raised any. */
    public Optional<String> note(final Path older) {
      if (reports == 0) {
        return Optional.empty();
      }
      final boolean one = reports == 1;
      return Optional.of(
          reports
              + (one ? " report" : " reports")
              + ", of "
              + incidents.size()
              + (incidents.size() == 1 ? " incident" : " incidents")
              + (one ? ", was" : ", were")
              + " dated before "
              + older.getFileName()
              + "'s latest report of the same incident (an incident moved to an earlier day, in a"
              + " file without edit times, or an earlier version of one) and had "
              + (one ? "its" : "their")
              + " reported-at raised to that report's time, so that the newer export's report"
              + " stands over it as the later arrival; "
              + (one ? "its revision stays its own" : "their revisions stay their own")
              + ", and one lower than the older report's is superseded by it (dead-lettered"
              + " SUPERSEDED when its figures differ)");
    }
  }

  /** The reported-at floors the {@code older} export sets for the one that replaces it. */
  public static Floors floors(
      final Path older, final InputFormat format, final EventPreparer preparer) {
    final Map<String, Long> latest = new HashMap<>();
    try (InputReader reader = InputReader.open(older, format, preparer)) {
      while (reader.hasNext()) {
        if (reader.next() instanceof InputRecord.Parsed p && p.event() instanceof IncidentEvent e) {
          latest.merge(e.getId(), e.getReportedAt().toEpochMilli(), Math::max);
        }
      }
    }
    return new Floors(latest);
  }

  /** What a summary says of {@code retracted} retractions of {@code older}'s incidents. */
  public static String retractedNote(
      final int retracted, final Path older, final List<Path> newer) {
    return "retracted "
        + retracted
        + (retracted == 1 ? " incident of " : " incidents of ")
        + older
        + " that "
        + (newer.size() == 1
            ? newer.get(0) + " no longer holds"
            : "none of "
                + newer.stream().map(Path::toString).collect(Collectors.joining(", "))
                + " holds");
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
    final Set<String> published = new HashSet<>();
    long latest = Long.MIN_VALUE;
    for (final Path file : newer) {
      try (InputReader reader = InputReader.open(file, format, preparer)) {
        while (reader.hasNext()) {
          final InputRecord r = reader.next();
          if (r instanceof InputRecord.Parsed p) {
            if (p.event() instanceof IncidentEvent e) {
              kept.add(e.getId());
              published.add(e.getId());
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
        if (!(reader.next() instanceof InputRecord.Parsed p
            && p.event() instanceof IncidentEvent e)) {
          continue;
        }
        if (published.contains(e.getId())) {
          // The newer file's report of it is published no earlier than this (Floors): so that the
          // retractions follow every report published and no progress marker has passed them.
          latest = Math.max(latest, e.getReportedAt().toEpochMilli());
        } else if (!kept.contains(e.getId())) {
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
