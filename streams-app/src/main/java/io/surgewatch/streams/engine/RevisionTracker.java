package io.surgewatch.streams.engine;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Stage 1: the latest report of every incident wins. Keyed by incident id, it keeps the report it last counted and
 * turns each new report into contributions: the new figures revising the old (one record a shard; two on the
 * country side when the country changed). A duplicate changes nothing, an
 * older report than the one counted is ignored, a retraction only takes the old figures out, and a report whose
 * incident day is more than the grace before the latest report seen is too late.
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
      final java.util.Map<String, Report> latest = new java.util.HashMap<>();
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

  public sealed interface Outcome permits Counted, Unchanged, TooLate {}

  /** The report changed the counts: apply these contributions (already split by shard). */
  public record Counted(List<Contribution> contributions) implements Outcome {}

  /** A duplicate, or older than the report already counted: nothing to do. */
  public record Unchanged(String why) implements Outcome {}

  /** Too late to count: the incident day (of the report, or of the report it revises) is beyond the grace. */
  public record TooLate(String reason) implements Outcome {
    /** The field a too-late report's dead letter names. */
    public static final String FIELD = "occurredOn";
  }

  private final Store store;
  private final int graceDays;

  public RevisionTracker(final Store store, final int graceDays) {
    this.store = store;
    this.graceDays = graceDays;
  }

  /**
   * What stage 1 keeps of a report: what orders it against other reports and what it counts. A fraction of the
   * full event, so millions of incidents fit in the store (and in backtest's memory).
   */
  public record Report(long reportedAt, int revision, boolean retracted, Contribution counts) {
    /** @param event a canonical, validated report (see EventPreparer) */
    public static Report of(final IncidentEvent event) {
      return new Report(event.getReportedAt().toEpochMilli(), event.getRevision(), event.getRetracted(), contribution(event));
    }

    public String id() {
      return counts.incidentId();
    }
  }

  public Outcome accept(final IncidentEvent event) {
    return accept(Report.of(event));
  }

  public Outcome accept(final Report event) {
    final long reportedAt = event.reportedAt();
    final long watermark = Math.max(store.watermark(), reportedAt);
    store.watermark(watermark);
    // The UTC day by arithmetic: java.time's zone route allocates a ZoneRules per call, for every report.
    final long latestDay = Math.floorDiv(watermark, 86_400_000L);
    if (event.counts().day() < latestDay - graceDays) {
      final LocalDate day = LocalDate.ofEpochDay(event.counts().day());
      final LocalDate latest = LocalDate.ofEpochDay(latestDay);
      return new TooLate(String.format("too late: incident day %s is %d days before the latest report seen (%s); "
          + "the grace is %d days", day, java.time.temporal.ChronoUnit.DAYS.between(day, latest),
          java.time.Instant.ofEpochMilli(watermark), graceDays));
    }
    final Report previous = store.latest(event.id());
    if (previous != null && isNewer(previous, event)) {
      return new Unchanged("superseded: a later report (" + java.time.Instant.ofEpochMilli(previous.reportedAt())
          + ", revision " + previous.revision() + ") is already counted");
    }
    final Contribution was = previous == null || previous.retracted() ? null : previous.counts();
    if (was != null && was.day() < latestDay - graceDays) {
      // Taking its figures out would change days the counts have closed for good.
      final LocalDate day = LocalDate.ofEpochDay(was.day());
      return new TooLate(String.format("too late: it revises the report counted for incident day %s, %d days before "
          + "the latest report seen (%s); the grace is %d days", day, java.time.temporal.ChronoUnit.DAYS.between(day,
          LocalDate.ofEpochDay(latestDay)), java.time.Instant.ofEpochMilli(watermark), graceDays));
    }
    store.put(event.id(), event);
    if (previous != null && sameFigures(previous, event)) {
      return new Unchanged("duplicate: same figures as the report already counted");
    }
    final Contribution now = event.retracted() ? null : event.counts();
    if (was == null && now == null) {
      return new Counted(List.of()); // a retraction of an incident that was never counted
    }
    final List<Contribution> out = new ArrayList<>(3);
    if (was != null && now != null && was.country().equals(now.country())) {
      final Contribution revised = now.revising(was);
      out.add(revised);
      out.add(revised.toShard(Contribution.Shard.GLOBAL));
    } else {
      if (was != null) {
        out.add(was.negated());
      }
      if (now != null) {
        out.add(now);
      }
      final Contribution global = was == null ? now.toShard(Contribution.Shard.GLOBAL)
          : now == null ? was.negated().toShard(Contribution.Shard.GLOBAL)
          : now.toShard(Contribution.Shard.GLOBAL).revising(was);
      out.add(global);
    }
    return new Counted(out);
  }

  /** Later reportedAt wins; at equal reportedAt the higher revision; at equal both, the later arrival. */
  private static boolean isNewer(final Report counted, final Report incoming) {
    return counted.reportedAt() > incoming.reportedAt()
        || counted.reportedAt() == incoming.reportedAt() && counted.revision() > incoming.revision();
  }

  private static boolean sameFigures(final Report a, final Report b) {
    final Contribution x = a.counts();
    final Contribution y = b.counts();
    return a.retracted() == b.retracted() && x.day() == y.day() && x.country().equals(y.country())
        && Objects.equals(x.region(), y.region()) && x.groups().equals(y.groups()) && Arrays.equals(x.tally(), y.tally());
  }

  static List<String> groups(final IncidentEvent e) {
    if (e.getGroups().isEmpty()) {
      return List.of(Canonicalizer.UNKNOWN);
    }
    final List<String> names = new ArrayList<>(e.getGroups().size());
    for (final PerpetratorGroup g : e.getGroups()) {
      if (!names.contains(g.getName())) {
        names.add(g.getName());
      }
    }
    if (names.size() > 1) {
      names.remove(Canonicalizer.UNKNOWN);
    }
    return names;
  }

  static Contribution contribution(final IncidentEvent e) {
    final String region = e.getRegion() == null ? Canonicalizer.UNKNOWN : e.getRegion();
    return new Contribution(Contribution.Shard.COUNTRY, e.getId(), (int) e.getOccurredOn().toEpochDay(),
        e.getCountry(), region, groups(e), Tally.of(e));
  }
}
