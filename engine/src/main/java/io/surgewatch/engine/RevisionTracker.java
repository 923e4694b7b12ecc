package io.surgewatch.engine;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.History;
import io.surgewatch.core.UtcDays;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stage 1: the latest report of every incident wins. Keyed by incident id, it keeps the report it
 * last counted and turns each new report into contributions, one a shard ({@link
 * Contribution#units}): the new figures revising the old on each shard both touch, the old out or
 * the new in on the others. A duplicate changes nothing, an older report than the one counted is
 * ignored, a retraction only takes the old figures out, and so does a report re-coded to an event
 * type that does not count (set aside, said so). A report whose incident day (or the day of the
 * report it revises) is before the history ({@code history.days}, back from the latest reported-at;
 * no limit by default) is too late; anything inside it is counted however late it comes: ACLED
 * edits events years after they happened.
 */
public final class RevisionTracker {

  /** Where stage 1 keeps the latest counted report per incident and the latest reported-at seen. */
  public interface Store {
    Report latest(String id);

    void put(String id, Report report);

    long watermark();

    void watermark(long reportedAtMs);

    /** Plain maps, for replays (backtest, benchmarks) that hold a whole history in memory. */
    static Store inMemory() {
      final Map<String, Report> latest = new HashMap<>();
      final long[] watermark = {Long.MIN_VALUE};
      return new Store() {
        @Override
        public Report latest(final String id) {
          return latest.get(id);
        }

        @Override
        public void put(final String id, final Report report) {
          latest.put(id, report);
        }

        @Override
        public long watermark() {
          return watermark[0];
        }

        @Override
        public void watermark(final long reportedAtMs) {
          watermark[0] = reportedAtMs;
        }
      };
    }
  }

  public sealed interface Outcome permits Counted, Unchanged, Superseded, TooLate, SetAside {
    /** What to apply to the counts for the report (already split by shard); none by default. */
    default List<Contribution> contributions() {
      return List.of();
    }
  }

  /** The report changed the counts: apply these contributions (already split by shard). */
  public record Counted(List<Contribution> contributions) implements Outcome {}

  /** A duplicate of the report already counted: nothing to do (the incident stands counted). */
  public record Unchanged(String why) implements Outcome {}

  /**
   * Older than the report already counted (an older export published after a newer one): nothing to
   * apply, and dead-lettered SUPERSEDED with the reason ({@link #reason(Replacing)}), so the report
   * is not lost without a word. A duplicate is not this, older or not (a re-published export would
   * fill the dead letters with reports that are counted). A retraction is (a deletion that did not
   * happen is worth knowing of), unless what stands is a retraction too, or kept as one.
   *
   * @param report the report, as stage 1 took it
   * @param standing the report that stands for the incident
   */
  public record Superseded(Report report, Report standing) implements Outcome {
    /** The field a superseded report's dead letter names. */
    public static final String FIELD = "reportedAt";

    /** The reason of a report that came without {@code --replaces}. */
    public String reason() {
      return reason(null);
    }

    /**
     * The reason its dead letter gives.
     *
     * @param replacing how the report came with {@code --replaces OLDER} (what {@code produce}
     *     tells the app in the record's headers, {@code backtest} from its own run), or null when
     *     it came without: only then does the reason suggest {@code --replaces}
     */
    public String reason(final Replacing replacing) {
      final boolean raised = replacing != null && replacing.raisedFrom() != null;
      // A deletion that came after a later report took nothing out: the user must hear of it.
      final String what = report.retracted() ? "retraction" : "report";
      return "superseded: this "
          + what
          + " (reported at "
          + (raised ? replacing.raisedFrom() : Instant.ofEpochMilli(report.reportedAt()))
          + ", revision "
          + report.revision()
          + (raised
              ? "; raised to "
                  + Instant.ofEpochMilli(report.reportedAt())
                  + ", the time of "
                  + replacing.olderFile()
                  + "'s report of the incident, by --replaces "
                  + replacing.olderFile()
                  + ": a newer export's report dated before the older export's is taken as"
                  + " reported at the older one's time, so that it stands over it as the later"
                  + " arrival, but its revision stays its own"
              : "")
          + ") is older than the one that stands for the incident (reported at "
          + Instant.ofEpochMilli(standing.reportedAt())
          + ", revision "
          + standing.revision()
          + (standing.retracted() ? ", which took the incident out of the counts" : "")
          + "): the later reported-at wins, at equal reported-at the higher revision"
          + (replacing == null
              ? ". To "
                  + (report.retracted()
                      ? "take the incident out"
                      // Of a type not counted, it would stand only to be set aside.
                      : report.setAsideType() != null
                          ? "have it stand for the incident"
                          : "count it")
                  + ", send it with a later reportedAt (or a higher revision at the same one); an"
                  + " older export published after a newer one: publish the newer with produce"
                  + " --replaces OLDER instead"
              : "");
    }
  }

  /**
   * How a report came with {@code --replaces OLDER}.
   *
   * @param olderFile the older export's file name
   * @param raisedFrom the report's reported-at as its own file gives it, when {@code --replaces}
   *     raised it to the time of the older export's report of its incident; else null
   */
  public record Replacing(String olderFile, Instant raisedFrom) {}

  /**
   * Too late to count: the incident day (of the report, or of the report it revises) is before the
   * history. Dead-lettered TOO_LATE with the reason, after applying the contributions that take out
   * the figures of the incident's earlier report when the report moves it from a day the history
   * keeps to one before it (none otherwise).
   */
  public record TooLate(String reason, List<Contribution> contributions) implements Outcome {
    /** The field a too-late report's dead letter names. */
    public static final String FIELD = "occurredOn";

    public TooLate(final String reason) {
      this(reason, List.of());
    }
  }

  /**
   * Of an event type that does not count: dead-lettered NOT_COUNTED with the reason, after applying
   * the contributions that take out the figures of an earlier report of the incident that counted
   * (none if none did).
   */
  public record SetAside(String reason, List<Contribution> contributions) implements Outcome {
    /** The field a set-aside report's dead letter names. */
    public static final String FIELD = "sourceEventType";
  }

  private final Store store;
  private final int historyDays;
  private final EventTypes types;

  /**
   * @param historyDays {@code history.days}: 0 keeps every day
   * @param types which source event types count as incidents
   */
  public RevisionTracker(final Store store, final int historyDays, final EventTypes types) {
    this.store = store;
    this.historyDays = historyDays;
    this.types = types;
  }

  /**
   * What stage 1 keeps of a report: what orders it against other reports and what it counts. A
   * fraction of the full event, so millions of incidents fit in the store (and in backtest's
   * memory).
   *
   * @param setAsideType the source event type when it does not count, else null. A set-aside report
   *     is stored retracted (that is what it is for the counts) with its type, so that a repeat of
   *     it (the next download of the same export) is told from a retraction and changes nothing, as
   *     a repeat of a counted report does.
   */
  public record Report(
      long reportedAt, int revision, boolean retracted, Contribution counts, String setAsideType) {
    public Report(
        final long reportedAt,
        final int revision,
        final boolean retracted,
        final Contribution counts) {
      this(reportedAt, revision, retracted, counts, null);
    }

    /**
     * @param event a canonical, validated report (see EventPreparer)
     */
    public static Report of(final IncidentEvent event, final EventTypes types) {
      final String type = event.getSourceEventType();
      return new Report(
          event.getReportedAt().toEpochMilli(),
          event.getRevision(),
          event.getRetracted(),
          contribution(event),
          // A retraction takes out whatever stands, whatever type it names (produce --replaces
          // retracts with the older export's row, type included): it is never set aside.
          event.getRetracted() || types.counts(type) ? null : type);
    }

    public String id() {
      return counts.incidentId();
    }

    /** Out of the counts: retracted, or of a type that does not count. */
    boolean uncounted() {
      return retracted || setAsideType != null;
    }

    /** How stage 1 stores a set-aside report: out of the counts, its type kept. */
    Report keptAside() {
      return new Report(reportedAt, revision, true, counts, setAsideType);
    }
  }

  public Outcome accept(final IncidentEvent event) {
    return accept(Report.of(event, types));
  }

  /** {@link #accept(Report, long)} at the report's own reported-at. */
  public Outcome accept(final Report event) {
    return accept(event, event.reportedAt());
  }

  /** {@link #accept(Report, long)} of an event. */
  public Outcome accept(final IncidentEvent event, final long arrivedAt) {
    return accept(Report.of(event, types), arrivedAt);
  }

  /**
   * Takes a report placed in the arrival order at {@code arrivedAt} (its effective reported-at: its
   * own, or later when it came behind a later report or progress marker). The history is measured
   * back from the latest of those: in the arrival order that is where the order stands, the same
   * for a report whichever input partition read it, and the same in the app's stage 1 and in
   * backtest (a partition's own latest reported-at would lag the others').
   */
  public Outcome accept(final Report event, final long arrivedAt) {
    final long watermark = Math.max(store.watermark(), Math.max(arrivedAt, event.reportedAt()));
    store.watermark(watermark);
    final long latestDay = UtcDays.of(watermark);
    // A retraction or a set-aside report counts nothing of its own: only the day of what it takes
    // out matters.
    final Report previous = store.latest(event.id());
    if (!event.uncounted() && outsideHistory(event.counts().day(), latestDay)) {
      final String reason =
          tooLate(
              "incident day " + LocalDate.ofEpochDay(event.counts().day()),
              event.counts().day(),
              latestDay);
      if (previous == null
          || previous.uncounted()
          || isNewer(previous, event)
          || outsideHistory(previous.counts().day(), latestDay)) {
        return new TooLate(reason);
      }
      // The report moves the incident from a day the history keeps to one before it: its own
      // figures cannot be counted, but it says the incident is not on the day counted, and the
      // history still keeps that day. Kept as a retraction, as a set-aside report is, so that a
      // later report of the incident orders against it and counts afresh.
      store.put(event.id(), new Report(event.reportedAt(), event.revision(), true, event.counts()));
      return new TooLate(
          reason
              + "; the figures of the incident's earlier report, counted on "
              + LocalDate.ofEpochDay(previous.counts().day())
              + ", are taken out of the counts",
          contributions(previous.counts(), null));
    }
    if (previous != null && isNewer(previous, event)) {
      if (event.retracted() && previous.retracted()) {
        // Out of the counts already (a later retraction, or a later report set aside or too late,
        // kept as one): nothing lost, nothing to say.
        return new Unchanged("superseded retraction: a later retraction stands");
      }
      if (!event.retracted() && event.setAsideType() == null && sameFigures(previous, event)) {
        // Its figures are the ones counted: an older copy, as a re-sent report is a newer one.
        return new Unchanged("superseded duplicate: the later report has the same figures");
      }
      if (repeatsSetAside(previous, event)) {
        return new Unchanged(
            "superseded duplicate: the later report, set aside too, has the same type and figures");
      }
      return new Superseded(event, previous);
    }
    final Contribution was = previous == null || previous.retracted() ? null : previous.counts();
    if (was != null && outsideHistory(was.day(), latestDay)) {
      // Taking its figures out would change days the history no longer keeps.
      // Named with the report's own day when it moves the incident: the user looks for that one.
      return new TooLate(
          tooLate(
              (event.retracted()
                      ? "it retracts the report counted for incident day "
                      : "it revises the report counted for incident day ")
                  + LocalDate.ofEpochDay(was.day())
                  + (event.uncounted() || event.counts().day() == was.day()
                      ? ""
                      : " (this report is of " + LocalDate.ofEpochDay(event.counts().day()) + ")")
                  + ": that day",
              was.day(),
              latestDay));
    }
    if (repeatsSetAside(previous, event)) {
      // Already dead-lettered NOT_COUNTED when it first came: a re-downloaded export repeats
      // every row it had, and a letter for each repeat would bury the ones that say something.
      store.put(event.id(), event.keptAside());
      return new Unchanged("duplicate: same type and figures as the report already set aside");
    }
    final Report stored = event.setAsideType() == null ? event : event.keptAside();
    store.put(event.id(), stored);
    final boolean duplicate = previous != null && sameFigures(previous, stored);
    final List<Contribution> out =
        duplicate ? List.of() : contributions(was, stored.retracted() ? null : stored.counts());
    if (event.setAsideType() != null) {
      return new SetAside(
          "event type '"
              + event.setAsideType()
              + "' is not counted as an incident (counted: "
              + types.describe()
              + "; setting incidents.counted-types)"
              + (was == null
                  ? ""
                  : "; the figures of the incident's earlier report, of a counted type, are taken out"),
          out);
    }
    if (duplicate) {
      return new Unchanged("duplicate: same figures as the report already counted");
    }
    return new Counted(out);
  }

  private boolean outsideHistory(final int day, final long latestDay) {
    return !History.keeps(historyDays, day, latestDay);
  }

  /**
   * The reason of a report too late to count. It names the day of the latest report seen, not an
   * instant: the history is measured back from where the arrival order stands, whose time is a
   * report's own reported-at or, for a report that came late for its partition, a placement just
   * after the time it came behind (a few milliseconds added), which no input holds.
   *
   * @param what the day too old, as the reason names it ("incident day 2023-01-02")
   * @param day that day
   */
  private String tooLate(final String what, final int day, final long latestDay) {
    final LocalDate date = LocalDate.ofEpochDay(day);
    final LocalDate latest = LocalDate.ofEpochDay(latestDay);
    return String.format(
        "too late: %s, %d days before the day of the latest report seen (%s), is beyond the"
            + " history the app keeps (history.days=%d; history.days=%d or 0, no limit, would"
            + " count it)",
        what,
        ChronoUnit.DAYS.between(date, latest),
        latest,
        historyDays,
        ChronoUnit.DAYS.between(date, latest));
  }

  /**
   * The records that take {@code was} out and put {@code now} in (either may be null), one a shard
   * ({@link Contribution#units}): where both have figures on a shard, one record replacing the old
   * with the new, or none when they are the same there (a region moved, for a group's rollups);
   * where only one has, the old figures out or the new in. The old side's records come first.
   */
  private static List<Contribution> contributions(final Contribution was, final Contribution now) {
    if (was == null && now == null) {
      return List.of(); // a retraction of an incident that was never counted
    }
    final Map<String, Contribution> before = byShard(was);
    final Map<String, Contribution> after = byShard(now);
    final List<Contribution> out = new ArrayList<>(before.size() + after.size());
    before.forEach(
        (shard, old) -> {
          if (!after.containsKey(shard)) {
            out.add(old.negated());
          }
        });
    after.forEach(
        (shard, figures) -> {
          final Contribution old = before.get(shard);
          if (old == null) {
            out.add(figures);
          } else if (!old.sameFigures(figures)) {
            out.add(figures.revising(old));
          } // else nothing this shard counts changed: no record
        });
    return out;
  }

  private static Map<String, Contribution> byShard(final Contribution figures) {
    final Map<String, Contribution> units = new LinkedHashMap<>();
    if (figures != null) {
      for (final Contribution u : figures.units()) {
        if (units.put(u.shardKey(), u) != null) {
          throw new IllegalStateException("two records of one report on shard " + u.shardKey());
        }
      }
    }
    return units;
  }

  /**
   * Later reportedAt wins; at equal reportedAt the higher revision; at equal both, the later
   * arrival.
   */
  private static boolean isNewer(final Report counted, final Report incoming) {
    return counted.reportedAt() > incoming.reportedAt()
        || counted.reportedAt() == incoming.reportedAt()
            && counted.revision() > incoming.revision();
  }

  /**
   * Whether a set-aside report repeats the one stored for its incident, set aside with the same
   * type and figures. A report set aside by a release that did not store the type is not told from
   * a retraction: its repeat is set aside (and dead-lettered) once more.
   */
  private static boolean repeatsSetAside(final Report stored, final Report event) {
    return stored != null
        && event.setAsideType() != null
        && event.setAsideType().equals(stored.setAsideType())
        && sameFigures(stored, event.keptAside());
  }

  private static boolean sameFigures(final Report one, final Report other) {
    final Contribution mine = one.counts();
    final Contribution theirs = other.counts();
    return one.retracted() == other.retracted()
        && mine.day() == theirs.day()
        && mine.country().equals(theirs.country())
        && Objects.equals(mine.region(), theirs.region())
        && mine.groups().equals(theirs.groups())
        && Arrays.equals(mine.tally(), theirs.tally());
  }

  static List<String> groups(final IncidentEvent event) {
    if (event.getGroups().isEmpty()) {
      return List.of(Canonicalizer.UNKNOWN);
    }
    final List<String> names = new ArrayList<>(event.getGroups().size());
    for (final PerpetratorGroup group : event.getGroups()) {
      if (!names.contains(group.getName())) {
        names.add(group.getName());
      }
    }
    if (names.size() > 1) {
      names.remove(Canonicalizer.UNKNOWN);
    }
    return names;
  }

  static Contribution contribution(final IncidentEvent event) {
    final String region = event.getRegion() == null ? Canonicalizer.UNKNOWN : event.getRegion();
    return new Contribution(
        Contribution.Shard.COUNTRY,
        event.getId(),
        (int) event.getOccurredOn().toEpochDay(),
        event.getCountry(),
        region,
        groups(event),
        Tally.of(event));
  }
}
