package io.surgewatch.engine;

import io.surgewatch.core.CubeKey;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.StatementContext;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Stage 3: turns alert transitions into stories. Each alert gets the recent statements about its
 * country, region or group (who said what, and when), and the ids of the other open alerts on
 * overlapping keys (its rollups and drill-downs: PK/Khyber Pakhtunkhwa/* is told about PK/*\/* and
 * *\/*\/TTP), so a duty officer sees one story, not ten pages. Alerts are rare and statements few,
 * so one task sees them all.
 */
public final class AlertStories {

  /** The stage's state: statements by id and the currently open alerts by id. */
  public interface Store {
    void putStatement(StatementEvent s);

    void removeStatement(String id);

    /** Every statement kept: read once, when the stage starts, to index them by day. */
    Iterable<StatementEvent> statements();

    /** The statement kept under an id (the index names only kept ones). */
    StatementEvent statement(String id);

    void putOpenAlert(SurgeAlert a);

    void removeOpenAlert(String alertId);

    Iterable<SurgeAlert> openAlerts();
  }

  /** The statements an alert carries at most: the most recent. */
  static final int MAX_STATEMENTS = 5;

  /** The related alerts an alert names at most. */
  static final int MAX_RELATED = 100;

  private final Store store;
  private final int contextDays;
  private final int retentionDays;

  /**
   * The kept statements' days and ids, in that order, mirroring the store: a statement and an alert
   * each read the few days they need, not every statement kept (read whole and decoded for each
   * statement, the stage took in 280 statements a second with 100,000 kept). Built from the store
   * on first use (the store holds what a restart restored by then), and it holds only keys, never
   * the statements themselves.
   */
  private final NavigableSet<Kept> byDay = new TreeSet<>();

  private final Map<String, Kept> keptById = new HashMap<>();

  private boolean indexed;

  private record Kept(long day, String id) implements Comparable<Kept> {
    private static final Comparator<Kept> ORDER =
        Comparator.comparingLong(Kept::day).thenComparing(Kept::id);

    @Override
    public int compareTo(final Kept other) {
      return ORDER.compare(this, other);
    }
  }

  public AlertStories(final Store store, final int contextDays, final int retentionDays) {
    this.store = store;
    this.contextDays = contextDays;
    this.retentionDays = retentionDays;
  }

  private NavigableSet<Kept> byDay() {
    if (!indexed) {
      store.statements().forEach(this::index);
      indexed = true;
    }
    return byDay;
  }

  private void index(final StatementEvent statement) {
    final Kept kept = new Kept(day(statement), statement.getId());
    final Kept was = keptById.put(kept.id(), kept);
    if (was != null) {
      byDay.remove(was);
    }
    byDay.add(kept);
  }

  /**
   * Keeps a statement while an alert could still cite it (its window reaches back that far):
   * statements made up to {@code retentionDays} before the newest one told. The horizon runs back
   * from the newest, whichever came first, so a backfilled statement older than it is not kept at
   * all, rather than kept until a newer statement comes.
   */
  public void statement(final StatementEvent statement) {
    final long newest =
        byDay().isEmpty() ? day(statement) : Math.max(day(statement), byDay.last().day());
    final long horizon = newest - retentionDays;
    if (day(statement) >= horizon) {
      store.putStatement(statement);
      index(statement);
    }
    final List<Kept> expired = new ArrayList<>(byDay.headSet(new Kept(horizon, ""), false));
    for (final Kept k : expired) {
      if (!k.id().equals(statement.getId())) { // not the one just put
        store.removeStatement(k.id());
        byDay.remove(k);
        keptById.remove(k.id());
      }
    }
  }

  private static long day(final StatementEvent statement) {
    return statement.getMadeAt().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
  }

  /** Enriches an alert transition and hands it on. */
  public void alert(final SurgeAlert alert, final BiConsumer<String, SurgeAlert> out) {
    final int day = (int) alert.getWindowEnd().toEpochDay();
    final List<StatementEvent> hits = new ArrayList<>();
    // The days matches() takes: after day - contextDays, up to the day.
    for (final Kept k :
        byDay().subSet(new Kept(day - contextDays + 1L, ""), true, new Kept(day + 1L, ""), false)) {
      final StatementEvent statement = store.statement(k.id());
      if (matches(
          statement, alert.getCountry(), alert.getRegion(), alert.getGroup(), day, contextDays)) {
        hits.add(statement);
      }
    }
    final List<SurgeAlert> overlapping = new ArrayList<>();
    for (final SurgeAlert other : store.openAlerts()) {
      if (!other.getAlertId().equals(alert.getAlertId()) && overlaps(alert, other)) {
        overlapping.add(other);
      }
    }
    final List<String> related = mostSevere(overlapping);
    final SurgeAlert enriched =
        SurgeAlert.newBuilder(alert)
            .setStatements(new ArrayList<>(select(hits)))
            .setRelatedAlertIds(new ArrayList<>(related))
            .build();
    if (alert.getStatus() == AlertStatus.OPEN || alert.getStatus() == AlertStatus.ESCALATED) {
      store.putOpenAlert(enriched);
    } else {
      store.removeOpenAlert(alert.getAlertId());
    }
    out.accept(enriched.getAlertId(), enriched);
  }

  /**
   * The ids of the {@link #MAX_RELATED} most severe of the overlapping alerts (then by id), in id
   * order: a worldwide surge's alert overlaps every open alert of its weeks, thousands in a global
   * dataset, and every transition of it is kept in the story stores.
   */
  static List<String> mostSevere(final List<SurgeAlert> overlapping) {
    return overlapping.stream()
        .sorted(
            Comparator.comparingInt((SurgeAlert a) -> -severity(a))
                .thenComparing(SurgeAlert::getAlertId))
        .limit(MAX_RELATED)
        .map(SurgeAlert::getAlertId)
        .sorted()
        .toList();
  }

  /** LOW 0 .. CRITICAL 3; UNKNOWN (a future symbol) -1. */
  private static int severity(final SurgeAlert a) {
    return a.getSeverity() == Severity.UNKNOWN ? -1 : a.getSeverity().ordinal();
  }

  /**
   * Two cube keys overlap when, in every dimension, they are equal or one of them is the * rollup.
   */
  static boolean overlaps(final SurgeAlert one, final SurgeAlert other) {
    return compatible(one.getCountry(), other.getCountry())
        && compatible(one.getRegion(), other.getRegion())
        && compatible(one.getGroup(), other.getGroup())
        && !one.getWindowStart().isAfter(other.getWindowEnd())
        && !other.getWindowStart().isAfter(one.getWindowEnd());
  }

  private static boolean compatible(final String one, final String other) {
    return one.equals(other) || CubeKey.ALL.equals(one) || CubeKey.ALL.equals(other);
  }

  static boolean matches(
      final StatementEvent statement,
      final String country,
      final String region,
      final String group,
      final int day,
      final int days) {
    final LocalDate made = statement.getMadeAt().atZone(ZoneOffset.UTC).toLocalDate();
    if (made.toEpochDay() > day || made.toEpochDay() <= day - days) {
      return false;
    }
    if (CubeKey.ALL.equals(country) && CubeKey.ALL.equals(region) && CubeKey.ALL.equals(group)) {
      return true; // a surge everywhere: every statement of the period is context
    }
    // A statement is about the alert when it names what the alert names: "*" is no match (a
    // statement about Nigeria alone says nothing of a TTP surge, though the TTP alert covers every
    // country).
    final boolean countryMatch =
        !CubeKey.ALL.equals(country) && statement.getAbout().getCountries().contains(country);
    final boolean regionMatch =
        !CubeKey.ALL.equals(region) && statement.getAbout().getRegions().contains(region);
    final boolean groupMatch =
        !CubeKey.ALL.equals(group) && statement.getAbout().getGroups().contains(group);
    return countryMatch || regionMatch || groupMatch;
  }

  /** The most recent few, newest first. */
  static List<StatementContext> select(final List<StatementEvent> hits) {
    return hits.stream()
        .sorted(
            Comparator.comparing(StatementEvent::getMadeAt)
                .reversed()
                .thenComparing(StatementEvent::getId))
        .limit(MAX_STATEMENTS)
        .map(AlertStories::context)
        .toList();
  }

  /**
   * What an alert carries of a statement: its speaker and quote as {@link Excerpt}s, so that five
   * statements of any length keep the alert (and the story stores' changelog records) small.
   */
  static StatementContext context(final StatementEvent statement) {
    final StringBuilder who = new StringBuilder(statement.getSpeaker().getName());
    if (statement.getSpeaker().getRole() != null) {
      who.append(", ").append(statement.getSpeaker().getRole());
    }
    if (statement.getSpeaker().getOrganisation() != null) {
      who.append(", ").append(statement.getSpeaker().getOrganisation());
    }
    return new StatementContext(
        statement.getId(),
        statement.getMadeAt(),
        Excerpt.speaker(who.toString()),
        statement.getKind().name(),
        Excerpt.quote(statement.getQuote()));
  }

  /** In-memory state for backtest. */
  public static final class InMemory implements Store {
    private final Map<String, StatementEvent> statements = new LinkedHashMap<>();
    private final Map<String, SurgeAlert> open = new TreeMap<>();

    @Override
    public void putStatement(final StatementEvent statement) {
      statements.put(statement.getId(), statement);
    }

    @Override
    public void removeStatement(final String id) {
      statements.remove(id);
    }

    @Override
    public Iterable<StatementEvent> statements() {
      return new ArrayList<>(statements.values());
    }

    @Override
    public StatementEvent statement(final String id) {
      return statements.get(id);
    }

    @Override
    public void putOpenAlert(final SurgeAlert alert) {
      open.put(alert.getAlertId(), alert);
    }

    @Override
    public void removeOpenAlert(final String alertId) {
      open.remove(alertId);
    }

    @Override
    public Iterable<SurgeAlert> openAlerts() {
      return new ArrayList<>(open.values());
    }
  }
}
